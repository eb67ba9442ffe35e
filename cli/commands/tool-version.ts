import { readFileSync } from "node:fs";

/** The package's version, as reports name the tool that wrote them. */
export function toolVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version?: string };
  return manifest.version ?? "unknown";
}
