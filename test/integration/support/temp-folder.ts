import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

// Report and state folders a test file makes under the system's temp folder, removed when the file's
// tests end (remove-temp-folders.ts, a setup file: test workers share modules between files, so a
// hook registered here would only run for the first file of each worker).
const made: string[] = [];

export function tempFolder(prefix: string): string {
  const folder = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(folder);
  return folder;
}

/** Removes every folder made so far: a test run leaves nothing on the machine, temp folders included. */
export function removeTempFolders(): void {
  for (const folder of made.splice(0)) rmSync(folder, { recursive: true, force: true });
}
