import { HarnessError } from "../errors/harness-error.ts";

/**
 * MySQL GTID sets ("uuid:1-5:7,uuid2:1-3"), computed locally so that "transactions behind" and errant
 * transactions (on the replica, not on the source) can be reported without a round trip to
 * GTID_SUBTRACT, and on recorded values in tests. Tagged GTIDs of 8.3+ ("uuid:1-5:tag:1-3", the tag
 * applying to the intervals after it) are parsed and kept apart from the untagged ones.
 */

/** Inclusive range of transaction numbers. */
export interface GtidInterval {
  start: number;
  end: number;
}

/**
 * Normalized: keys are "uuid" or "uuid:tag" (lowercase), interval lists sorted, disjoint and
 * non-adjacent, never empty. Two equal sets have equal formats.
 */
export interface GtidSet {
  readonly sources: ReadonlyMap<string, readonly GtidInterval[]>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TAG = /^[a-z_][a-z0-9_]{0,31}$/;
const INTERVAL = /^(\d+)(?:\s*-\s*(\d+))?$/;

export const EMPTY_GTID_SET: GtidSet = { sources: new Map() };

/**
 * Parses a GTID set as MySQL prints or accepts it (checked against GTID_SUBTRACT on 9.7.4): commas
 * with optional newlines/spaces, empty items, spaces around ":" and "-", a UUID or tag without
 * intervals and a reversed interval ("3-2") all mean "nothing"; 0 and empty parts are errors.
 */
export function parseGtidSet(text: string): GtidSet {
  const sources = new Map<string, GtidInterval[]>();
  for (const rawItem of text.split(",")) {
    const item = rawItem.trim();
    if (item === "") continue;
    const parts = item.split(":").map((p) => p.trim());
    const uuid = parts[0]!.toLowerCase();
    if (!UUID.test(uuid)) throw malformed(text, `"${parts[0]}" is not a server UUID`);
    let key = uuid;
    for (const part of parts.slice(1)) {
      const interval = INTERVAL.exec(part);
      if (interval) {
        const start = toSafe(interval[1]!, text);
        const end = interval[2] === undefined ? start : toSafe(interval[2], text);
        if (start < 1) throw malformed(text, `"${part}": transaction numbers start at 1`);
        if (end < start) continue;
        const list = sources.get(key) ?? [];
        list.push({ start, end });
        sources.set(key, list);
      } else if (TAG.test(part.toLowerCase())) {
        // 8.3+: a tag applies to the intervals after it; tags are case-insensitive, shown in lowercase.
        key = `${uuid}:${part.toLowerCase()}`;
      } else {
        throw malformed(text, part === "" ? `"${item}" has an empty part` : `"${part}" is neither an interval nor a tag`);
      }
    }
  }
  return normalized(sources);
}

/** MySQL's textual form, compact (no newlines): sources sorted, untagged before tagged, "n" or "a-b". */
export function formatGtidSet(set: GtidSet | string): string {
  const { sources } = asSet(set);
  const items: string[] = [];
  let current: { uuid: string; parts: string[] } | null = null;
  for (const key of [...sources.keys()].sort()) {
    const [uuid, tag] = key.split(":") as [string, string | undefined];
    if (current === null || current.uuid !== uuid) {
      current = { uuid, parts: [uuid] };
      items.push("");
    }
    if (tag !== undefined) current.parts.push(tag);
    for (const { start, end } of sources.get(key)!) current.parts.push(start === end ? `${start}` : `${start}-${end}`);
    items[items.length - 1] = current.parts.join(":");
  }
  return items.join(",");
}

/** Transactions in `a` and not in `b` (GTID_SUBTRACT). */
export function subtractGtidSets(a: GtidSet | string, b: GtidSet | string): GtidSet {
  const left = asSet(a);
  const right = asSet(b);
  const result = new Map<string, GtidInterval[]>();
  for (const [key, intervals] of left.sources) {
    const remove = right.sources.get(key) ?? [];
    const kept: GtidInterval[] = [];
    for (const interval of intervals) {
      let start = interval.start;
      for (const r of remove) {
        if (r.end < start || r.start > interval.end) continue;
        if (r.start > start) kept.push({ start, end: r.start - 1 });
        start = Math.max(start, r.end + 1);
        if (start > interval.end) break;
      }
      if (start <= interval.end) kept.push({ start, end: interval.end });
    }
    if (kept.length > 0) result.set(key, kept);
  }
  return normalized(result);
}

/** All transactions of either set. */
export function unionGtidSets(a: GtidSet | string, b: GtidSet | string): GtidSet {
  const result = new Map<string, GtidInterval[]>();
  for (const set of [asSet(a), asSet(b)]) {
    for (const [key, intervals] of set.sources) result.set(key, [...(result.get(key) ?? []), ...intervals]);
  }
  return normalized(result);
}

/** True when `a` includes every transaction of `b` (GTID_SUBSET(b, a)). */
export function gtidSetContains(a: GtidSet | string, b: GtidSet | string): boolean {
  return subtractGtidSets(b, a).sources.size === 0;
}

/** Number of transactions in the set. */
export function countGtids(set: GtidSet | string): number {
  let total = 0;
  for (const intervals of asSet(set).sources.values()) {
    for (const { start, end } of intervals) total += end - start + 1;
  }
  return total;
}

export function isEmptyGtidSet(set: GtidSet | string): boolean {
  return asSet(set).sources.size === 0;
}

function asSet(set: GtidSet | string): GtidSet {
  return typeof set === "string" ? parseGtidSet(set) : set;
}

/** Sorts and merges overlapping or adjacent intervals (MySQL prints 1-3:4-5 as 1-5). */
function normalized(sources: Map<string, GtidInterval[]>): GtidSet {
  const result = new Map<string, GtidInterval[]>();
  for (const [key, intervals] of sources) {
    const sorted = [...intervals].sort((x, y) => x.start - y.start);
    const merged: GtidInterval[] = [];
    for (const interval of sorted) {
      const last = merged[merged.length - 1];
      if (last !== undefined && interval.start <= last.end + 1) last.end = Math.max(last.end, interval.end);
      else merged.push({ ...interval });
    }
    if (merged.length > 0) result.set(key, merged);
  }
  return { sources: result };
}

function toSafe(digits: string, text: string): number {
  const value = Number(digits);
  // GTID numbers go up to 2^63-1; beyond 2^53 a JavaScript number would silently round.
  if (!Number.isSafeInteger(value)) throw malformed(text, `transaction number ${digits} is too large to count exactly`);
  return value;
}

function malformed(text: string, why: string): HarnessError {
  return new HarnessError({
    what: "parsing a GTID set",
    cause: `${JSON.stringify(text)}: ${why}`,
    fix: "pass a GTID set as MySQL prints it, e.g. \"3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:7\"",
  });
}

// ---------------------------------------------------------------------------------------------------
// MariaDB: a position is one "domain-server-seq" per replication domain ("0-1-5,1-2-7"); sequence
// numbers grow within a domain, whatever server wrote them.

export interface MariadbGtid {
  serverId: number;
  seq: number;
}

/** domain id -> last GTID of that domain. */
export type MariadbPosition = ReadonlyMap<number, MariadbGtid>;

const MARIADB_GTID = /^(\d+)-(\d+)-(\d+)$/;

/**
 * Parses @@gtid_binlog_pos / @@gtid_slave_pos. A domain listed twice (as in @@gtid_binlog_state,
 * one entry per server) keeps its highest sequence number: that is how far the domain got.
 */
export function parseMariadbPosition(text: string): MariadbPosition {
  const position = new Map<number, MariadbGtid>();
  for (const rawItem of text.split(",")) {
    const item = rawItem.trim();
    if (item === "") continue;
    const match = MARIADB_GTID.exec(item);
    if (!match) {
      throw new HarnessError({
        what: "parsing a MariaDB GTID position",
        cause: `${JSON.stringify(text)}: "${item}" is not domain-server-sequence`,
        fix: 'pass a position as MariaDB prints it, e.g. "0-1-5,1-2-7"',
      });
    }
    const domain = Number(match[1]);
    const gtid = { serverId: Number(match[2]), seq: Number(match[3]) };
    const known = position.get(domain);
    if (known === undefined || gtid.seq > known.seq) position.set(domain, gtid);
  }
  return position;
}

export function formatMariadbPosition(position: MariadbPosition | string): string {
  const p = typeof position === "string" ? parseMariadbPosition(position) : position;
  return [...p.entries()]
    .sort(([x], [y]) => x - y)
    .map(([domain, { serverId, seq }]) => `${domain}-${serverId}-${seq}`)
    .join(",");
}

/** True when `a` has reached `b` in every domain of `b` (what MASTER_GTID_WAIT(b) waits for). */
export function mariadbPositionContains(a: MariadbPosition | string, b: MariadbPosition | string): boolean {
  const have = typeof a === "string" ? parseMariadbPosition(a) : a;
  const want = typeof b === "string" ? parseMariadbPosition(b) : b;
  for (const [domain, { seq }] of want) {
    const reached = have.get(domain);
    if (reached === undefined || reached.seq < seq) return false;
  }
  return true;
}
