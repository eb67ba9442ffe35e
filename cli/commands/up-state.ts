import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** What a detached `bgh up` leaves for `bgh down` and for a second `bgh up` to find. */
export interface UpState {
  pid: number;
  url: string;
  runId: string;
  /** The connection details `bgh up` printed, shown again by a second `bgh up`. */
  summary: string;
}

export function upStateDir(): string {
  return process.env.BGH_STATE_DIR ?? path.join(os.homedir(), ".bgh");
}

const stateFile = () => path.join(upStateDir(), "up.json");
/**
 * The quick RDS waiters' folder (harness/tools/quick-waiters.ts) for the user's AWS_DATA_PATH: one
 * fixed place, so an exported AWS_DATA_PATH still holds after the next `bgh up`; removed when it stops.
 */
export const upAwsDataDir = () => path.join(upStateDir(), "aws-data");
export const upLogFile = () => path.join(upStateDir(), "up.log");

export function readUpState(): UpState | undefined {
  if (!existsSync(stateFile())) return undefined;
  try {
    return JSON.parse(readFileSync(stateFile(), "utf8")) as UpState;
  } catch {
    return undefined;
  }
}

export function writeUpState(state: UpState): void {
  mkdirSync(upStateDir(), { recursive: true });
  writeFileSync(stateFile(), JSON.stringify(state, null, 2), { mode: 0o600 });
}

export function clearUpState(): void {
  rmSync(stateFile(), { force: true });
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
