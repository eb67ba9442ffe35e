/**
 * Escaping for the XML-family report files (junit.xml, report.html and its inline SVG). Their text
 * comes from servers and error messages (row values, replication errors, container logs with terminal
 * colour codes), so it may hold markup and characters XML 1.0 cannot carry at all; one invalid
 * character makes a CI system reject the whole junit.xml. Such characters are shown as a visible
 * escape (\x1B) rather than dropped, so the reader still sees that they were there.
 */

// XML 1.0's excluded characters: C0 controls other than tab/newline/return, U+FFFE/U+FFFF, lone surrogates.
const NOT_XML_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function visibleEscape(character: string): string {
  const code = character.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).toUpperCase().padStart(2, "0")}` : `\\u${code.toString(16).toUpperCase().padStart(4, "0")}`;
}

/** Text for an element's content. */
export function escapeText(text: string): string {
  return text.replace(NOT_XML_CHARACTER, visibleEscape).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Text for a double- or single-quoted attribute value. Newlines and tabs become character references
 * because XML parsers normalize literal ones in attributes to spaces, and a failure message loses its lines.
 */
export function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, "&quot;").replace(/'/g, "&#39;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;").replace(/\t/g, "&#9;");
}
