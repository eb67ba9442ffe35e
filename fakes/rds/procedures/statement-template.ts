import { sqlString } from "../../../harness/sql/sql-literal.ts";

/**
 * Replication statements inside the procedures are built at run time from the procedures' arguments
 * (CHANGE REPLICATION SOURCE TO takes no variables, so the text goes through PREPARE). The text itself
 * comes from the engine's dialect, which only renders concrete values: it is asked to render marker
 * values, and each marker is then replaced by the SQL expression that produces the same text from an
 * argument at run time. The result is one CONCAT(...) expression whose constant parts are exactly the
 * dialect's words, so no engine's syntax is written twice.
 */
export interface Placeholder {
  /** The text the dialect renders for the marker, e.g. `'rds_placeholder_host'` (quotes included) or `987654320001`. */
  readonly rendered: string;
  /** A SQL expression evaluating, inside the procedure, to the text that belongs where `rendered` is. */
  readonly expression: string;
}

/** A string argument: the dialect quotes the marker with sqlString, the procedure with QUOTE(). */
export interface TextPlaceholder extends Placeholder {
  /** The value to hand to the dialect in place of the argument. */
  readonly marker: string;
}

/** An integer argument: the dialect prints the marker number, the procedure the argument. */
export interface IntegerPlaceholder extends Placeholder {
  readonly marker: number;
}

/**
 * QUOTE() escapes quotes, backslashes, NUL and Ctrl-Z, so the argument cannot end the literal; a NULL
 * argument becomes the word NULL and the statement fails to parse, as RDS's does.
 */
export function textPlaceholder(name: string, valueExpression: string): TextPlaceholder {
  const marker = `rds_placeholder_${name}`;
  return { marker, rendered: sqlString(marker), expression: `QUOTE(${valueExpression})` };
}

/** Marker numbers are large and distinct, so that none can be part of another or of the dialect's own numbers. */
const INTEGER_MARKER_BASE = 987_654_320_000;

export function integerPlaceholder(index: number, valueExpression: string): IntegerPlaceholder {
  const marker = INTEGER_MARKER_BASE + index;
  return { marker, rendered: String(marker), expression: valueExpression };
}

/**
 * The CONCAT(...) expression that rebuilds `rendered` at run time. Every placeholder must appear
 * exactly once: a missing or repeated one means the dialect changed shape, and guessing would build
 * a statement that does something else.
 */
export function concatExpression(rendered: string, placeholders: readonly Placeholder[]): string {
  const located = placeholders.map((placeholder) => {
    const at = rendered.indexOf(placeholder.rendered);
    if (at < 0 || rendered.indexOf(placeholder.rendered, at + 1) >= 0) {
      throw new Error(`placeholder ${placeholder.rendered} must appear exactly once in: ${rendered}`);
    }
    return { at, placeholder };
  });
  located.sort((a, b) => a.at - b.at);
  const parts: string[] = [];
  let from = 0;
  for (const { at, placeholder } of located) {
    if (at < from) throw new Error(`placeholders overlap in: ${rendered}`);
    if (at > from) parts.push(sqlString(rendered.slice(from, at)));
    parts.push(placeholder.expression);
    from = at + placeholder.rendered.length;
  }
  if (from < rendered.length) parts.push(sqlString(rendered.slice(from)));
  return parts.length === 1 && located.length === 0 ? parts[0]! : `CONCAT(${parts.join(", ")})`;
}
