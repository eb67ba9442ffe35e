import path from "node:path";
import { HarnessError } from "../errors/harness-error.ts";

/** One thing wrong with a rehearsal file: where (line and key), what, and how to fix it. */
export interface RehearsalProblem {
  line: number;
  /** The key's path as a person writes it: `steps[3].action`, `cluster.readers`. */
  key: string;
  message: string;
  fix: string;
}

/** Every problem of a rehearsal file at once, each on its own line: file:line key: message. Fix: ... */
export class RehearsalFileError extends HarnessError {
  readonly problems: RehearsalProblem[];
  readonly file: string;

  constructor(file: string, problems: RehearsalProblem[]) {
    const relative = path.relative(process.cwd(), file);
    const shown = relative && !relative.startsWith("..") ? relative : file;
    const sorted = [...problems].sort((a, b) => a.line - b.line);
    super({
      what: `reading the rehearsal file ${shown}`,
      cause: `${sorted.length} problem${sorted.length === 1 ? "" : "s"}:\n${sorted.map((problem) => `  ${describeProblem(shown, problem)}`).join("\n")}`,
      fix: "correct each line named above (the file's JSON Schema, schema/rehearsal.schema.json, lets an editor complete and check it)",
    });
    this.problems = sorted;
    this.file = file;
  }
}

export function describeProblem(file: string, problem: RehearsalProblem): string {
  return `${file}:${problem.line} ${problem.key || "(top level)"}: ${problem.message}. Fix: ${problem.fix}`;
}

/** `steps[3].action` from ["steps", 3, "action"]. */
export function keyPath(segments: ReadonlyArray<string | number>): string {
  return segments.map((segment, position) => (typeof segment === "number" ? `[${segment}]` : position === 0 ? segment : `.${segment}`)).join("");
}
