import type { ColumnShape, TableShape } from "../checks/table-shape.ts";

/**
 * A schema as information_schema describes it: what the data generator, the schema workload, the
 * row ledger and the hazard planner need to know about a team's own tables. Built by readSchema
 * (read-schema.ts) from a real server, never from parsing DDL: the server's reading is the truth.
 *
 * ColumnModel and TableModel extend the checker's shapes, so a model is usable wherever the checker
 * normalizes values (harness/checks/column-normalization.ts).
 */
/** dataType is information_schema's DATA_TYPE, lower case, except MariaDB's JSON alias: "json" (COLUMN_TYPE longtext). */
export interface ColumnModel extends ColumnShape {
  /** 1-based position in the table. */
  ordinal: number;
  unsigned: boolean;
  /** COLUMN_DEFAULT as the server reports it (text; null when none or NULL). */
  default: string | null;
  autoIncrement: boolean;
  /** A generated (virtual or stored) column: never written by a client. */
  generated: boolean;
  /** ON UPDATE CURRENT_TIMESTAMP: the server changes it on every update. */
  autoUpdated: boolean;
  /** Characters for string types, bytes for binary ones; null otherwise. */
  maxLength: number | null;
  /** Digits for DECIMAL and the integer types; null otherwise. */
  numericPrecision: number | null;
  /** Fractional seconds digits for DATETIME/TIME/TIMESTAMP; null otherwise. */
  datetimePrecision: number | null;
  /** The permitted values of an ENUM or SET, in order; empty for other types. */
  values: string[];
}

export interface UniqueKeyModel {
  name: string;
  columns: string[];
}

export interface ForeignKeyModel {
  name: string;
  columns: string[];
  referencedSchema: string;
  referencedTable: string;
  referencedColumns: string[];
}

export interface TableModel extends TableShape {
  columns: ColumnModel[];
  /** Unique keys other than the primary key. */
  uniqueKeys: UniqueKeyModel[];
  foreignKeys: ForeignKeyModel[];
  engine: string | null;
  /** Columns a trigger on this table sets (SET NEW.col = ...): their value is not the one written. */
  triggerSetColumns: string[];
  /** Triggers (on any table of the schema) whose body inserts, updates or deletes rows of this table. */
  writtenByTriggers: string[];
}

export interface SchemaModel {
  schema: string;
  /** Base tables, by name. */
  tables: TableModel[];
  /** View names. */
  views: string[];
  /** Trigger names. */
  triggers: string[];
  /** Stored procedure and function names. */
  routines: string[];
}

export function findTable(model: SchemaModel, table: string): TableModel | undefined {
  return model.tables.find((candidate) => candidate.table === table);
}

export function findColumn(table: TableModel, column: string): ColumnModel | undefined {
  return table.columns.find((candidate) => candidate.name === column);
}
