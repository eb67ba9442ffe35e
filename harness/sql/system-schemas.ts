/** Schemas of the server itself: never part of a deployment's data. */
export const SYSTEM_SCHEMAS = ["mysql", "sys", "information_schema", "performance_schema"] as const;

/** `TABLE_SCHEMA NOT IN (...)` with its parameters: the user's schemas only. */
export function userSchemasFilter(): { where: string; params: string[] } {
  return { where: `TABLE_SCHEMA NOT IN (${SYSTEM_SCHEMAS.map(() => "?").join(", ")})`, params: [...SYSTEM_SCHEMAS] };
}
