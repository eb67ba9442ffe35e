import { rangeOf, widthBits, type IntegerType } from "./integer-type.ts";
import { replicatedValue, type TypeConversions } from "./integer-conversion.ts";

/** Source values [from, to] that arrive on the replica as [arriveFrom, arriveTo] (one value when clipped). */
export interface ChangedRange {
  from: bigint;
  to: bigint;
  arriveFrom: bigint;
  arriveTo: bigint;
  because: Array<"signedness" | "clipped">;
}

/**
 * Every value of the source column's domain that replication changes, as exact ranges, from the
 * conversion model (replicatedValue). Between the breakpoints (0, the sign bit, the replica's bounds
 * and their two's-complement twins) the model's outcome is linear, so evaluating each segment at its
 * ends is exact. Empty when the conversion is refused (the applier stops instead) or keeps every value.
 */
export function changedRanges(source: IntegerType, replica: IntegerType, conversions: TypeConversions): ChangedRange[] {
  const { min, max } = rangeOf(source);
  const bits = widthBits(source);
  const wrap = 1n << bits;
  const half = 1n << (bits - 1n);
  const target = rangeOf(replica);
  const bounds = [target.min - 1n, target.min, target.max, target.max + 1n];
  const points = [min, max, -1n, 0n, half - 1n, half, ...bounds, ...bounds.map((b) => b + wrap), ...bounds.map((b) => b - wrap)];
  const sorted = [...new Set(points.filter((p) => p >= min && p <= max))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const segments: Array<[bigint, bigint]> = [];
  sorted.forEach((point, i) => {
    segments.push([point, point]);
    const next = sorted[i + 1];
    if (next !== undefined && next - point > 1n) segments.push([point + 1n, next - 1n]);
  });
  const ranges: ChangedRange[] = [];
  for (const [lo, hi] of segments) {
    const first = replicatedValue(source, replica, conversions, lo);
    if (first.outcome !== "changed") continue;
    const last = replicatedValue(source, replica, conversions, hi);
    if (last.outcome !== "changed") continue;
    const range: ChangedRange = { from: lo, to: hi, arriveFrom: first.value, arriveTo: last.value, because: first.because };
    const previous = ranges.at(-1);
    const sameKind = previous && previous.because.join() === range.because.join() && previous.to + 1n === range.from;
    const continues = previous && (range.arriveFrom === previous.arriveTo + 1n || (range.arriveFrom === previous.arriveTo && range.arriveTo === range.arriveFrom && previous.arriveFrom === previous.arriveTo));
    if (sameKind && continues) {
      previous.to = range.to;
      previous.arriveTo = range.arriveTo;
    } else {
      ranges.push(range);
    }
  }
  return ranges;
}

/** "2147483648..4294967295 arrive as -2147483648..-1 (signedness)". */
export function describeRange(range: ChangedRange): string {
  const values = range.from === range.to ? `${range.from}` : `${range.from}..${range.to}`;
  const arrive = range.arriveFrom === range.arriveTo ? `${range.arriveFrom}` : `${range.arriveFrom}..${range.arriveTo}`;
  return `${values} arrive as ${arrive} (${range.because.join(", ")})`;
}
