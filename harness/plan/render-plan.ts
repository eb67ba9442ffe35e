import type { Hazard, HazardSeverity, Plan } from "./plan-hazards.ts";

const ORDER: HazardSeverity[] = ["data-change", "collision", "replication-stop", "warning"];
const LABEL: Record<HazardSeverity, string> = {
  "data-change": "DATA CHANGE",
  collision: "COLLISION",
  "replication-stop": "STOPS REPLICATION",
  warning: "WARNING",
};

/** The plan as a person reads it on a console: the changed columns, then each hazard with where it bites and the fix. */
export function renderPlan(plan: Plan): string {
  const lines: string[] = [];
  if (plan.changedColumns.length === 0) {
    lines.push("Changed columns: none (blue and green have the same column types)");
  } else {
    lines.push(`Changed columns (${plan.changedColumns.length}):`);
    for (const c of plan.changedColumns) {
      lines.push(`  ${c.table}.${c.column}: ${c.blueType} -> ${c.greenType}${c.inKey ? " (key column)" : ""}`);
      lines.push(`    forward (blue -> green, ${c.forward.conversions}): ${outcome(c.forward.outcome)}`);
      for (const range of c.forward.ranges) lines.push(`      ${range}`);
      lines.push(`    back (new primary -> old blue, ${c.back.conversions}): ${outcome(c.back.outcome)}`);
      for (const range of c.back.ranges) lines.push(`      ${range}`);
    }
  }
  const sorted = [...plan.hazards].sort((a, b) => ORDER.indexOf(a.severity) - ORDER.indexOf(b.severity));
  lines.push("", sorted.length === 0 ? "Hazards: none predicted" : `Hazards (${sorted.length}):`);
  for (const hazard of sorted) lines.push(...renderHazard(hazard));
  const counts = ORDER.map((severity) => [severity, sorted.filter((h) => h.severity === severity).length] as const).filter(([, n]) => n > 0);
  if (counts.length > 0) lines.push("", `Summary: ${counts.map(([severity, n]) => `${n} ${LABEL[severity].toLowerCase()}`).join(", ")}`);
  return lines.join("\n");
}

function renderHazard(hazard: Hazard): string[] {
  const where = [...hazard.columns, ...(hazard.columns.length === 0 ? hazard.tables : [])].join(", ");
  const lines = [`  [${LABEL[hazard.severity]}] ${hazard.id}${hazard.direction ? ` (${hazard.direction})` : ""}${where ? ` - ${where}` : ""}`];
  lines.push(`    when: ${hazard.step}`);
  lines.push(`    what: ${hazard.detail}`);
  for (const range of hazard.ranges ?? []) lines.push(`      ${range}`);
  lines.push(`    fix:  ${hazard.fix}`);
  return lines;
}

function outcome(value: Plan["changedColumns"][number]["forward"]["outcome"]): string {
  switch (value) {
    case "intact":
      return "every value arrives intact";
    case "changes-values":
      return "replication runs, these values arrive changed:";
    case "stops":
      return "the applier stops (13146)";
    case "not-modelled":
      return "runs; outside the integer conversion model (rehearse it)";
  }
}
