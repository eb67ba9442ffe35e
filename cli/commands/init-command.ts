import { HarnessError } from "../../harness/errors/harness-error.ts";
import { initRehearsal } from "../../harness/rehearsal-file/init-rehearsal.ts";
import { parseOptions } from "./engine-option.ts";

/** `bgh init SCHEMA.sql [--dir DIR]`: a starting rehearsal file, green.sql and an example runbook for that schema. */
export async function initCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions("init", args, { dir: { type: "string" } });
  if (positionals.length !== 1) throw new HarnessError({ what: "reading bgh init's arguments", cause: positionals.length ? "more than one schema file given" : "no schema file given", fix: "bgh init schema.sql (from mysqldump --no-data --routines --triggers DB > schema.sql)" });
  const { files } = initRehearsal(positionals[0]!, (values.dir as string | undefined) ?? ".");
  console.log([`Wrote ${files.join(", ")}.`, "Next: put your ALTERs in green.sql, then", "  npx bgh plan rehearsal.yaml", "  npx bgh rehearse rehearsal.yaml"].join("\n"));
  return 0;
}
