import { randomBytes } from "node:crypto";
import { closeSync, constants, accessSync, existsSync, fsyncSync, openSync, readFileSync, lstatSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from "node:fs";
import path from "node:path";
import lockfile from "proper-lockfile";
import { HarnessError, messageOf } from "../errors/harness-error.ts";
import { ownerIsAlive, ownerTag } from "../lifecycle/labels.ts";

/** One line of a run's block: a name and the loopback address it resolves to. */
export interface HostsEntry {
  name: string;
  address: string;
}

/** The system hosts file, or another (tests, a user's sandbox) named by BGH_HOSTS_FILE. */
export function hostsFilePath(): string {
  return process.env.BGH_HOSTS_FILE || "/etc/hosts";
}

const BEGIN = "# bgh:begin";
const END = "# bgh:end";

/** A block the harness wrote for one run: its run id, its owner (host:pid:start) and its entries. */
export interface HostsBlock {
  runId: string;
  owner: string;
  entries: HostsEntry[];
}

/**
 * The harness's entries in the hosts file: one marked block per run,
 *
 *     # bgh:begin <run id> <owner>
 *     127.71.4.9 mydb.cluster-abcdefghijkl.us-east-1.rds.amazonaws.com
 *     # bgh:end <run id>
 *
 * Every change rewrites the file whole (a temporary file beside it, then rename: a reader sees the old
 * file or the new one, never half of one; where the file is a bind mount that cannot be replaced, it
 * is rewritten in place), under a lock (proper-lockfile) so that parallel runs never lose each
 * other's blocks. Lines outside bgh's blocks are kept byte for byte.
 */
export class HostsFile {
  constructor(readonly file: string = hostsFilePath()) {}

  /** Whether this process may change the file: root, or a writable file in a writable folder. */
  writable(): { ok: true } | { ok: false; reason: string } {
    if (existsSync(this.file) && !statSync(this.file).isFile()) return { ok: false, reason: `${this.file} is not a regular file` };
    try {
      accessSync(this.file, constants.R_OK | constants.W_OK);
      return { ok: true };
    } catch (error) {
      return { ok: false, reason: `${this.file} is not writable by this user (${messageOf(error)})` };
    }
  }

  /** Replaces the run's block with these entries (an empty list removes it). */
  async setBlock(runId: string, entries: readonly HostsEntry[]): Promise<void> {
    assertRunId(runId);
    await this.edit((blocks) => {
      const others = blocks.filter((block) => block.runId !== runId);
      return entries.length ? [...others, { runId, owner: ownerTag(), entries: [...entries] }] : others;
    });
  }

  async removeBlock(runId: string): Promise<boolean> {
    let removed = false;
    await this.edit((blocks) => {
      removed = blocks.some((block) => block.runId === runId);
      return blocks.filter((block) => block.runId !== runId);
    });
    return removed;
  }

  /** The blocks now in the file. */
  blocks(): HostsBlock[] {
    return parse(this.read()).blocks;
  }

  /**
   * Removes blocks: those of a run (and of its scenarios, "<runId>-..."), or every one (`all`), or by
   * default the orphans, whose owning process is gone (a run killed with SIGKILL). Returns their run ids.
   */
  async reap(options: { runId?: string; all?: boolean } = {}): Promise<string[]> {
    if (!existsSync(this.file)) return [];
    const selected = (block: HostsBlock) =>
      options.runId ? block.runId === options.runId || block.runId.startsWith(`${options.runId}-`) : options.all ? true : !ownerIsAlive(block.owner);
    if (!this.blocks().some(selected)) return [];
    const removed: string[] = [];
    await this.edit((blocks) =>
      blocks.filter((block) => {
        if (!selected(block)) return true;
        removed.push(block.runId);
        return false;
      }),
    );
    return removed;
  }

  private read(): string {
    return existsSync(this.file) ? readFileSync(this.file, "utf8") : "";
  }

  private async edit(change: (blocks: HostsBlock[]) => HostsBlock[]): Promise<void> {
    // Replacing a device or a link's target by a regular file would break the machine: only regular files.
    if (existsSync(this.file) && !statSync(this.file).isFile()) {
      throw new HarnessError({ what: `changing bgh's name entries in ${this.file}`, cause: `${this.file} is not a regular file`, fix: "point BGH_HOSTS_FILE at a hosts file (a regular file), or unset it for /etc/hosts" });
    }
    let release: (() => Promise<void>) | undefined;
    try {
      // The lock is a folder beside the file: writable exactly where the file is.
      release = await lockfile.lock(this.file, { realpath: false, stale: 10_000, retries: { retries: 40, minTimeout: 25, maxTimeout: 250 } });
    } catch (error) {
      throw new HarnessError({
        what: `locking ${this.file} to change bgh's name entries`,
        cause: messageOf(error),
        fix: `if no bgh run is active, remove the stale lock folder ${this.file}.lock`,
        error,
      });
    }
    try {
      const before = this.read();
      const { kept, blocks } = parse(before);
      const after = render(kept, change(blocks));
      // Unchanged: not rewritten (a file bgh has nothing in stays untouched).
      if (after !== before) this.write(after);
    } finally {
      await release();
    }
  }

  private write(text: string): void {
    // A link (some systems link /etc/hosts elsewhere) stays a link: its target is rewritten in place.
    if (existsSync(this.file) && lstatSync(this.file).isSymbolicLink()) return writeFileSync(this.file, text);
    const temporary = path.join(path.dirname(this.file), `.${path.basename(this.file)}.bgh-${randomBytes(4).toString("hex")}`);
    try {
      const fd = openSync(temporary, "w", 0o644);
      try {
        writeSync(fd, text);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temporary, this.file);
    } catch (error) {
      rmSync(temporary, { force: true });
      const code = (error as { code?: string }).code;
      // A bind-mounted /etc/hosts (inside a container) cannot be replaced: rewrite it in place.
      if (code === "EBUSY" || code === "EXDEV" || code === "EPERM") writeFileSync(this.file, text);
      else throw error;
    }
  }
}

function assertRunId(runId: string): void {
  if (!/^[A-Za-z0-9._-]+$/.test(runId)) throw new Error(`run id ${JSON.stringify(runId)} cannot mark a hosts block: use letters, digits, dots, dashes, underscores`);
}

/** Splits the file into the lines bgh did not write (kept as they are) and bgh's blocks. */
export function parse(text: string): { kept: string[]; blocks: HostsBlock[] } {
  const kept: string[] = [];
  const blocks: HostsBlock[] = [];
  let current: HostsBlock | undefined;
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  for (const line of lines) {
    if (!current && line.startsWith(`${BEGIN} `)) {
      const [runId = "", owner = ""] = line.slice(BEGIN.length + 1).trim().split(/\s+/);
      current = { runId, owner, entries: [] };
    } else if (current && line.startsWith(END)) {
      blocks.push(current);
      current = undefined;
    } else if (current) {
      const [address, name] = line.trim().split(/\s+/);
      if (address && name) current.entries.push({ address, name });
    } else kept.push(line);
  }
  // A block without its end line (a hand edit): its lines are not ours to judge, keep them.
  if (current) kept.push(`${BEGIN} ${current.runId} ${current.owner}`, ...current.entries.map((entry) => `${entry.address} ${entry.name}`));
  return { kept, blocks };
}

export function render(kept: readonly string[], blocks: readonly HostsBlock[]): string {
  const lines = [...kept];
  for (const block of blocks) {
    lines.push(`${BEGIN} ${block.runId} ${block.owner}`, ...block.entries.map((entry) => `${entry.address} ${entry.name}`), `${END} ${block.runId}`);
  }
  return lines.length ? `${lines.join("\n")}\n` : "";
}
