import { HarnessError } from "../errors/harness-error.ts";
import type { SchemaModel, TableModel } from "../schema/schema-model.ts";

/**
 * The tables in an order where every table comes after the tables its foreign keys reference (within
 * the schema; a self-reference does not count). Tables outside `only` are left out but still order the
 * rest. A cycle of foreign keys has no such order: an error naming its tables.
 */
export function insertionOrder(model: SchemaModel, only?: string[]): TableModel[] {
  const parentsOf = (table: TableModel) =>
    new Set(table.foreignKeys.filter((fk) => fk.referencedSchema === model.schema && fk.referencedTable !== table.table).map((fk) => fk.referencedTable));
  const placed = new Set<string>();
  const order: TableModel[] = [];
  let remaining = [...model.tables];
  while (remaining.length > 0) {
    const ready = remaining.filter((table) => [...parentsOf(table)].every((parent) => placed.has(parent) || !model.tables.some((t) => t.table === parent)));
    if (ready.length === 0) {
      throw new HarnessError({
        what: `ordering the tables of ${model.schema} parents first`,
        cause: `their foreign keys form a cycle: ${remaining.map((t) => t.table).join(", ")}`,
        fix: "load these tables' data from your own SQL file (with FOREIGN_KEY_CHECKS=0), or leave them out of the generated tables",
      });
    }
    for (const table of ready) {
      placed.add(table.table);
      order.push(table);
    }
    remaining = remaining.filter((table) => !placed.has(table.table));
  }
  return only ? order.filter((table) => only.includes(table.table)) : order;
}
