import type { RdsFault } from "../api/rds-fault.ts";
import { RDS_XML_NAMESPACE } from "./rds-operations.ts";
import { escapeXmlText } from "./xml-escaping.ts";

/**
 * The error document RDS answers with. Clients match on `<Code>` (the wire code, not always the
 * shape name: "DBInstanceNotFound"), read `<Message>`, and take the request id from the
 * x-amzn-RequestId header (the JS SDK) or from `<RequestId>` here (botocore).
 */
export function errorXml(fault: RdsFault, requestId: string): string {
  return (
    `<ErrorResponse xmlns="${RDS_XML_NAMESPACE}">` +
    `<Error><Type>${fault.type}</Type><Code>${escapeXmlText(fault.code)}</Code><Message>${escapeXmlText(fault.message)}</Message></Error>` +
    `<RequestId>${requestId}</RequestId>` +
    `</ErrorResponse>`
  );
}
