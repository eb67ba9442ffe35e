import { malformedQueryString } from "./query-faults.ts";

/**
 * `application/x-www-form-urlencoded` text (a POST body or a GET query string) as [name, value]
 * pairs in order. Percent-escapes are decoded as UTF-8 (RFC 3986); `+` means a space, as form
 * encoding allows, even though the SDKs and the CLI always send `%20`. A broken escape ("%zz",
 * a lone "%", invalid UTF-8) is the caller's fault, answered with a 400, never an exception escaping.
 */
export function decodeForm(text: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const part of text.split("&")) {
    if (part === "") continue;
    const equals = part.indexOf("=");
    const name = equals === -1 ? part : part.slice(0, equals);
    const value = equals === -1 ? "" : part.slice(equals + 1);
    pairs.push([decodeComponent(name), decodeComponent(value)]);
  }
  return pairs;
}

function decodeComponent(raw: string): string {
  if (!raw.includes("%") && !raw.includes("+")) return raw;
  try {
    return decodeURIComponent(raw.replaceAll("+", " "));
  } catch {
    throw malformedQueryString(raw);
  }
}
