import { isMap, isSeq, LineCounter, type Document, type Node } from "yaml";

/**
 * Line numbers for the parts of a parsed YAML document, by their path: what lets every problem in a
 * rehearsal file name its line. A path that does not exist (a missing key) gets the line of its
 * nearest existing parent.
 */
export class YamlPositions {
  constructor(
    private readonly document: Document,
    private readonly lines: LineCounter,
  ) {}

  /** The line of the value at `segments`, or of its key when `atKey` (an unknown key is named where it is written). */
  line(segments: ReadonlyArray<string | number>, atKey = false): number {
    let node: unknown = this.document.contents;
    let best = this.offsetLine(node);
    for (const [position, segment] of segments.entries()) {
      const last = position === segments.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((item) => (item.key as { value?: unknown } | null)?.value === segment);
        if (!pair) return best;
        if (last && atKey) return this.offsetLine(pair.key) ?? best;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === "number") {
        node = node.items[segment];
      } else {
        return best;
      }
      best = this.offsetLine(node) ?? best;
    }
    return best ?? 1;
  }

  private offsetLine(node: unknown): number {
    const range = (node as Node | null | undefined)?.range;
    return range ? this.lines.linePos(range[0]).line : 1;
  }
}
