import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";

/** Where the rehearsal file's JSON Schema is published in the package (editors point `$schema` at it). */
export const REHEARSAL_SCHEMA_PATH = fileURLToPath(new URL("../../schema/rehearsal.schema.json", import.meta.url));

let compiled: ValidateFunction | undefined;

/**
 * The published JSON Schema, compiled once with ajv: every error at once (allErrors), with the
 * schema that failed (verbose) so that a message can list the keys or values that would be valid.
 */
export function validateAgainstSchema(data: unknown): ErrorObject[] {
  compiled ??= new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true, strictRequired: false }).compile(JSON.parse(readFileSync(REHEARSAL_SCHEMA_PATH, "utf8")));
  return compiled(data) ? [] : [...(compiled.errors ?? [])];
}
