/**
 * A SQL string literal. Quotes are doubled (valid in every sql_mode) and backslashes escaped, which
 * assumes the server does not run with NO_BACKSLASH_ESCAPES (the harness never sets it). NUL is
 * escaped so that the statement text stays a valid C string in logs.
 */
export function sqlString(value: string): string {
  return `'${value.replace(/[\0'\\]/g, (c) => (c === "'" ? "''" : c === "\\" ? "\\\\" : "\\0"))}'`;
}

/** A quoted identifier (schema, table, column). */
export function sqlIdentifier(name: string): string {
  return `\`${name.replace(/`/g, "``")}\``;
}

/** A quoted schema-qualified table name: `schema`.`table`. */
export function sqlTable(schema: string, table: string): string {
  return `${sqlIdentifier(schema)}.${sqlIdentifier(table)}`;
}
