import { missingParameter } from "./query-faults.ts";
import { memberShape, type Shape, type StructureShape } from "./shape.ts";

/**
 * Refuses SDK-shaped input that lacks a member the model marks required, at any depth, naming it
 * as it would appear on the wire ("Filters.Filter.2.Values"). The JS SDK sends whatever it is
 * given, so RDS is what answers MissingParameter; both ways in (HTTP and the in-process mock) check.
 */
export function checkRequiredMembers(shape: StructureShape, input: Record<string, unknown>, prefix = ""): void {
  for (const name of shape.required) {
    if (input[name] === undefined || input[name] === null) throw missingParameter(prefix + name);
  }
  for (const [name, value] of Object.entries(input)) {
    const member = memberShape(shape, name);
    if (member !== undefined) checkValue(member, value, prefix + name);
  }
}

function checkValue(shape: Shape, value: unknown, parameter: string): void {
  if (shape.kind === "structure" && isRecord(value)) {
    checkRequiredMembers(shape, value, `${parameter}.`);
  } else if (shape.kind === "list" && Array.isArray(value)) {
    value.forEach((element, index) => checkValue(shape.member, element, `${parameter}.${shape.memberName}.${index + 1}`));
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
