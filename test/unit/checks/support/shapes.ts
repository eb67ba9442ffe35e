import type { ColumnShape, TableShape } from "../../../../harness/checks/table-shape.ts";

/** A column as information_schema would describe it, from a MySQL 8.0.19+ COLUMN_TYPE. */
export function column(name: string, columnType: string, options: Partial<ColumnShape> = {}): ColumnShape {
  const dataType = columnType.split(/[ (]/)[0]!;
  const text = /char|text|enum|set/.test(dataType);
  const scale = /^decimal\(\d+,(\d+)\)/.exec(columnType);
  return {
    name,
    dataType,
    columnType,
    nullable: false,
    characterSet: text ? "utf8mb4" : null,
    collation: text ? "utf8mb4_0900_ai_ci" : null,
    numericScale: dataType === "decimal" ? Number(scale?.[1] ?? 0) : null,
    ...options,
  };
}

export function table(name: string, columns: ColumnShape[], primaryKey: string[] = ["id"]): TableShape {
  return { schema: "app", table: name, columns, primaryKey };
}
