/**
 * Defence in depth for report files. The report model has no password fields and the harness redacts
 * the run's own passwords (harness/secrets/credentials.ts), but free text in a report comes from
 * elsewhere: server error messages, statements echoed back by MySQL, command lines, connection URLs.
 * A report is uploaded as a CI artifact and pasted into issues, so anything shaped like a secret is
 * masked before a writer prints it, whoever's secret it is.
 */
const MASK = "********";

// A quoted value (either quote; backslash escapes and SQL's doubled quotes) or a bare word up to the next separator.
const VALUE = String.raw`(?:"(?:[^"\\]|\\.|"")*"|'(?:[^'\\]|\\.|'')*'|[^\s,;&)'"]+)`;

const SECRET_PATTERNS: Array<{ pattern: RegExp; replace: (match: string, ...groups: string[]) => string }> = [
  // password=..., MYSQL_ROOT_PASSWORD=..., SOURCE_PASSWORD = '...', "password": "...", aws_secret_access_key=...
  // MySQL's own "(using password: YES)" says whether one was given, not what it was: it stays readable.
  {
    pattern: new RegExp(String.raw`(\b[\w.-]*?(?:password|passwd|pwd|secret)[\w.-]*["']?\s*[=:]\s*)(?!(?:YES|NO)\b)(${VALUE})`, "gi"),
    replace: (_match, key, value) => key + masked(value),
  },
  // mysql --password SECRET (the --password=SECRET form is caught above); a following option is not a value.
  {
    pattern: new RegExp(String.raw`(--password\s+)(?!-)(${VALUE})`, "gi"),
    replace: (_match, option, value) => option + masked(value),
  },
  // CREATE USER / ALTER USER ... IDENTIFIED [WITH plugin] BY 'secret'
  {
    pattern: new RegExp(String.raw`(\bIDENTIFIED\s+(?:WITH\s+\S+\s+)?BY\s+)(${VALUE})`, "gi"),
    replace: (_match, clause, value) => clause + masked(value),
  },
  // mysql://user:secret@host
  {
    pattern: /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/]+:)([^\s@/]+)(@)/gi,
    replace: (_match, prefix, _secret, at) => prefix + MASK + at,
  },
];

/** The text with every password-shaped value replaced by asterisks. */
export function scrubSecrets(text: string): string {
  let result = text;
  for (const { pattern, replace } of SECRET_PATTERNS) {
    result = result.replace(pattern, replace as (substring: string, ...args: unknown[]) => string);
  }
  return result;
}

/** A copy of any JSON-like value with every string in it scrubbed (the report model, before a writer prints it). */
export function scrubStrings<T>(value: T): T {
  if (typeof value === "string") return scrubSecrets(value) as T;
  if (Array.isArray(value)) return value.map((item) => scrubStrings(item)) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrubStrings(item)])) as T;
  }
  return value;
}

/** Keeps the quotes of a quoted value so the masked text still reads as the statement it was. */
function masked(value: string): string {
  const quote = value[0];
  return quote === "'" || quote === '"' ? `${quote}${MASK}${quote}` : MASK;
}
