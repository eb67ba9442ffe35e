import { HarnessError } from "../errors/harness-error.ts";

/**
 * A fault a scenario injects, and where it may land. A scenario declares these so that a soak can move
 * the fault across runs (another step, a later moment) without the scenario's checks ceasing to hold:
 * every point listed, and every delay up to maxDelayMs, must leave the declared outcome unchanged.
 * The first point, with no delay, is where the fault lands when the run chooses nothing: that is what
 * `bgh rehearse` proves by default.
 */
export interface FaultPointDeclaration {
  /** The fault's name, e.g. "network-cut": a word the command line can carry. */
  fault: string;
  /** What the fault does, in words. */
  description: string;
  /** The named points (steps) it may land at; the first is the default. */
  points: readonly string[];
  /** The longest delay after reaching a point the scenario's checks still hold for. */
  maxDelayMs: number;
}

/** Where one fault lands in one run: at a point, delayMs after the run reaches it. */
export interface FaultPlacement {
  point: string;
  delayMs: number;
}

/** The run's choice of placement per fault name; a fault not named lands at its default. */
export type FaultPlacements = Readonly<Record<string, FaultPlacement>>;

/** The default placement of a declared fault: its first point, at once. */
export function defaultPlacement(declaration: FaultPointDeclaration): FaultPlacement {
  return { point: declaration.points[0]!, delayMs: 0 };
}

/** The placement a run chose for `fault`, or its default. */
export function placementOf(placements: FaultPlacements | undefined, declaration: FaultPointDeclaration): FaultPlacement {
  return placements?.[declaration.fault] ?? defaultPlacement(declaration);
}

/** "network-cut@stop-writes+250ms": how a placement is written on the command line and in reports. */
export function formatPlacement(fault: string, placement: FaultPlacement): string {
  return `${fault}@${placement.point}+${placement.delayMs}ms`;
}

/** Reads "fault@point" or "fault@point+250ms" (or "+250"). */
export function parsePlacement(text: string): { fault: string; placement: FaultPlacement } {
  const match = /^([A-Za-z0-9_.-]+)@([A-Za-z0-9_.-]+)(?:\+(\d+)(?:ms)?)?$/.exec(text.trim());
  if (!match) {
    throw new HarnessError({ what: `reading --fault ${text}`, cause: "it is not FAULT@POINT or FAULT@POINT+DELAYms", fix: "write e.g. --fault network-cut@stop-writes+250ms (`bgh scenarios --long` lists each scenario's fault points)" });
  }
  return { fault: match[1]!, placement: { point: match[2]!, delayMs: Number(match[3] ?? 0) } };
}

/**
 * Checks placements against what a scenario declares: a fault it does not have, a point it does not
 * list, or a delay beyond its bound is refused with what it does declare, before anything starts.
 */
export function validatePlacements(scenarioId: string, declarations: readonly FaultPointDeclaration[] | undefined, placements: FaultPlacements): void {
  for (const [fault, placement] of Object.entries(placements)) {
    const declaration = declarations?.find((candidate) => candidate.fault === fault);
    const declared = declarations?.length ? declarations.map((d) => `${d.fault} at ${d.points.join("|")} (+0..${d.maxDelayMs} ms)`).join("; ") : "none";
    const what = `placing the fault ${formatPlacement(fault, placement)} in ${scenarioId}`;
    if (!declaration) throw new HarnessError({ what, cause: `${scenarioId} declares no fault "${fault}"`, fix: `its fault points: ${declared}` });
    if (!declaration.points.includes(placement.point)) throw new HarnessError({ what, cause: `"${fault}" cannot land at "${placement.point}"`, fix: `choose one of: ${declaration.points.join(", ")}` });
    if (!Number.isInteger(placement.delayMs) || placement.delayMs < 0 || placement.delayMs > declaration.maxDelayMs) {
      throw new HarnessError({ what, cause: `a delay of ${placement.delayMs} ms is outside 0..${declaration.maxDelayMs} ms, where the scenario's checks hold`, fix: `give a delay of at most ${declaration.maxDelayMs} ms` });
    }
  }
}

/**
 * A placement for every declared fault, drawn with `random` (a seeded generator): any point, any delay
 * up to the bound. The soak draws one per run, so faults move across runs and a seed replays its choice.
 */
export function choosePlacements(declarations: readonly FaultPointDeclaration[] | undefined, random: () => number): Record<string, FaultPlacement> {
  const placements: Record<string, FaultPlacement> = {};
  for (const declaration of declarations ?? []) {
    const point = declaration.points[Math.floor(random() * declaration.points.length)]!;
    const delayMs = Math.floor(random() * (declaration.maxDelayMs + 1));
    placements[declaration.fault] = { point, delayMs };
  }
  return placements;
}

/** The command-line form of a run's placements: `--fault a@p+0ms --fault b@q+120ms`, in the declared order. */
export function placementArguments(placements: FaultPlacements | undefined): string[] {
  return Object.entries(placements ?? {}).flatMap(([fault, placement]) => ["--fault", formatPlacement(fault, placement)]);
}
