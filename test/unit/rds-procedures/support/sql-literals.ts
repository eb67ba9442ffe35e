/**
 * Just enough of MySQL's lexer to read back what the generators wrote: string literals (with the
 * escapes sqlString produces and the server accepts) and the arguments of a CONCAT(...).
 */

const ESCAPES: Record<string, string> = { "0": "\0", "'": "'", '"': '"', b: "\b", n: "\n", r: "\r", t: "\t", Z: "\x1a", "\\": "\\" };

/** Reads the literal starting at `text[start]` (a quote); returns its value and the index after it. */
export function readStringLiteral(text: string, start: number): { value: string; end: number } {
  if (text[start] !== "'") throw new Error(`no string literal at ${start}: ${text.slice(start, start + 20)}`);
  let value = "";
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\\") {
      const next = text[++i]!;
      value += ESCAPES[next] ?? next;
    } else if (c === "'") {
      if (text[i + 1] === "'") {
        value += "'";
        i++;
      } else {
        return { value, end: i + 1 };
      }
    } else {
      value += c;
    }
  }
  throw new Error(`unterminated string literal: ${text.slice(start)}`);
}

export type ConcatArgument = { literal: string } | { expression: string };

/** The arguments of `CONCAT(a, b, ...)`, literals decoded, other expressions as written. */
export function concatArguments(expression: string): ConcatArgument[] {
  if (!expression.startsWith("CONCAT(") || !expression.endsWith(")")) throw new Error(`not a CONCAT: ${expression}`);
  const inner = expression.slice("CONCAT(".length, -1);
  const args: ConcatArgument[] = [];
  let i = 0;
  while (i < inner.length) {
    if (inner[i] === "'") {
      const { value, end } = readStringLiteral(inner, i);
      args.push({ literal: value });
      i = end;
    } else {
      const stop = endOfExpression(inner, i);
      args.push({ expression: inner.slice(i, stop) });
      i = stop;
    }
    if (inner.startsWith(", ", i)) i += 2;
    else if (i !== inner.length) throw new Error(`expected ", " at ${i} in ${inner}`);
  }
  return args;
}

/** Where an argument expression ends: the first ", " outside parentheses and string literals, or the end. */
function endOfExpression(text: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "'") {
      i = readStringLiteral(text, i).end;
      continue;
    }
    if (c === "(") depth++;
    if (c === ")") depth--;
    if (depth === 0 && text.startsWith(", ", i)) return i;
    i++;
  }
  return i;
}
