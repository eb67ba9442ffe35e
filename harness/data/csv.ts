import { parse } from "csv-parse/sync";
import { HarnessError, messageOf } from "../errors/harness-error.ts";

/**
 * CSV records (RFC 4180, by csv-parse: quoting, embedded newlines and commas, a BOM), with an
 * unquoted \N read as NULL as MySQL writes it; a quoted "\N" stays text.
 */
export function parseCsv(text: string, file: string): Array<Array<string | null>> {
  try {
    return parse(text, {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      cast: (value, context) => (!context.quoting && value === "\\N" ? null : value),
    }) as Array<Array<string | null>>;
  } catch (error) {
    throw new HarnessError({ what: `reading CSV file ${file}`, cause: messageOf(error), fix: "correct the line named (fields holding commas, quotes or newlines must be double-quoted)", error });
  }
}
