import type { RdsInput } from "../api/rds-backend.ts";
import { invalidParameterValue } from "./query-faults.ts";
import { parseScalar } from "./scalar-values.ts";
import { memberShape, type ListShape, type Shape, type StructureShape } from "./shape.ts";

/**
 * Query parameters as the SDK-shaped input of one operation. The flat names are a tree
 * (`Filters.Filter.1.Values.Value.2`), read against the operation's input shape: list elements
 * by the list's member name and 1-based index, scalars by their kind. A member the table does
 * not know still reaches the backend, untyped (strings, with `X.member.N` read as a list), so a
 * newer client's new member is visible rather than silently dropped.
 */
export function readInput(shape: StructureShape, parameters: Iterable<[string, string]>): RdsInput {
  return readStructure(shape, parameterTree(parameters), "");
}

interface ParameterNode {
  value: string | undefined;
  readonly children: Map<string, ParameterNode>;
}

function parameterTree(parameters: Iterable<[string, string]>): ParameterNode {
  const root: ParameterNode = { value: undefined, children: new Map() };
  for (const [name, value] of parameters) {
    let node = root;
    for (const segment of name.split(".")) {
      let child = node.children.get(segment);
      if (child === undefined) {
        child = { value: undefined, children: new Map() };
        node.children.set(segment, child);
      }
      node = child;
    }
    // A repeated parameter keeps its last value, like most form readers.
    node.value = value;
  }
  return root;
}

function readStructure(shape: StructureShape, node: ParameterNode, prefix: string): Record<string, unknown> {
  if (node.children.size === 0 && node.value !== undefined && node.value !== "") {
    throw invalidParameterValue(prefix.slice(0, -1), node.value, "expected a structure of parameters");
  }
  const result: Record<string, unknown> = {};
  for (const [name, child] of node.children) {
    // Assigning "__proto__" would replace the object's prototype instead of adding a member.
    if (name === "__proto__") continue;
    const member = memberShape(shape, name);
    result[name] = member === undefined ? readUntyped(child) : readValue(member, child, prefix + name);
  }
  return result;
}

function readValue(shape: Shape, node: ParameterNode, parameter: string): unknown {
  switch (shape.kind) {
    case "structure":
      return readStructure(shape, node, `${parameter}.`);
    case "list":
      return readList(shape, node, parameter);
    default:
      if (node.value === undefined || node.children.size > 0) {
        throw invalidParameterValue(parameter, node.value, `expected a single ${shape.kind} value, not nested parameters`);
      }
      return parseScalar(shape.kind, node.value, parameter);
  }
}

function readList(shape: ListShape, node: ParameterNode, parameter: string): unknown[] {
  // The SDKs and the CLI send an empty list as the bare name with an empty value: `Tags=`.
  if (node.children.size === 0) {
    if (node.value !== undefined && node.value !== "") throw invalidParameterValue(parameter, node.value, `expected a list (${parameter}.${shape.memberName}.N)`);
    return [];
  }
  const elements = node.children.get(shape.memberName);
  for (const name of node.children.keys()) {
    if (name !== shape.memberName) {
      throw invalidParameterValue(`${parameter}.${name}`, undefined, `the elements of ${parameter} are named ${parameter}.${shape.memberName}.N`);
    }
  }
  const items = [...elements!.children].map(([index, child]) => {
    if (!isListIndex(index)) throw invalidParameterValue(`${parameter}.${shape.memberName}.${index}`, undefined, "list positions are whole numbers from 1");
    return { position: Number(index), value: readValue(shape.member, child, `${parameter}.${shape.memberName}.${index}`) };
  });
  // Positions need not be contiguous on the wire; their order is what counts.
  return items.sort((a, b) => a.position - b.position).map((item) => item.value);
}

/** A member the table does not know: strings, objects, and a list where the names say `X.<name>.N`. */
function readUntyped(node: ParameterNode): unknown {
  if (node.children.size === 0) return node.value ?? "";
  const numbered = (n: ParameterNode) => n.children.size > 0 && [...n.children.keys()].every(isListIndex);
  if (numbered(node)) return untypedList(node);
  const only = node.children.size === 1 ? [...node.children.values()][0]! : undefined;
  if (only !== undefined && numbered(only)) return untypedList(only);
  const result: Record<string, unknown> = {};
  for (const [name, child] of node.children) {
    if (name !== "__proto__") result[name] = readUntyped(child);
  }
  return result;
}

function untypedList(node: ParameterNode): unknown[] {
  return [...node.children]
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([, child]) => readUntyped(child));
}

function isListIndex(text: string): boolean {
  return /^[1-9]\d*$/.test(text);
}
