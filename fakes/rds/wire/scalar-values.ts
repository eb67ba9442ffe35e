import { invalidParameterValue } from "./query-faults.ts";
import type { ScalarKind } from "./shape.ts";

const INTEGER = /^[+-]?\d+$/;
const DOUBLE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
// ISO 8601 as the SDKs send it ("2024-05-06T07:08:09Z", with or without fractions or an offset).
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/i;
const EPOCH_SECONDS = /^\d+(\.\d+)?$/;

/**
 * One Query parameter's text as the SDK type of its member. `parameter` is the wire name
 * ("Filters.Filter.1.Name") so that the InvalidParameterValue says which one is wrong.
 */
export function parseScalar(kind: ScalarKind, text: string, parameter: string): string | number | boolean | Date {
  switch (kind) {
    case "string":
      return text;
    case "integer": {
      const value = Number(text);
      if (!INTEGER.test(text) || !Number.isSafeInteger(value)) throw invalidParameterValue(parameter, text, "expected an integer");
      return value;
    }
    case "double": {
      if (!DOUBLE.test(text)) throw invalidParameterValue(parameter, text, "expected a number");
      return Number(text);
    }
    case "boolean": {
      // The SDKs send "true"/"false"; Query services take the words in any case.
      const lower = text.toLowerCase();
      if (lower === "true") return true;
      if (lower === "false") return false;
      throw invalidParameterValue(parameter, text, "expected true or false");
    }
    case "timestamp":
      return parseTimestamp(text, parameter);
  }
}

function parseTimestamp(text: string, parameter: string): Date {
  // Epoch seconds are the other timestamp form the Query protocol allows.
  const date = ISO_8601.test(text) ? new Date(text) : EPOCH_SECONDS.test(text) ? new Date(Number(text) * 1000) : undefined;
  if (date === undefined || Number.isNaN(date.getTime())) throw invalidParameterValue(parameter, text, "expected an ISO 8601 timestamp");
  return date;
}
