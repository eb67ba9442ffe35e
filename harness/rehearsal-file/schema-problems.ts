import type { ErrorObject } from "ajv";
import { ENDPOINT_NAMES } from "./rehearsal-definition.ts";
import { keyPath, type RehearsalProblem } from "./rehearsal-problem.ts";
import type { YamlPositions } from "./yaml-positions.ts";

const STEP_KINDS = ["run", "sql", "action", "fault", "assert"];

/**
 * ajv's errors as a person needs them: the line and key, what is wrong in words, and the fix, with the
 * valid keys or values listed. Errors that only restate another (the branches of anyOf/oneOf, the
 * `if` wrapping a step kind's own errors) are dropped.
 */
export function schemaProblems(errors: ErrorObject[], data: unknown, positions: YamlPositions): RehearsalProblem[] {
  const problems: RehearsalProblem[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    if (error.keyword === "if" || /\/(anyOf|oneOf)\/\d+\//.test(`${error.schemaPath}/`)) continue;
    const segments = pointerSegments(error.instancePath, data);
    const problem = describe(error, segments, positions);
    const identity = `${problem.line}|${problem.key}|${problem.message}`;
    if (!seen.has(identity)) problems.push(problem), seen.add(identity);
  }
  return problems;
}

function describe(error: ErrorObject, segments: Array<string | number>, positions: YamlPositions): RehearsalProblem {
  const key = keyPath(segments);
  const line = positions.line(segments);
  const parent = error.parentSchema as { properties?: Record<string, { description?: string }>; description?: string } | undefined;
  const shown = JSON.stringify(error.data);
  switch (error.keyword) {
    case "additionalProperties": {
      const unknown = String((error.params as { additionalProperty: string }).additionalProperty);
      const valid = Object.keys(parent?.properties ?? {});
      const close = closest(unknown, valid);
      return {
        line: positions.line([...segments, unknown], true),
        key: keyPath([...segments, unknown]),
        message: `unknown key "${unknown}"${close ? ` (did you mean "${close}"?)` : ""}`,
        fix: valid.length ? `use one of: ${valid.join(", ")}` : "remove it",
      };
    }
    case "required": {
      const missing = String((error.params as { missingProperty: string }).missingProperty);
      const about = parent?.properties?.[missing]?.description ?? (missing === "on" ? `the endpoint: ${Object.keys(ENDPOINT_NAMES).join(", ")} or an instance identifier` : undefined);
      return { line, key, message: `"${missing}" is missing`, fix: `add ${missing}:${about ? ` ${about}` : ""}` };
    }
    case "enum": {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map(String);
      const close = closest(String(error.data), allowed);
      return { line, key, message: `${shown} is not a valid ${String(segments.at(-1))}${close ? ` (did you mean "${close}"?)` : ""}`, fix: `use one of: ${allowed.join(", ")}` };
    }
    case "anyOf":
      return { line, key, message: "a step must say what it does", fix: `give it one of the keys ${STEP_KINDS.join(", ")} (e.g. \`run: ./rollback.sh\` or \`action: switchover\`)` };
    case "oneOf":
      return { line, key, message: `${shown} has the wrong form`, fix: parent?.description ?? "see schema/rehearsal.schema.json" };
    case "type":
      return { line, key, message: `${shown} is not ${article(String((error.params as { type: string }).type))}`, fix: `write ${article(String((error.params as { type: string }).type))} here${parent?.description ? ` (${parent.description})` : ""}` };
    default:
      return { line, key, message: `${shown} ${error.message ?? "is not valid"}`, fix: parent?.description ?? "see schema/rehearsal.schema.json" };
  }
}

/** A JSON pointer as key segments, array positions as numbers. */
function pointerSegments(pointer: string, data: unknown): Array<string | number> {
  const segments: Array<string | number> = [];
  let node = data as unknown;
  for (const raw of pointer.split("/").slice(1)) {
    const part = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    const segment = Array.isArray(node) ? Number(part) : part;
    segments.push(segment);
    node = (node as Record<string | number, unknown> | undefined)?.[segment];
  }
  return segments;
}

function article(type: string): string {
  return `${/^[aeiou]/.test(type) ? "an" : "a"} ${type}`;
}

/** The valid name a misspelling most likely meant (edit distance at most a third of its length). */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance <= Math.max(1, Math.floor(candidate.length / 3)) && (!best || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    previous = current;
  }
  return previous[b.length]!;
}
