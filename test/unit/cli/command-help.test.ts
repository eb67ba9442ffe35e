import { afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../../../cli/main.ts";

// A newcomer's first move is `bgh soak --help`: it must print that command's usage and run nothing.
describe("bgh <command> --help", () => {
  afterEach(() => vi.restoreAllMocks());

  function printed(): { lines: () => string } {
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    return { lines: () => log.mock.calls.map((call) => String(call[0])).join("\n") };
  }

  it.each([["soak", "--help"], ["rehearse", "-h"], ["help", "plan"], ["plan", "x.yaml", "--help"]])(
    "bgh %s %s prints the command's own usage and exits 0",
    async (...argv) => {
      const out = printed();
      expect(await main(argv)).toBe(0);
      const command = argv[0] === "help" ? argv[1] : argv[0];
      expect(out.lines()).toMatch(new RegExp(`^bgh ${command}: `));
    },
  );

  it("bgh help lists every command", async () => {
    const out = printed();
    expect(await main(["help"])).toBe(0);
    for (const command of ["rehearse", "soak", "plan", "init", "reap", "bench"]) expect(out.lines()).toContain(`  ${command} `);
  });
});
