import { changedRanges, describeRange } from "../conversion/changed-ranges.ts";
import { integerConversion, parseTypeConversions, type TypeConversions } from "../conversion/integer-conversion.ts";
import { integerTypeSql, parseIntegerType, type IntegerType } from "../conversion/integer-type.ts";
import type { ColumnModel, SchemaModel, TableModel } from "../schema/schema-model.ts";

export interface PlanInput {
  blue: SchemaModel;
  green: SchemaModel;
  /** Green's replica_type_conversions (applies forward: blue -> green). */
  greenConversions: string;
  /** Old blue's replica_type_conversions (applies back: new primary -> old blue, in a rollback). */
  blueConversions: string;
  binlogFormat?: string;
  /** binlog retention hours on the new primary (undefined/NULL: Aurora's default, purged as soon as possible). */
  binlogRetentionHours?: number;
  rollbackWindowHours?: number;
  /** Reverse replication set up with GTID auto-position (default: assumed possible, warned about). */
  gtidMode?: boolean;
  /** Green read-only until switchover (RDS's default: true). */
  greenReadOnly?: boolean;
}

export type HazardSeverity = "data-change" | "replication-stop" | "collision" | "warning";

export interface Hazard {
  id: string;
  severity: HazardSeverity;
  tables: string[];
  /** "table.column". */
  columns: string[];
  direction?: "forward" | "back";
  /** The step of the change or the rollback where it bites. */
  step: string;
  detail: string;
  fix: string;
  /** Source values that change, as exact ranges with what they arrive as. */
  ranges?: string[];
}

/** What replication does to one changed column's values in one direction. */
export interface DirectionPrediction {
  from: string;
  to: string;
  conversions: string;
  outcome: "intact" | "changes-values" | "stops" | "not-modelled";
  ranges: string[];
}

export interface ChangedColumn {
  table: string;
  column: string;
  blueType: string;
  greenType: string;
  /** In the primary key or a unique key (on either side). */
  inKey: boolean;
  forward: DirectionPrediction;
  back: DirectionPrediction;
}

export interface Plan {
  changedColumns: ChangedColumn[];
  hazards: Hazard[];
}

const FORWARD_STEP = "green replicating from blue (from the green ALTERs until switchover)";
const BACK_STEP = "rollback: reverse replication from the new primary into old blue";

/**
 * Predicts, before anything runs, what a blue/green change does to a team's data: for every column
 * whose type differs between blue and green, what row-based replication does to its values forward
 * (blue -> green under green's replica_type_conversions) and back (new primary -> old blue in a
 * rollback, under old blue's), from the conversion model (harness/conversion): values changed
 * silently as exact ranges, a conversion the applier refuses (13146), keys that collide once clipped
 * (1062). Then the hazards the seeds and the reference name around it: GTID auto-position replaying
 * green's DDL, foreign keys across changed columns, binlog retention, binlog format, writes on
 * green, tables without a primary key.
 */
export function planHazards(input: PlanInput): Plan {
  const greenConversions = parseTypeConversions(input.greenConversions);
  const blueConversions = parseTypeConversions(input.blueConversions);
  const changedColumns: ChangedColumn[] = [];
  const hazards: Hazard[] = [];
  for (const blueTable of input.blue.tables) {
    const greenTable = input.green.tables.find((t) => t.table === blueTable.table);
    if (!greenTable) {
      hazards.push({
        id: `table-only-on-blue:${blueTable.table}`,
        severity: "replication-stop",
        tables: [blueTable.table],
        columns: [],
        step: FORWARD_STEP,
        detail: `${blueTable.table} exists on blue but not on green: the first write to it on blue stops green's applier (1146)`,
        fix: `keep ${blueTable.table} on green, or stop writing it before the change`,
      });
      continue;
    }
    for (const blueColumn of blueTable.columns) {
      const greenColumn = greenTable.columns.find((c) => c.name === blueColumn.name);
      if (!greenColumn) {
        hazards.push({
          id: `column-only-on-blue:${blueTable.table}.${blueColumn.name}`,
          severity: "warning",
          tables: [blueTable.table],
          columns: [`${blueTable.table}.${blueColumn.name}`],
          step: FORWARD_STEP,
          detail: `${blueTable.table}.${blueColumn.name} exists on blue but not on green: row events match columns by position, so a dropped column that is not the last one shifts every column after it`,
          fix: "drop columns only after the switchover (and the rollback window), or only the last column of the table",
        });
        continue;
      }
      if (blueColumn.columnType === greenColumn.columnType) continue;
      const inKey = isKeyColumn(blueTable, blueColumn.name) || isKeyColumn(greenTable, greenColumn.name);
      const changed: ChangedColumn = {
        table: blueTable.table,
        column: blueColumn.name,
        blueType: blueColumn.columnType,
        greenType: greenColumn.columnType,
        inKey,
        forward: predict(blueColumn, greenColumn, greenConversions, input.greenConversions),
        back: predict(greenColumn, blueColumn, blueConversions, input.blueConversions),
      };
      changedColumns.push(changed);
      hazards.push(...columnHazards(changed, "forward"), ...columnHazards(changed, "back"));
    }
  }
  hazards.push(...foreignKeyHazards(input, changedColumns), ...settingHazards(input, changedColumns), ...primaryKeyHazards(input.blue));
  return { changedColumns, hazards };
}

function isKeyColumn(table: TableModel, column: string): boolean {
  return table.primaryKey.includes(column) || table.uniqueKeys.some((key) => key.columns.includes(column));
}

function integerOf(column: ColumnModel): IntegerType | undefined {
  try {
    return parseIntegerType(column.columnType);
  } catch {
    return undefined;
  }
}

function predict(source: ColumnModel, replica: ColumnModel, conversions: TypeConversions, conversionsText: string): DirectionPrediction {
  const base = { from: source.columnType, to: replica.columnType, conversions: conversionsText || "(none)" };
  const [from, to] = [integerOf(source), integerOf(replica)];
  if (from && to) {
    const conversion = integerConversion(from, to, conversions);
    if (conversion.kind === "refused") return { ...base, outcome: "stops", ranges: [] };
    const ranges = changedRanges(from, to, conversions).map(describeRange);
    return { ...base, outcome: ranges.length > 0 ? "changes-values" : "intact", ranges };
  }
  // Outside the integer model: the applier still needs a flag for any type difference.
  if (!conversions.has("ALL_NON_LOSSY") && !conversions.has("ALL_LOSSY")) return { ...base, outcome: "stops", ranges: [] };
  return { ...base, outcome: "not-modelled", ranges: [] };
}

function columnHazards(changed: ChangedColumn, direction: "forward" | "back"): Hazard[] {
  const prediction = changed[direction];
  const name = `${changed.table}.${changed.column}`;
  const step = direction === "forward" ? FORWARD_STEP : BACK_STEP;
  const where = direction === "forward" ? "green" : "old blue";
  const common = { tables: [changed.table], columns: [name], direction, step };
  const hazards: Hazard[] = [];
  const [from, to] = [parseOrUndefined(prediction.from), parseOrUndefined(prediction.to)];
  if (prediction.outcome === "stops") {
    let needs = "ALL_NON_LOSSY or ALL_LOSSY";
    if (from && to) {
      const conversion = integerConversion(from, to, new Set());
      if (conversion.kind === "refused") needs = conversion.needs;
    }
    hazards.push({
      ...common,
      id: `${direction}-stops:${name}`,
      severity: "replication-stop",
      detail: `${prediction.from} -> ${prediction.to} under replica_type_conversions=${prediction.conversions}: ${where}'s applier stops on the first row event for ${changed.table} (13146, conversion failed)`,
      fix:
        direction === "forward"
          ? `set green's replica_type_conversions to include ${needs} before the ALTERs (seed 001 sets ALL_NON_LOSSY)`
          : `before reverse replication, widen old blue's ${name} to ${changed.greenType} (with sql_log_bin=0), or replicate into a fresh cluster of green's schema; ${needs} instead would ${needs === "ALL_LOSSY" ? "clip values silently" : "let it run"}`,
    });
  } else if (prediction.outcome === "changes-values") {
    hazards.push({
      ...common,
      id: `${direction}-values:${name}`,
      severity: "data-change",
      detail: `${prediction.from} -> ${prediction.to} under replica_type_conversions=${prediction.conversions}: replication stays healthy while these values arrive changed on ${where}`,
      fix:
        direction === "forward"
          ? signednessFix(prediction) ?? `give green's column a type that holds every blue value (${prediction.from} fits in a wider type of the same signedness)`
          : `widen old blue's ${name} to ${changed.greenType} before reverse replication, so that no value is clipped`,
      ranges: prediction.ranges,
    });
    if (changed.inKey && prediction.ranges.some((range) => range.includes("clipped"))) {
      hazards.push({
        ...common,
        id: `${direction}-collision:${name}`,
        severity: "collision",
        detail: `${name} is in a primary or unique key: clipped values collapse onto the type's bound, so the second such row (or one already holding the bound) stops ${where}'s applier with 1062 (duplicate entry)`,
        fix: `widen ${where}'s ${name} before replicating into it`,
        ranges: prediction.ranges.filter((range) => range.includes("clipped")),
      });
    }
  } else if (prediction.outcome === "not-modelled") {
    hazards.push({
      ...common,
      id: `${direction}-not-modelled:${name}`,
      severity: "warning",
      detail: `${prediction.from} -> ${prediction.to}: the conversion model covers integer types only; values may be truncated or rounded on ${where}`,
      fix: "rehearse it with edge values (bgh rehearse with generated data) and compare the tables after",
    });
  }
  return hazards;
}

function parseOrUndefined(type: string): IntegerType | undefined {
  try {
    return parseIntegerType(type);
  } catch {
    return undefined;
  }
}

function signednessFix(prediction: DirectionPrediction): string | undefined {
  const [from, to] = [parseOrUndefined(prediction.from), parseOrUndefined(prediction.to)];
  if (!from || !to || !prediction.ranges.some((r) => r.includes("signedness"))) return undefined;
  if (from.unsigned) {
    return `add ALL_UNSIGNED to green's replica_type_conversions (ALL_NON_LOSSY,ALL_UNSIGNED): the row event carries no signedness, so the applier reads ${integerTypeSql(from)} values as signed (bug #82599) whatever green's column is; it then applies to every converted column, so convert signed columns in another change`;
  }
  return `keep the signedness of ${prediction.from} on green (the applier reads converted values as ${to.unsigned ? "unsigned" : "signed"})`;
}

function foreignKeyHazards(input: PlanInput, changed: ChangedColumn[]): Hazard[] {
  const hazards: Hazard[] = [];
  const isChanged = (table: string, column: string) => changed.some((c) => c.table === table && c.column === column);
  for (const table of input.blue.tables) {
    for (const fk of table.foreignKeys) {
      const touched = fk.columns.some((c) => isChanged(table.table, c)) || fk.referencedColumns.some((c) => isChanged(fk.referencedTable, c));
      if (!touched) continue;
      const columns = [...fk.columns.map((c) => `${table.table}.${c}`), ...fk.referencedColumns.map((c) => `${fk.referencedTable}.${c}`)];
      const greenTable = input.green.tables.find((t) => t.table === table.table);
      const greenFk = greenTable?.foreignKeys.find((k) => k.name === fk.name) ?? greenTable?.foreignKeys.find((k) => k.columns.join() === fk.columns.join());
      const typeOn = (model: SchemaModel, t: string, c: string) => model.tables.find((x) => x.table === t)?.columns.find((x) => x.name === c)?.columnType;
      const mismatched = fk.columns.some((c, i) => typeOn(input.green, table.table, c) !== typeOn(input.green, fk.referencedTable, fk.referencedColumns[i]!));
      hazards.push({
        id: `foreign-key:${table.table}.${fk.name}`,
        severity: "warning",
        tables: [...new Set([table.table, fk.referencedTable])],
        columns,
        step: "applying green's ALTERs, and widening old blue in a rollback",
        detail: `foreign key ${fk.name} (${columns.join(" -> ")}) crosses a changed column: MySQL refuses to change one side's type while the key exists (3780), so the ALTERs must drop it, change both sides, and add it back (seed 001 does)${
          greenFk ? "" : "; green no longer has this foreign key"
        }${mismatched ? "; on green the two sides' types differ" : ""}`,
        fix: `change ${columns.join(" and ")} together: DROP FOREIGN KEY ${fk.name}, MODIFY both columns, ADD the key back; do the same on old blue before a rollback`,
      });
    }
  }
  return hazards;
}

function settingHazards(input: PlanInput, changed: ChangedColumn[]): Hazard[] {
  const hazards: Hazard[] = [];
  const changedTables = [...new Set(changed.map((c) => c.table))];
  if (changed.length > 0 && input.gtidMode !== false) {
    hazards.push({
      id: "gtid-auto-position-replays-ddl",
      severity: "data-change",
      tables: changedTables,
      columns: changed.map((c) => `${c.table}.${c.column}`),
      direction: "back",
      step: "rollback: reverse replication set up with GTID auto-position (rds_set_external_master_with_auto_position)",
      detail: `old blue lacks the GTIDs of green's ALTERs, so auto-position fetches and replays them: old blue's ${changed.map((c) => `${c.table}.${c.column}`).join(", ")} silently become ${[...new Set(changed.map((c) => c.greenType))].join("/")}`,
      fix: "set up reverse replication from the switchover event's binlog file and position (rds_set_external_master), as seed 000's strategy 2 does, not with auto-position",
    });
  }
  const window = input.rollbackWindowHours;
  const retention = input.binlogRetentionHours;
  if (window !== undefined && (retention === undefined || retention === null || retention < window)) {
    hazards.push({
      id: "binlog-retention-shorter-than-rollback-window",
      severity: "replication-stop",
      tables: [],
      columns: [],
      direction: "back",
      step: "rollback: reverse replication started late in the rollback window",
      detail: `binlog retention is ${retention === undefined || retention === null ? "NULL (Aurora purges binary logs as soon as no replica needs them)" : `${retention} h`}, shorter than the ${window} h rollback window: once the logs after the switchover coordinates are purged, reverse replication stops with 1236 (13114)`,
      fix: `CALL mysql.rds_set_configuration('binlog retention hours', ${Math.ceil(window)}) on the new primary before switchover (RDS MySQL allows up to 168, Aurora 2160)`,
    });
  }
  if (input.binlogFormat !== undefined && input.binlogFormat.toUpperCase() !== "ROW") {
    hazards.push({
      id: "binlog-format-not-row",
      severity: "replication-stop",
      tables: [],
      columns: [],
      step: "creating the blue/green deployment",
      detail: `binlog_format is ${input.binlogFormat}: RDS refuses to create a blue/green deployment without row-based logging, and replica_type_conversions applies to row events only`,
      fix: "set binlog_format=ROW in blue's cluster parameter group and reboot the writer (seed 004)",
    });
  }
  if (input.greenReadOnly === false) {
    hazards.push({
      id: "writes-allowed-on-green",
      severity: "collision",
      tables: [],
      columns: [],
      direction: "forward",
      step: "between creating green and switchover",
      detail: "green accepts writes: a row written on green collides with blue's row of the same key (1062) and stops green's applier, or silently diverges from blue",
      fix: "keep read_only=1 on green (RDS's default) until switchover; make schema changes with sql_log_bin=0 or under rds_stop_replication only",
    });
  }
  return hazards;
}

function primaryKeyHazards(blue: SchemaModel): Hazard[] {
  return blue.tables
    .filter((table) => table.primaryKey.length === 0)
    .map((table) => ({
      id: `no-primary-key:${table.table}`,
      severity: "warning" as const,
      tables: [table.table],
      columns: [],
      step: "green replicating from blue, and verifying the data after",
      detail: `${table.table} has no primary key: each row event is applied by scanning the table (lag that can block the switchover), and neither the ledger nor a keyed comparison can name a lost or changed row`,
      fix: `add a primary key to ${table.table} (an invisible auto-increment column if the application must not see it)`,
    }));
}
