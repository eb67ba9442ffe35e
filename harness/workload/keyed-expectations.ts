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
  /**
   * Which judgement last saw the key on the server: +id when it held exactly `state`, -id when it held
   * something else (kept in that judgement's `differing`), anything else when it was not seen.
   */
  seenIn: number;
}

/** Judgements are numbered so that marks left on expectations by an earlier one never count in a later one. */
let judgements = 0;

export class KeyedExpectations {
  private readonly keys = new Map<string, Expectation>();
  /** The judgement under way, if any: judgements mark the expectations, so only one may be open. */
  private open?: RowJudgement;

  acknowledged(key: string, state: string | null): void {
    this.open?.disturbed(key);
    const current = this.keys.get(key);
    if (current) {
      // Settled: earlier writes in doubt no longer count (the acknowledged write came after them).
      current.state = state;
      current.inDoubt = undefined;
    } else {
      this.keys.set(key, { state, inDoubt: undefined, seenIn: 0 });
    }
  }

  unknownOutcome(key: string, attempted: string | null): void {
    this.open?.disturbed(key);
    let current = this.keys.get(key);
    if (!current) {
      current = { state: null, inDoubt: undefined, seenIn: 0 };
      this.keys.set(key, current);
    }
    (current.inDoubt ??= []).push(attempted);
  }

  get size(): number {
    return this.keys.size;
  }

  /**
   * Starts holding a server's rows against the expectations, one row at a time, as they are read: the
   * rows need not be kept. Rows may arrive in any order; a key read twice counts by its last state.
   */
  startJudgement(): RowJudgement {
    if (this.open && !this.open.closed) throw new Error("a judgement of this ledger's rows is under way: finish or abandon it before starting another (verify one server at a time)");
    this.open = new RowJudgement(this.keys, ++judgements);
    return this.open;
  }

  /** Holds what a server has (key -> state; consumed) against the expectations. */
  judge(actual: Map<string, string | null>, sampleLimit: number): KeyJudgement {
    const judgement = this.startJudgement();
    for (const [key, state] of actual) judgement.row(key, state);
    actual.clear();
    return judgement.finish(sampleLimit);
  }
}

/** One pass over a server's rows (see KeyedExpectations.startJudgement). */
export class RowJudgement {
  /** States of expected keys that differ from what they must be (usually none). */
  private readonly differing = new Map<string, string | null>();
  /** Rows no expectation names, in the order read. */
  private readonly unexpected = new Map<string, string | null>();
  private finished = false;
  /** A key written while this judgement was under way: its verdict could not be trusted. */
  private disturbedBy?: string;

  constructor(
    private readonly keys: Map<string, Expectation>,
    private readonly id: number,
  ) {}

  /** A row the server has: its key and state. */
  row(key: string, state: string | null): void {
    const expectation = this.keys.get(key);
    if (!expectation) {
      this.unexpected.set(key, state);
      return;
    }
    if (expectation.state !== null && expectation.state === state) {
      // A key read before with another state (read twice) no longer differs: the last state counts.
      if (expectation.seenIn === -this.id) this.differing.delete(key);
      expectation.seenIn = this.id;
    } else {
      expectation.seenIn = -this.id;
      this.differing.set(key, state);
    }
  }

  /** Finished or abandoned: another judgement may start. */
  get closed(): boolean {
    return this.finished;
  }

  /** Given up (the server could not be read to the end): no verdict; another judgement may start. */
  abandon(): void {
    this.finished = true;
  }

  /** Told by the expectations that a write was recorded while this judgement is under way. */
  disturbed(key: string): void {
    if (!this.finished) this.disturbedBy ??= key;
  }

  /** The verdict: every expectation against what was read (absent when never read). */
  finish(sampleLimit: number): KeyJudgement {
    if (this.finished) throw new Error("a judgement of a ledger's rows can be finished once");
    this.finished = true;
    if (this.disturbedBy !== undefined) {
      throw new Error(`a write (key ${this.disturbedBy}) was recorded while the server's rows were being judged, so the verdict would not hold: verify once the workload has stopped`);
    }
    const result: KeyJudgement = { keys: this.keys.size, lost: 0, changed: 0, unexpected: 0, inDoubt: 0, samples: { lost: [], changed: [], unexpected: [] } };
    const push = (list: KeyFinding[], finding: KeyFinding) => list.length < sampleLimit && list.push(finding);
    for (const [key, expectation] of this.keys) {
      if (expectation.seenIn === this.id) continue;
      const present = expectation.seenIn === -this.id;
      const found = present ? this.differing.get(key)! : null;
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
    for (const [key, state] of this.unexpected) {
      result.unexpected++;
      push(result.samples.unexpected, { key, expected: null, actual: state });
    }
    return result;
  }
}
