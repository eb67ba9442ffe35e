/**
 * Text as XML character data. Besides `&`, `<` and `>`, a carriage return is written as `&#xD;`
 * because XML parsers turn a literal CR (or CRLF) into LF. Characters XML 1.0 cannot carry at all
 * (most C0 controls, lone surrogates, U+FFFE/U+FFFF) become U+FFFD: writing them would make the
 * whole response unparseable for the SDKs, losing far more than one character.
 */
const NEEDS_ESCAPING =
  /[&<>\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const REPLACEMENTS: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#xD;" };

export function escapeXmlText(text: string): string {
  NEEDS_ESCAPING.lastIndex = 0;
  if (!NEEDS_ESCAPING.test(text)) return text;
  return text.replace(NEEDS_ESCAPING, (character) => REPLACEMENTS[character] ?? "\uFFFD");
}
