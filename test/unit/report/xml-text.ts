/**
 * Small readers for the report tests: enough XML decoding and well-formedness checking to assert on
 * what a CI system or browser will read, without a parser dependency (the browser test parses for real).
 */
export function decodeXml(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_match, code: string) => String.fromCharCode(Number(code)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** The value of attribute name in the first element matching tag whose text contains marker. */
export function attribute(xml: string, elementStart: string, name: string): string {
  const start = xml.indexOf(elementStart);
  if (start < 0) throw new Error(`no ${elementStart} in the document`);
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(xml.slice(start, xml.indexOf(">", start) + 1));
  if (!match) throw new Error(`no ${name} attribute on ${elementStart}`);
  return decodeXml(match[1]!);
}

/** Problems that make a document unparseable: stray '<' or '&', characters XML 1.0 cannot carry. */
export function markupProblems(document: string): string[] {
  const problems: string[] = [];
  const body = document.replace(/^<\?xml[^>]*\?>/, "").replace(/^<!DOCTYPE html>/i, "");
  for (const match of body.matchAll(/<(?![a-zA-Z/!])/g)) problems.push(`stray < at ${match.index}: ${body.slice(match.index, match.index + 30)}`);
  for (const match of body.matchAll(/&(?!(?:amp|lt|gt|quot|#\d+);)/g)) problems.push(`stray & at ${match.index}: ${body.slice(match.index, match.index + 30)}`);
  for (const match of body.matchAll(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g)) problems.push(`control character ${match[0].charCodeAt(0)} at ${match.index}`);
  return problems;
}
