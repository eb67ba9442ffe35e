import { describe, expect, it } from "vitest";
import { escapeAttribute, escapeText } from "../../../harness/report/markup-escape.ts";

describe("markup escaping for junit.xml and report.html", () => {
  it("escapes markup characters in text", () => {
    expect(escapeText(`<a href="x">R&D</a>`)).toBe(`&lt;a href="x"&gt;R&amp;D&lt;/a&gt;`);
  });

  it("shows characters XML cannot carry as visible escapes and keeps the ones it can", () => {
    expect(escapeText("bell\u0007 esc\u001b[0m nul\u0000 tab\t nl\n cr\r")).toBe("bell\\x07 esc\\x1B[0m nul\\x00 tab\t nl\n cr\r");
    expect(escapeText("lone \uD800 and \uDC00, pair 😀, \uFFFF")).toBe("lone \\uD800 and \\uDC00, pair 😀, \\uFFFF");
  });

  it("escapes both quotes and keeps newlines and tabs in attributes as character references", () => {
    expect(escapeAttribute(`it's "x"\n\tnext\r`)).toBe("it&#39;s &quot;x&quot;&#10;&#9;next&#13;");
  });
});
