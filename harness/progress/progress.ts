/**
 * Progress messages for long steps (installing Docker, building images, starting nodes).
 * Plain lines on stderr, so that they show in CI logs and never mix with a command's own output.
 */
export type ProgressSink = (line: string) => void;

let sink: ProgressSink = (line) => process.stderr.write(`[bgh] ${line}\n`);

export function progress(line: string): void {
  sink(line);
}

/** A warning that must not be missed: framed so that it stands out in a long CI log. */
export function loudWarning(lines: string[]): void {
  const bar = "!".repeat(78);
  sink(bar);
  for (const line of lines) sink(`!! ${line}`);
  sink(bar);
}

/** Replaces where progress goes (tests capture it; a quiet mode drops it). Returns the previous sink. */
export function setProgressSink(next: ProgressSink): ProgressSink {
  const previous = sink;
  sink = next;
  return previous;
}
