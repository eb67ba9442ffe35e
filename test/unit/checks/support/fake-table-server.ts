import { createHash } from "node:crypto";
import { crc32 } from "node:zlib";
import type { SqlRow, SqlRunner } from "../../../../harness/sql/sql-runner.ts";
import type { TablePlan } from "../../../../harness/checks/table-plan.ts";

export type FakeRow = Record<string, string | null>;

/**
 * One table on a pretend server, answering the checker's statements (recognized by shape) from rows
 * in memory: counts, MIN/MAX, index-walk boundaries, chunk and bucket checksums, leaf rows. The row hash
 * is SHA-256 of the values, the key hash CRC32 of the key parts joined by '#', as the real SQL does.
 * Enough to test how the checker assembles its report without a server; the SQL itself is tested
 * against real servers in test/integration/checks.
 */
export class FakeTableServer implements SqlRunner {
  readonly statements: string[] = [];

  constructor(
    private readonly plan: TablePlan,
    private rows: FakeRow[],
  ) {}

  async query(sql: string): Promise<SqlRow[]> {
    this.statements.push(sql);
    const column = this.plan.chunking.method === "primary-key-ranges" ? this.plan.chunking.column : null;
    const keys = () => this.rows.map((row) => BigInt(row[column!]!)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (/AS n, MIN/.test(sql)) {
      const sorted = keys();
      return [{ n: sorted.length, lo: sorted[0]?.toString() ?? null, hi: sorted.at(-1)?.toString() ?? null }];
    }
    if (/^SELECT COUNT\(\*\) AS n FROM/.test(sql)) return [{ n: String(this.rows.length) }];
    const offset = /LIMIT 1 OFFSET (\d+)/.exec(sql);
    if (offset) {
      const from = />= (-?\d+)/.exec(sql);
      const candidates = keys().filter((key) => !from || key >= BigInt(from[1]!));
      const found = candidates[Number(offset[1])];
      return found === undefined ? [] : [{ b: found.toString() }];
    }
    const following = /MIN\(.*\) AS b .* > (-?\d+)$/.exec(sql);
    if (following) {
      const next = keys().find((key) => key > BigInt(following[1]!));
      return [{ b: next === undefined ? null : next.toString() }];
    }
    const selected = this.rows.filter((row) => this.inRange(row, sql) && this.inBucket(row, sql));
    if (/AS bucket/.test(sql)) {
      const [, shift, mask] = />> (\d+)\) & (\d+)\)/.exec(sql)!;
      const groups = new Map<number, FakeRow[]>();
      for (const row of selected) {
        const bucket = Math.floor(this.keyHash(row) / 2 ** Number(shift)) % (Number(mask) + 1);
        groups.set(bucket, [...(groups.get(bucket) ?? []), row]);
      }
      return [...groups].map(([bucket, rows]) => ({ bucket, ...this.sum(rows) }));
    }
    if (/AS row_count/.test(sql)) return [this.sum(selected)];
    if (/AS c0/.test(sql)) return selected.map((row) => Object.fromEntries(this.plan.columns.map((c, i) => [`c${i}`, row[c.name] === null ? null : Buffer.from(row[c.name]!)])));
    throw new Error(`the fake server does not know this statement: ${sql}`);
  }

  private inRange(row: FakeRow, sql: string): boolean {
    if (this.plan.chunking.method !== "primary-key-ranges") return true;
    const key = BigInt(row[this.plan.chunking.column]!);
    const from = />= (-?\d+)/.exec(sql);
    const to = / < (-?\d+)/.exec(sql);
    return (!from || key >= BigInt(from[1]!)) && (!to || key < BigInt(to[1]!));
  }

  private inBucket(row: FakeRow, sql: string): boolean {
    const terms = [...sql.matchAll(/& (\d+)\) (?:= (\d+)|IN \(([\d, ]+)\))/g)];
    return terms.length === 0 || terms.some(([, mask, value, list]) => (value ?? list!).split(", ").map(Number).includes(this.keyHash(row) % (Number(mask) + 1)));
  }

  private keyHash(row: FakeRow): number {
    return crc32(this.plan.keyIndexes.map((i) => row[this.plan.columns[i]!.name]).filter((v) => v !== null).join("#"));
  }

  private sum(rows: FakeRow[]): SqlRow {
    let checksum = 0n;
    for (const row of rows) checksum += createHash("sha256").update(JSON.stringify(this.plan.columns.map((c) => row[c.name]))).digest().readBigUInt64BE(0);
    return { row_count: String(rows.length), checksum: checksum.toString() };
  }
}
