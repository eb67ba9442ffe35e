import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { LineCounter, parseDocument } from "yaml";
import { HarnessError, messageOf } from "../errors/harness-error.ts";
import { checkMeaning } from "./rehearsal-meaning.ts";
import { normalizeRehearsal, type RawRehearsal } from "./normalize-rehearsal.ts";
import type { RehearsalDefinition } from "./rehearsal-definition.ts";
import { RehearsalFileError, type RehearsalProblem } from "./rehearsal-problem.ts";
import { validateAgainstSchema } from "./rehearsal-schema.ts";
import { schemaProblems } from "./schema-problems.ts";
import { YamlPositions } from "./yaml-positions.ts";

/** True for the arguments bgh reads as rehearsal files rather than scenario ids or TypeScript files. */
export function isRehearsalFilePath(argument: string): boolean {
  return /\.ya?ml$/i.test(argument);
}

/** Reads, validates and normalises a rehearsal file; every problem in it is reported at once (RehearsalFileError). */
export function readRehearsalFile(file: string): RehearsalDefinition {
  const absolute = path.resolve(file);
  if (!existsSync(absolute)) {
    throw new HarnessError({ what: `reading the rehearsal file ${file}`, cause: `${absolute} does not exist`, fix: "give the path of a rehearsal .yaml file (`bgh init SCHEMA.sql` writes a first one)" });
  }
  let text: string;
  try {
    text = readFileSync(absolute, "utf8");
  } catch (error) {
    throw new HarnessError({ what: `reading the rehearsal file ${file}`, cause: messageOf(error), fix: "make the file readable" });
  }
  return parseRehearsal(text, absolute);
}

/** The same from the file's text; `file` names it in messages and its folder anchors relative paths. */
export function parseRehearsal(text: string, file: string): RehearsalDefinition {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (document.errors.length > 0) {
    throw new RehearsalFileError(
      file,
      document.errors.map((error) => ({
        line: lines.linePos(error.pos[0]).line,
        key: "",
        message: `YAML syntax: ${error.message.split("\n")[0]}${error.code === "DUPLICATE_KEY" ? ` (${JSON.stringify(text.slice(error.pos[0]).split(/[:\n]/)[0])} again)` : ""}`,
        fix: error.code === "DUPLICATE_KEY" ? "write each key once" : "check the indentation and quoting on that line (a value with `: ` or `#` in it needs quotes)",
      })),
    );
  }
  const data = document.toJS() as unknown;
  const positions = new YamlPositions(document, lines);
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new RehearsalFileError(file, [{ line: 1, key: "", message: "the file is not a mapping of keys (name:, cluster:, schema:, steps:)", fix: "start from `bgh init SCHEMA.sql` or examples/seed-001/rehearsal.yaml" }]);
  }
  const problems: RehearsalProblem[] = schemaProblems(validateAgainstSchema(data), data, positions);
  if (problems.length > 0) throw new RehearsalFileError(file, problems);
  const raw = data as RawRehearsal;
  const definition = normalizeRehearsal(raw, file, (segments) => positions.line(segments));
  const meaning = checkMeaning(definition, raw, (segments) => positions.line(segments));
  if (meaning.length > 0) throw new RehearsalFileError(file, meaning);
  return definition;
}
