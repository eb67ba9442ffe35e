import { parseArgs, type ParseArgsConfig } from "node:util";
import { HarnessError } from "../../harness/errors/harness-error.ts";
import { resolveEngineImage, type EngineImage } from "../../harness/images/engine-image.ts";
import { imageRequestFrom } from "../../harness/images/image-request.ts";
import { describeVersion } from "../../harness/engine/server-version.ts";

/** Parses a command's options, turning node's terse errors into ones that name the fix. */
export function parseOptions<T extends NonNullable<ParseArgsConfig["options"]>>(command: string, args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new HarnessError({ what: `reading the options of bgh ${command}`, cause: (error as Error).message, fix: `run \`bgh help\`; options: ${Object.keys(options).map((o) => `--${o}`).join(", ")}` });
  }
}

/** --engine wins over BGH_MYSQL_IMAGE, which wins over the default (mysql:8.0). */
export function engineRequest(engineOption: string | undefined) {
  return engineOption ? imageRequestFrom(engineOption, "--engine") : imageRequestFrom(process.env.BGH_MYSQL_IMAGE);
}

export async function resolveEngine(engineOption: string | undefined, runId: string): Promise<EngineImage> {
  const engine = await resolveEngineImage(engineRequest(engineOption), { runId });
  console.log(engineLine(engine));
  return engine;
}

/** The line every run prints: which engine really ran, and what it stands in for. */
export function engineLine(engine: EngineImage): string {
  const standIn = engine.substitution ? ` (standing in for ${engine.requested}, which could not be pulled)` : "";
  return `Engine: ${describeVersion(engine.dialect.version)}, dialect ${engine.dialect.name}, image ${engine.warmImage}${standIn}`;
}
