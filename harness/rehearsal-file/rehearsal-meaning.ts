import { existsSync } from "node:fs";
import path from "node:path";
import type { RawRehearsal } from "./normalize-rehearsal.ts";
import { ACTION_OPTIONS, validEndpointNames, type RehearsalDefinition } from "./rehearsal-definition.ts";
import { keyPath, type RehearsalProblem } from "./rehearsal-problem.ts";
import { closest } from "./schema-problems.ts";

type LineOf = (segments: Array<string | number>) => number;

/**
 * What the JSON Schema cannot say: files that must exist, endpoint names, each action's options, step
 * names that expectations refer to. Each problem names the valid choices.
 */
export function checkMeaning(definition: RehearsalDefinition, raw: RawRehearsal, lineOf: LineOf): RehearsalProblem[] {
  const problems: RehearsalProblem[] = [];
  const problem = (segments: Array<string | number>, message: string, fix: string) => problems.push({ line: lineOf(segments), key: keyPath(segments), message, fix });
  const endpoints = validEndpointNames(definition.cluster);
  const endpoint = (segments: Array<string | number>, name: unknown) => {
    if (typeof name !== "string" || endpoints.includes(name)) return;
    const close = closest(name, endpoints);
    problem(segments, `"${name}" is not an endpoint${close ? ` (did you mean "${close}"?)` : ""}`, `use one of: ${endpoints.join(", ")}`);
  };
  const file = (segments: Array<string | number>, absolute: string, kinds = /\.sql$/i, kindWords = ".sql") => {
    const shown = path.relative(definition.folder, absolute);
    if (!existsSync(absolute)) problem(segments, `file "${shown}" does not exist (looked for ${absolute})`, `give a path relative to the rehearsal file's folder, ${definition.folder}`);
    else if (!kinds.test(absolute)) problem(segments, `"${shown}" is not a ${kindWords} file`, `give a ${kindWords} file`);
  };
  const listed = (value: string | string[] | undefined) => (value === undefined ? [] : Array.isArray(value) ? value.map((_, i) => i) : [undefined]);

  listed(raw.schema).forEach((position, i) => file(position === undefined ? ["schema"] : ["schema", position], definition.schema[i]!));
  listed(raw.data?.files).forEach((position, i) => file(position === undefined ? ["data", "files"] : ["data", "files", position], definition.data.files[i]!, /\.(sql|csv)$/i, ".sql or .csv"));
  listed(raw.green?.sql).forEach((position, i) => file(position === undefined ? ["green", "sql"] : ["green", "sql", position], definition.green.sql[i]!));

  const names = new Map<string, number>();
  for (const step of definition.steps) {
    const at = ["steps", step.index - 1];
    if (names.has(step.name)) problem([...at, "name"], `the step name "${step.name}" is also step ${names.get(step.name)}'s`, "give each step its own name (expectations refer to steps by name)");
    names.set(step.name, step.index);
    if (step.kind === "sql") {
      file([...at, "sql"], step.file);
      endpoint([...at, "on"], step.on);
    } else if (step.kind === "fault") {
      endpoint([...at, "on"], step.on);
      if (step.fault === "heal" && step.atSwitchoverPhase) problem([...at, "at"], "heal runs when its step comes, not at a switchover phase", "remove at: from the heal step");
    } else if (step.kind === "action") {
      const valid = ACTION_OPTIONS[step.action];
      for (const [option, value] of Object.entries(step.with)) {
        if (!(option in valid)) {
          const options = Object.entries(valid).map(([name, meaning]) => `${name} (${meaning})`);
          problem([...at, "with", option], `${step.action} has no option "${option}"`, options.length ? `use ${options.join("; ")}` : `${step.action} takes no options: remove with:`);
        } else if (["on", "to", "from", "caught-up"].includes(option) && !(step.action === "reverse-replication" && option === "from")) {
          endpoint([...at, "with", option], value);
        }
      }
      if (step.action === "reverse-replication" && step.with.from !== undefined && !["coordinates", "auto-position"].includes(String(step.with.from))) {
        problem([...at, "with", "from"], `"${String(step.with.from)}" is not a way to start reverse replication`, "use coordinates or auto-position");
      }
      if (step.action === "wait" && step.with.status === undefined && step.with["caught-up"] === undefined) problem(at, "wait needs to know what it waits for", "add with: {status: AVAILABLE} or with: {caught-up: green}");
      if (step.action === "change-green" && definition.green.sql.length === 0 && Object.keys(definition.green.parameters).length === 0) {
        problem(at, "change-green has no change to make", "declare green: {sql: [green.sql], parameters: {...}} in the file");
      }
    } else if (step.kind === "assert") {
      const { assert } = step;
      if (assert.on !== undefined) endpoint([...at, "assert", "on"], assert.on);
      if ((assert.replication || assert.replicationError !== undefined || assert.query) && !assert.on) problem([...at, "assert"], "a replication or query assertion needs the endpoint it looks at", `add on: (one of ${endpoints.join(", ")})`);
      if ("equals" in assert && !assert.query) problem([...at, "assert"], "equals: compares a query's result, but there is no query:", "add query: SELECT ...");
      if (assert.query && !("equals" in assert)) problem([...at, "assert"], "query: has nothing to compare with", "add equals: with the expected first column of the first row");
    }
  }
  const expect = definition.expect;
  if (expect.noLostWrites) endpoint(["expect", "no-lost-writes", "on"], expect.noLostWrites.on);
  if (expect.noLostWrites && !definition.workload) problem(["expect", "no-lost-writes"], "no writes to verify: the file declares no workload", "add workload: {writers: 2} (or remove no-lost-writes)");
  if (expect.maxWriteOutageSeconds !== undefined && !definition.workload) problem(["expect", "max-write-outage-seconds"], "no writes to measure an outage of: the file declares no workload", "add workload: {writers: 2}");
  expect.tablesEqual?.forEach((name, position) => endpoint(["expect", "tables-equal", position], name));
  expect.tablesDiffer?.forEach((name, position) => endpoint(["expect", "tables-differ", position], name));
  expect.fails.forEach((failure, position) => {
    if (!names.has(failure.step)) {
      const close = closest(failure.step, [...names.keys()]);
      problem(["expect", "fails", position, "step"], `no step is named "${failure.step}"${close ? ` (did you mean "${close}"?)` : ""}`, `name one of the steps: ${[...names.keys()].join(", ")}`);
    }
  });
  return problems;
}
