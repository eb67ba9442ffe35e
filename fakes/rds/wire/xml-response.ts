import type { RdsOutput } from "../api/rds-backend.ts";
import { operationShapes, RDS_XML_NAMESPACE } from "./rds-operations.ts";
import { writeMembers } from "./xml-output.ts";

/**
 * The success document of one operation:
 * `<OpResponse xmlns=...><OpResult>...</OpResult><ResponseMetadata><RequestId>...</RequestId></ResponseMetadata></OpResponse>`.
 * Operations whose model output is empty (AddTagsToResource, RemoveTagsFromResource) have no
 * Result element at all, as RDS sends them. Written without whitespace between elements: the
 * SDKs' parsers keep text as it is, so indentation could only leak into values.
 */
export function successXml(operation: string, output: RdsOutput, requestId: string): string {
  const out: string[] = [`<${operation}Response xmlns="${RDS_XML_NAMESPACE}">`];
  const shape = operationShapes(operation)?.output;
  if (shape !== undefined) {
    out.push(`<${operation}Result>`);
    writeMembers(shape, output, out);
    out.push(`</${operation}Result>`);
  }
  out.push(`<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`);
  return out.join("");
}
