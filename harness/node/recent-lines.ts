import type { Readable } from "node:stream";

/** The last lines of a stream, kept in memory: what a server said just before it died. */
export class RecentLines {
  private lines: string[] = [];
  private partial = "";

  constructor(private readonly keep: number) {}

  follow(stream: Readable): void {
    stream.on("data", (chunk: Buffer | string) => this.add(chunk.toString()));
  }

  add(text: string): void {
    const parts = (this.partial + text).split("\n");
    this.partial = parts.pop() ?? "";
    this.lines.push(...parts.filter((line) => line.trim() !== ""));
    if (this.lines.length > this.keep) this.lines = this.lines.slice(-this.keep);
  }

  text(): string {
    return [...this.lines, ...(this.partial.trim() ? [this.partial] : [])].slice(-this.keep).join("\n");
  }
}
