/**
 * What a ledger expects of each key after a run: one state (a value, or absent), plus the states a
 * write whose acknowledgement was lost may have left instead. The rule both ledgers share (the
 * single-table WriteLedger and the any-schema RowLedger): an acknowledged write settles the key;
 * a write in doubt adds an accepted alternative; nothing else is accepted. States are opaque text
 * (a value, or a whole row image), compared for equality.
 */
export interface KeyFinding {
  key: string;
  expected: string | null;
  actual: string | null;
}

export interface KeyJudgement {
  keys: number;
  lost: number;
  changed: number;
  unexpected: number;
  inDoubt: number;
  samples: { lost: KeyFinding[]; changed: KeyFinding[]; unexpected: KeyFinding[] };
}

interface Expectation {
  /** null: the key must not exist. */
  state: string | null;
  /** States a write in doubt may have left (null = deleted); absent until one is in doubt. */
  inDoubt?: Array<string | null>;
}

export class KeyedExpectations {
  private readonly keys = new Map<string, Expectation>();

  acknowledged(key: string, state: string | null): void {
    this.keys.set(key, { state });
  }

  unknownOutcome(key: string, attempted: string | null): void {
    const current = this.keys.get(key) ?? { state: null };
    (current.inDoubt ??= []).push(attempted);
    this.keys.set(key, current);
  }

  get size(): number {
    return this.keys.size;
  }

  /** Holds what a server has (key -> state; consumed) against the expectations. */
  judge(actual: Map<string, string | null>, sampleLimit: number): KeyJudgement {
    const result: KeyJudgement = { keys: this.keys.size, lost: 0, changed: 0, unexpected: 0, inDoubt: 0, samples: { lost: [], changed: [], unexpected: [] } };
    const push = (list: KeyFinding[], finding: KeyFinding) => list.length < sampleLimit && list.push(finding);
    for (const [key, expectation] of this.keys) {
      const present = actual.has(key);
      const found = present ? actual.get(key)! : null;
      actual.delete(key);
      const matches = (candidate: string | null) => (candidate === null ? !present : present && found === candidate);
      if (matches(expectation.state)) continue;
      if (expectation.inDoubt?.some(matches)) {
        result.inDoubt++;
        continue;
      }
      if (expectation.state !== null && !present) {
        result.lost++;
        push(result.samples.lost, { key, expected: expectation.state, actual: null });
      } else {
        result.changed++;
        push(result.samples.changed, { key, expected: expectation.state, actual: present ? found : null });
      }
    }
    for (const [key, state] of actual) {
      result.unexpected++;
      push(result.samples.unexpected, { key, expected: null, actual: state });
    }
    return result;
  }
}
