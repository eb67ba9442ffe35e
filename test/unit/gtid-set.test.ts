import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HarnessError } from "../../harness/errors/harness-error.ts";
import {
  countGtids,
  formatGtidSet,
  formatMariadbPosition,
  gtidSetContains,
  isEmptyGtidSet,
  mariadbPositionContains,
  parseGtidSet,
  parseMariadbPosition,
  subtractGtidSets,
  unionGtidSets,
} from "../../harness/replication/gtid-set.ts";

const A = "8a8a3361-e61e-11f1-b2f3-0242ac130002";
const B = "0a8a3361-e61e-11f1-b2f3-0242ac130002";

describe("parse and format, as MySQL 9.7.4's GTID_SUBTRACT(x, '') normalizes", () => {
  it.each([
    [`${A}:tag_b:2:Tag_A:1-3:7:1-5,${B}:3, ${A}:9`, `${B}:3,${A}:9:tag_a:1-5:7:tag_b:2`],
    [` ${A} : 1 - 2 : 5 ,\n ${B}:3`, `${B}:3,${A}:1-2:5`],
    [`${A.toUpperCase()}:1-2`, `${A}:1-2`],
    [`${A}:1:2:3:5`, `${A}:1-3:5`],
    [`${A}:1-2,,${B}:3`, `${B}:3,${A}:1-2`],
    [A, ""],
    [`${A}:tag`, ""],
    [`${A}:3-2`, ""],
    ["", ""],
    [`${A}:1-3:4-5`, `${A}:1-5`],
  ])("%j -> %j", (input, expected) => {
    expect(formatGtidSet(parseGtidSet(input))).toBe(expected);
  });

  it.each([`${A}:0`, `${A}:1-3:4-5:tag:`, `${A}:x-1`, "not-a-uuid:1", `${A}:1-2:`, `${A}:99999999999999999999`])("rejects %j", (input) => {
    expect(() => parseGtidSet(input)).toThrow(HarnessError);
  });
});

describe("set operations on examples", () => {
  it("subtract, contains, count", () => {
    const source = `${A}:1-13,${B}:1-3`;
    const replica = `${A}:1-5:7,${B}:1-3:4`;
    expect(formatGtidSet(subtractGtidSets(source, replica))).toBe(`${A}:6:8-13`);
    expect(countGtids(subtractGtidSets(source, replica))).toBe(7);
    // errant: on the replica, not on the source
    expect(formatGtidSet(subtractGtidSets(replica, source))).toBe(`${B}:4`);
    expect(gtidSetContains(source, `${A}:2-4`)).toBe(true);
    expect(gtidSetContains(source, replica)).toBe(false);
    expect(gtidSetContains(source, "")).toBe(true);
    expect(countGtids(`${A}:1-13:tag_a:1-2`)).toBe(15);
    expect(isEmptyGtidSet(subtractGtidSets(`${A}:tag_a:1`, `${A}:1`))).toBe(false);
    expect(formatGtidSet(unionGtidSets(`${A}:1-3`, `${A}:4,${B}:1`))).toBe(`${B}:1,${A}:1-4`);
  });
});

// ---- properties against a naive model: a set of "key#n" strings ----

interface Segment {
  tag: string | null;
  intervals: [number, number][];
}
interface Item {
  uuid: string;
  segments: Segment[];
}

const uuidArb = fc.constantFrom(A, B, A.toUpperCase());
const tagArb = fc.constantFrom("tag_a", "Tag_A", "t2");
const intervalArb = fc.tuple(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 })).map(([s, len]) => [s, s + (len % 7) - 1] as [number, number]);
const segmentArb: fc.Arbitrary<Segment> = fc.record({ tag: fc.option(tagArb, { nil: null }), intervals: fc.array(intervalArb, { maxLength: 4 }) });
const itemArb: fc.Arbitrary<Item> = fc.record({ uuid: uuidArb, segments: fc.array(segmentArb, { minLength: 1, maxLength: 3 }) });
const setArb = fc.array(itemArb, { maxLength: 4 });
const separatorArb = fc.constantFrom(",", ",\n", ", ", " ,");

function render(items: Item[], separators: string[]): string {
  return items
    .map((item, i) => {
      const parts = [item.uuid];
      for (const segment of item.segments) {
        if (segment.tag !== null) parts.push(segment.tag);
        for (const [s, e] of segment.intervals) parts.push(s === e ? `${s}` : `${s}-${e}`);
      }
      return (i === 0 ? "" : separators[i % separators.length]) + parts.join(":");
    })
    .join("");
}

function model(items: Item[]): Set<string> {
  const members = new Set<string>();
  for (const item of items) {
    let key = item.uuid.toLowerCase();
    for (const segment of item.segments) {
      if (segment.tag !== null) key = `${item.uuid.toLowerCase()}:${segment.tag.toLowerCase()}`;
      for (const [s, e] of segment.intervals) for (let n = s; n <= e; n++) members.add(`${key}#${n}`);
    }
  }
  return members;
}

/** The canonical text of a model, built without the module's code. */
function naiveFormat(members: Set<string>): string {
  const byKey = new Map<string, number[]>();
  for (const member of members) {
    const [key, n] = member.split("#") as [string, string];
    byKey.set(key, [...(byKey.get(key) ?? []), Number(n)]);
  }
  const byUuid = new Map<string, string[]>();
  for (const key of [...byKey.keys()].sort()) {
    const numbers = byKey.get(key)!.sort((x, y) => x - y);
    const ranges: string[] = [];
    let start = numbers[0]!;
    for (let i = 1; i <= numbers.length; i++) {
      if (i < numbers.length && numbers[i] === numbers[i - 1]! + 1) continue;
      const end = numbers[i - 1]!;
      ranges.push(start === end ? `${start}` : `${start}-${end}`);
      start = numbers[i]!;
    }
    const [uuid, tag] = key.split(":") as [string, string | undefined];
    byUuid.set(uuid, [...(byUuid.get(uuid) ?? []), ...(tag === undefined ? [] : [tag]), ...ranges]);
  }
  return [...byUuid.entries()].map(([uuid, parts]) => [uuid, ...parts].join(":")).join(",");
}

const withText = fc.tuple(setArb, fc.array(separatorArb, { minLength: 1, maxLength: 3 })).map(([items, seps]) => ({ text: render(items, seps), members: model(items) }));

describe("GTID set laws (fast-check, against a set-of-numbers model)", () => {
  it("parse then format gives the model's canonical text; count is the model's size", () => {
    fc.assert(
      fc.property(withText, ({ text, members }) => {
        const set = parseGtidSet(text);
        expect(formatGtidSet(set)).toBe(naiveFormat(members));
        expect(countGtids(set)).toBe(members.size);
        expect(formatGtidSet(parseGtidSet(formatGtidSet(set)))).toBe(formatGtidSet(set));
      }),
    );
  });

  it("subtract is set difference", () => {
    fc.assert(
      fc.property(withText, withText, (a, b) => {
        const expected = new Set([...a.members].filter((m) => !b.members.has(m)));
        expect(formatGtidSet(subtractGtidSets(a.text, b.text))).toBe(naiveFormat(expected));
        expect(countGtids(subtractGtidSets(a.text, b.text))).toBe(expected.size);
      }),
    );
  });

  it("contains is the subset relation", () => {
    fc.assert(
      fc.property(withText, withText, (a, b) => {
        const expected = [...b.members].every((m) => a.members.has(m));
        expect(gtidSetContains(a.text, b.text)).toBe(expected);
        expect(gtidSetContains(unionGtidSets(a.text, b.text), b.text)).toBe(true);
        expect(gtidSetContains(a.text, subtractGtidSets(a.text, b.text))).toBe(true);
      }),
    );
  });

  it("|a| = |a - b| + |a ∩ b| and |a ∪ b| is the model union size", () => {
    fc.assert(
      fc.property(withText, withText, (a, b) => {
        const both = [...a.members].filter((m) => b.members.has(m)).length;
        expect(countGtids(a.text)).toBe(countGtids(subtractGtidSets(a.text, b.text)) + both);
        expect(countGtids(unionGtidSets(a.text, b.text))).toBe(new Set([...a.members, ...b.members]).size);
      }),
    );
  });
});

describe("MariaDB positions", () => {
  it("parses domain-server-seq lists, keeping the highest seq per domain", () => {
    expect([...parseMariadbPosition("0-1-5, 1-2-7")]).toEqual([
      [0, { serverId: 1, seq: 5 }],
      [1, { serverId: 2, seq: 7 }],
    ]);
    expect(formatMariadbPosition("1-2-7,0-12-2,0-11-9")).toBe("0-11-9,1-2-7");
    expect(formatMariadbPosition("")).toBe("");
    expect(() => parseMariadbPosition("0-1")).toThrow(HarnessError);
    expect(() => parseMariadbPosition(`${A}:1-5`)).toThrow(/domain-server-sequence/);
  });

  it("contains compares sequence numbers per domain, whatever server wrote them", () => {
    expect(mariadbPositionContains("0-11-7", "0-11-7")).toBe(true);
    expect(mariadbPositionContains("0-12-9", "0-11-7")).toBe(true);
    expect(mariadbPositionContains("0-11-6", "0-11-7")).toBe(false);
    expect(mariadbPositionContains("0-11-7", "0-11-7,1-2-1")).toBe(false);
    expect(mariadbPositionContains("0-11-7,1-2-1", "")).toBe(true);
    expect(mariadbPositionContains(parseMariadbPosition("0-1-5,1-2-7"), "1-2-7")).toBe(true);
  });
});
