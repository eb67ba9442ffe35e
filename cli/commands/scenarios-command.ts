import { SCENARIOS } from "../../scenarios/catalogue.ts";
import { parseOptions } from "./engine-option.ts";

/** `bgh scenarios`: the catalogue, one line each (id and title), then what each expects with --long. */
export async function scenariosCommand(args: string[]): Promise<number> {
  const { values } = parseOptions("scenarios", args, { long: { type: "boolean", default: false } });
  const width = Math.max(...SCENARIOS.map((scenario) => scenario.id.length));
  for (const scenario of SCENARIOS) {
    console.log(`${scenario.id.padEnd(width)}  ${scenario.title}`);
    if (!values.long) continue;
    const pad = " ".repeat(width);
    console.log(`${pad}  expects: ${scenario.expectation}`);
    for (const fault of scenario.faultPoints ?? []) console.log(`${pad}  fault ${fault.fault} (${fault.description}): at ${fault.points.join(" | ")}, +0..${fault.maxDelayMs} ms`);
    for (const knob of scenario.workloadKnobs ?? []) console.log(`${pad}  knob ${knob.option} (${knob.description}): default ${knob.default}, at least ${knob.min}`);
    console.log("");
  }
  if (!values.long) console.log(`\n${SCENARIOS.length} scenarios. \`bgh rehearse ID...\` runs some, \`bgh rehearse path/to/my-scenario.ts\` runs your own; --long shows what each expects.`);
  return 0;
}
