import type { RowDifference, RowDifferences, RowKey } from "./check-report.ts";
import { compareKeys, type NormalizedValue } from "./normalize-value.ts";
import type { LeafDifferences, NormalizedRow } from "./row-diff.ts";
import { sameValue } from "./row-diff.ts";
import type { Side, TablePlan } from "./table-plan.ts";

/**
 * Counts every row difference of a table and keeps the first `sampleLimit` as readable samples, so a
 * table where every row differs costs counters, not memory.
 */
export class DifferenceTally {
  private readonly result: RowDifferences = { missingOnRight: 0, extraOnRight: 0, changedRows: 0, samples: [] };

  constructor(
    private readonly plan: TablePlan,
    private readonly sampleLimit: number,
  ) {}

  /**
   * Adds one leaf's differences. Samples are kept in key order so that reports are stable from run to
   * run: leaves come in chunk order, but buckets within a chunk follow the key hash, not the key.
   */
  add(leaf: LeafDifferences): void {
    this.result.missingOnRight += leaf.missingOnRight.length;
    this.result.extraOnRight += leaf.extraOnRight.length;
    this.result.changedRows += leaf.changed.length;
    if (this.result.samples.length >= this.sampleLimit) return;
    const samples: RowDifference[] = [
      ...leaf.missingOnRight.map((row): RowDifference => ({ kind: "missing-on-right", key: this.key(row, "left"), left: this.values(row, "left") })),
      ...leaf.extraOnRight.map((row): RowDifference => ({ kind: "extra-on-right", key: this.key(row, "right"), right: this.values(row, "right") })),
      ...leaf.changed.map(({ left, right }): RowDifference => ({ kind: "changed", key: this.key(left, "left"), columns: this.changedColumns(left, right) })),
    ];
    samples.sort((a, b) => compareRowKeys(a.key, b.key));
    this.result.samples.push(...samples.slice(0, this.sampleLimit - this.result.samples.length));
    this.result.samples.sort((a, b) => compareRowKeys(a.key, b.key));
  }

  get differences(): RowDifferences {
    return this.result;
  }

  get total(): number {
    return this.result.missingOnRight + this.result.extraOnRight + this.result.changedRows;
  }

  private key(row: NormalizedRow, side: Side): RowKey {
    return Object.fromEntries(this.plan.keyIndexes.map((i) => [this.plan.columns[i]!.name, this.display(row, i, side)]));
  }

  private values(row: NormalizedRow, side: Side): Record<string, NormalizedValue> {
    return Object.fromEntries(this.plan.columns.map((column, i) => [column.name, this.display(row, i, side)]));
  }

  private changedColumns(left: NormalizedRow, right: NormalizedRow) {
    return this.plan.columns.flatMap((column, i) =>
      sameValue(left[i] ?? null, right[i] ?? null) ? [] : [{ column: column.name, left: this.display(left, i, "left"), right: this.display(right, i, "right") }],
    );
  }

  private display(row: NormalizedRow, index: number, side: Side): NormalizedValue {
    return displayValue(row[index] ?? null, this.plan.columns[index]![side].display);
  }
}

/** How a person reads a normalized value: text as text, bytes as 0x-hex (as normalizeValue shows a Buffer). */
export function displayValue(value: Buffer | null, display: "text" | "hex"): NormalizedValue {
  if (value === null) return null;
  return display === "hex" ? `0x${value.toString("hex")}` : value.toString("utf8");
}

function compareRowKeys(a: RowKey, b: RowKey): number {
  const left = Object.values(a);
  const right = Object.values(b);
  for (let i = 0; i < left.length; i++) {
    const order = compareKeys(left[i] ?? null, right[i] ?? null);
    if (order !== 0) return order;
  }
  return 0;
}
