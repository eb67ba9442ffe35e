import * as rdsSdk from "@aws-sdk/client-rds";
import { NormalizedSchema } from "@smithy/core/schema";

/**
 * Fully populated inputs and outputs of an operation, generated from @aws-sdk/client-rds's own
 * schemas (every member, every nested list and structure). Sending them through the SDK and the
 * fake checks the hand-written wire tables against the SDK's model member by member. The SDK
 * package exports its schemas as `<Operation>$`; @smithy/core/schema is the SDK's own reader of them.
 */
export function operationSchemas(operation: string): { input: NormalizedSchema; output: NormalizedSchema } {
  const schema = (rdsSdk as unknown as Record<string, unknown>)[`${operation}$`];
  if (!Array.isArray(schema) || schema[0] !== 9) throw new Error(`@aws-sdk/client-rds exports no operation schema ${operation}$`);
  return { input: NormalizedSchema.of(schema[4]), output: NormalizedSchema.of(schema[5]) };
}

const SAMPLE_DATE = new Date(Date.UTC(2024, 4, 6, 7, 8, 9, 123));

/** A value for every member of the shape; strings carry characters that need escaping on both legs. */
export function sampleOf(schema: NormalizedSchema, path: string): unknown {
  if (schema.isStructSchema()) {
    const result: Record<string, unknown> = {};
    for (const [name, member] of schema.structIterator()) result[name] = sampleOf(member, `${path}.${name}`);
    return result;
  }
  if (schema.isListSchema()) return [sampleOf(schema.getValueSchema(), `${path}[1]`), sampleOf(schema.getValueSchema(), `${path}[2]`)];
  if (schema.isTimestampSchema()) return SAMPLE_DATE;
  if (schema.isBooleanSchema()) return path.length % 2 === 0;
  if (schema.isNumericSchema()) return path.length;
  if (schema.isStringSchema()) return `${path} é&<>"'+%/= 🐬`;
  throw new Error(`no sample for ${path}: ${String(schema.getName(true))} is neither structure, list nor scalar`);
}
