import { replicatedValue, type ConversionFlag, type TypeConversions } from "../../harness/conversion/integer-conversion.ts";
import type { IntegerType } from "../../harness/conversion/integer-type.ts";

/** One row of a table with an integer key and an integer value, as written on the source. */
export interface KeyValueRow {
  key: bigint;
  value: bigint;
}

/** The key's and the value's column types on the source and on the replica. */
export interface KeyValueTypes {
  key: { source: IntegerType; replica: IntegerType };
  value: { source: IntegerType; replica: IntegerType };
}

export type RowLanding =
  | { row: KeyValueRow; outcome: "intact" }
  /** Stored, but with the key or the value (or both) clipped or reinterpreted. */
  | { row: KeyValueRow; outcome: "changed"; landed: KeyValueRow }
  /** The row's key, as converted, is already on the replica: the applier stops (1062). */
  | { row: KeyValueRow; outcome: "duplicate-key"; landed: KeyValueRow }
  /** A column's type difference needs a replica_type_conversions flag that is not set: the applier stops. */
  | { row: KeyValueRow; outcome: "conversion-error"; column: "key" | "value"; needs: ConversionFlag };

export interface ReplayPrediction {
  /** The rows the replica stores, in order (intact or changed). */
  applied: RowLanding[];
  /** The row the applier stops on, when it stops. */
  stoppedOn?: RowLanding;
  /** The replica's keys afterwards. */
  keys: Set<bigint>;
}

/**
 * What row-based replication of single-row inserts (one transaction each) does on a replica whose
 * integer columns may differ from the source's: the applier refuses on types before any value is
 * looked at, converted values are clipped to the replica's range without an error, and a key that
 * clips onto one the replica already holds stops it with a duplicate key. Rows after a stop are not
 * applied. `presentKeys` are the replica's keys before the replay.
 */
export function predictReplay(rows: readonly KeyValueRow[], types: KeyValueTypes, conversions: TypeConversions, presentKeys: Iterable<bigint>): ReplayPrediction {
  const keys = new Set(presentKeys);
  const applied: RowLanding[] = [];
  for (const row of rows) {
    const key = replicatedValue(types.key.source, types.key.replica, conversions, row.key);
    if (key.outcome === "conversion-error") return { applied, stoppedOn: { row, outcome: "conversion-error", column: "key", needs: key.needs }, keys };
    const value = replicatedValue(types.value.source, types.value.replica, conversions, row.value);
    if (value.outcome === "conversion-error") return { applied, stoppedOn: { row, outcome: "conversion-error", column: "value", needs: value.needs }, keys };
    const landed = { key: key.value, value: value.value };
    if (keys.has(landed.key)) return { applied, stoppedOn: { row, outcome: "duplicate-key", landed }, keys };
    keys.add(landed.key);
    applied.push(landed.key === row.key && landed.value === row.value ? { row, outcome: "intact" } : { row, outcome: "changed", landed });
  }
  return { applied, keys };
}
