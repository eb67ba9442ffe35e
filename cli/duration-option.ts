import { HarnessError } from "../harness/errors/harness-error.ts";

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Reads a duration such as 90s, 30m, 2h or 1h30m (a bare number is seconds) into milliseconds. */
export function parseDuration(text: string, option: string): number {
  const trimmed = text.trim();
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)?/g)];
  const whole = parts.map((part) => part[0]).join("");
  const ms = parts.reduce((sum, part) => sum + Number(part[1]) * UNITS[part[2] ?? "s"]!, 0);
  if (!trimmed || whole !== trimmed || parts.length === 0 || !(ms > 0)) {
    throw new HarnessError({ what: `reading ${option} ${text}`, cause: "it is not a duration", fix: `write e.g. ${option} 90s, 30m, 2h or 1h30m` });
  }
  return Math.round(ms);
}

/** 4230000 -> "1h10m30s": short, for progress lines. */
export function formatRemaining(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h ? `${h}h${String(m).padStart(2, "0")}m` : m ? `${m}m${String(s).padStart(2, "0")}s` : `${s}s`;
}
