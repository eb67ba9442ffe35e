/**
 * The vocabulary of the wire tables: just enough of the RDS service model (botocore
 * `rds/2014-10-31/service-2.json`) to turn Query parameters into SDK-shaped input and SDK-shaped
 * output into XML. Integers and longs are one kind here: both travel as decimal text and both are
 * JavaScript numbers in the SDK.
 */
export type ScalarKind = "string" | "integer" | "double" | "boolean" | "timestamp";

export interface ScalarShape {
  readonly kind: ScalarKind;
}

export interface ListShape {
  readonly kind: "list";
  readonly member: Shape;
  /** The element name on the wire: `Tags.Tag.1` and `<Tag>` for TagList, `member` when the model names none. */
  readonly memberName: string;
}

export interface StructureShape {
  readonly kind: "structure";
  readonly members: Readonly<Record<string, Shape>>;
  /** Members the service refuses to go without (MissingParameter). */
  readonly required: readonly string[];
}

export type Shape = ScalarShape | ListShape | StructureShape;

export const aString: ScalarShape = { kind: "string" };
export const anInteger: ScalarShape = { kind: "integer" };
export const aDouble: ScalarShape = { kind: "double" };
export const aBoolean: ScalarShape = { kind: "boolean" };
export const aTimestamp: ScalarShape = { kind: "timestamp" };

export function listOf(member: Shape, memberName = "member"): ListShape {
  return { kind: "list", member, memberName };
}

export function structure(members: Record<string, Shape>, required: readonly string[] = []): StructureShape {
  return { kind: "structure", members, required };
}

/** Many members of one scalar kind at once, so the big RDS messages stay readable: `ofKind(aString, "A B C")`. */
export function ofKind(shape: ScalarShape, names: string): Record<string, Shape> {
  return Object.fromEntries(
    names
      .split(/\s+/)
      .filter((name) => name !== "")
      .map((name) => [name, shape]),
  );
}

/** The member's shape, or undefined: never a property inherited from Object.prototype ("constructor"). */
export function memberShape(shape: StructureShape, name: string): Shape | undefined {
  return Object.hasOwn(shape.members, name) ? shape.members[name] : undefined;
}
