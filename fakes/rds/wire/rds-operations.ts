import { rdsInputShapes } from "./rds-input-shapes.ts";
import { rdsOutputShapes } from "./rds-output-shapes.ts";
import type { StructureShape } from "./shape.ts";

/** The one API version the fake speaks; RDS still answers older ones, the fake refuses them. */
export const RDS_API_VERSION = "2014-10-31";
export const RDS_XML_NAMESPACE = "http://rds.amazonaws.com/doc/2014-10-31/";

export interface OperationShapes {
  readonly input: StructureShape;
  /** Undefined for operations whose response has no Result element (AddTagsToResource, RemoveTagsFromResource). */
  readonly output: StructureShape | undefined;
}

/** Every operation the wire layer can carry, by API name. */
export const wireOperations: readonly string[] = Object.keys(rdsInputShapes);

export function operationShapes(operation: string): OperationShapes | undefined {
  if (!Object.hasOwn(rdsInputShapes, operation)) return undefined;
  return {
    input: rdsInputShapes[operation]!,
    output: Object.hasOwn(rdsOutputShapes, operation) ? rdsOutputShapes[operation] : undefined,
  };
}
