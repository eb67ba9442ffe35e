import { HarnessError } from "../harness/errors/harness-error.ts";
import { parsePlacement, type FaultPlacement } from "../harness/scenario/fault-points.ts";

/**
 * `--set NAME=VALUE` (repeatable): a scenario option from the command line, as a soak's shrunk replay
 * line gives it (e.g. --set writers=1). Numbers become numbers, true/false booleans, the rest strings.
 */
export function parseSetOptions(texts: string[]): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const text of texts) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(text);
    if (!match) throw new HarnessError({ what: `reading --set ${text}`, cause: "it is not NAME=VALUE", fix: "write e.g. --set writers=2 (a scenario option's name, then its value)" });
    const [, name, raw] = match;
    options[name!] = raw === "true" ? true : raw === "false" ? false : raw !== "" && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  }
  return options;
}

/** The command-line form of scenario options given with --set (rows has its own --rows). */
export function setArguments(options: Record<string, unknown> | undefined): string[] {
  return Object.entries(options ?? {})
    .filter(([name]) => name !== "rows")
    .flatMap(([name, value]) => ["--set", `${name}=${String(value)}`]);
}

/** `--fault FAULT@POINT+DELAYms` (repeatable): where each named fault lands; a fault named twice is refused. */
export function parseFaultOptions(texts: string[]): Record<string, FaultPlacement> | undefined {
  if (texts.length === 0) return undefined;
  const placements: Record<string, FaultPlacement> = {};
  for (const text of texts) {
    const { fault, placement } = parsePlacement(text);
    if (placements[fault]) throw new HarnessError({ what: `reading --fault ${text}`, cause: `the fault "${fault}" is placed twice`, fix: "place each fault once" });
    placements[fault] = placement;
  }
  return placements;
}
