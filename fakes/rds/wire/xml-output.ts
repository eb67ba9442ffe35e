import { memberShape, type Shape, type StructureShape } from "./shape.ts";
import { escapeXmlText } from "./xml-escaping.ts";

// Member names the model invents must still be XML element names.
const ELEMENT_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * The members of an SDK-shaped output object as Query-protocol XML elements, appended to `out`.
 * The shape names the lists' elements; everything else is written from its JavaScript value.
 * Members that are undefined or null are left out, as the SDK leaves them out of its results;
 * members starting with `$` ($metadata) are the SDK's bookkeeping, not data. A value the XML cannot
 * represent (a NaN, an invalid Date, a function) throws: that is a bug in the model, reported as one.
 */
export function writeMembers(shape: StructureShape | undefined, value: Record<string, unknown>, out: string[], path = ""): void {
  for (const [name, member] of Object.entries(value)) {
    if (member === undefined || member === null || name.startsWith("$")) continue;
    if (!ELEMENT_NAME.test(name)) throw new Error(`output member ${path}${JSON.stringify(name)} is not a valid XML element name`);
    writeElement(name, shape === undefined ? undefined : memberShape(shape, name), member, out, path + name);
  }
}

function writeElement(name: string, shape: Shape | undefined, value: unknown, out: string[], path: string): void {
  if (Array.isArray(value)) {
    if (shape !== undefined && shape.kind !== "list") throw new Error(`output member ${path} is an array, but the model says ${shape.kind}`);
    writeList(name, shape?.kind === "list" ? shape.member : undefined, shape?.kind === "list" ? shape.memberName : "member", value, out, path);
    return;
  }
  if (shape?.kind === "list") throw new Error(`output member ${path} should be an array`);
  out.push(`<${name}>`, scalarOrStructure(shape, value, path), `</${name}>`);
}

function writeList(name: string, member: Shape | undefined, memberName: string, values: unknown[], out: string[], path: string): void {
  if (values.length === 0) {
    out.push(`<${name}/>`);
    return;
  }
  out.push(`<${name}>`);
  values.forEach((element, index) => {
    if (element === undefined || element === null) return;
    writeElement(memberName, member, element, out, `${path}[${index}]`);
  });
  out.push(`</${name}>`);
}

function scalarOrStructure(shape: Shape | undefined, value: unknown, path: string): string {
  switch (typeof value) {
    case "string":
      return escapeXmlText(value);
    case "boolean":
      return value ? "true" : "false";
    case "bigint":
      return value.toString();
    case "number":
      if (!Number.isFinite(value)) throw new Error(`output member ${path} is ${value}, which RDS cannot send`);
      return String(value);
    case "object": {
      if (value instanceof Date) {
        if (Number.isNaN(value.getTime())) throw new Error(`output member ${path} is an invalid Date`);
        return value.toISOString();
      }
      const inner: string[] = [];
      writeMembers(shape?.kind === "structure" ? shape : undefined, value as Record<string, unknown>, inner, `${path}.`);
      return inner.join("");
    }
    default:
      throw new Error(`output member ${path} is a ${typeof value}, which has no XML form`);
  }
}
