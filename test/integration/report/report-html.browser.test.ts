import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_FLAGS, ensureChromium } from "../../../harness/browser/ensure-chromium.ts";
import { writeReportFiles } from "../../../harness/report/index.ts";
import { fixtureReportWithError, PLANTED_PASSWORD } from "../../unit/report/fixture.ts";

/**
 * report.html as a person sees it: loaded from disk in Debian's headless Chromium (installed on first
 * run, hence the integration project), with nothing fetched, nothing logged as an error, the charts
 * laid out with real size, and a screenshot to look at. BGH_KEEP_BROWSER_ARTIFACTS=1 keeps the
 * directory with the report and screenshots and prints where it is.
 */
const INSTALL_TIMEOUT_MS = 1_300_000;

let dir: string;
let context: BrowserContext;
let page: Page;
const consoleErrors: string[] = [];
const requests: string[] = [];
const dialogs: string[] = [];
let reportUrl: string;

beforeAll(async () => {
  const executablePath = ensureChromium();
  dir = mkdtempSync(path.join(os.tmpdir(), "bgh-report-browser-"));
  const written = writeReportFiles(fixtureReportWithError(), path.join(dir, "report"), { stepSummaryFile: "" });
  reportUrl = pathToFileURL(written.html).href;
  context = await chromium.launchPersistentContext(path.join(dir, "chromium-profile"), {
    executablePath,
    args: [...CHROMIUM_FLAGS],
    headless: true,
    viewport: { width: 1280, height: 900 },
    timeout: 60_000,
  });
  context.on("request", (request) => requests.push(request.url()));
  page = await context.newPage();
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(error.message));
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(reportUrl, { waitUntil: "load", timeout: 30_000 });
}, INSTALL_TIMEOUT_MS);

afterAll(async () => {
  await context?.close();
  if (!dir) return;
  if (process.env.BGH_KEEP_BROWSER_ARTIFACTS) console.log(`report and screenshots kept in ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
});

describe("report.html in headless Chromium", () => {
  it("shows the verdict in words on a red header", async () => {
    await expect(page.title()).resolves.toBe("FAIL: 2 of 3 scenarios failed (bgh-20261122-041315-155e)");
    const header = page.locator("header.verdict");
    await expect(header.locator("h1").textContent()).resolves.toBe("2 of 3 scenarios failed");
    await expect(header.evaluate((element) => getComputedStyle(element).backgroundColor)).resolves.toBe("rgb(180, 35, 24)");
    const box = await header.boundingBox();
    expect(box!.y).toBe(0);
    expect(box!.height).toBeGreaterThan(60);
  });

  it("draws one laid-out chart per scenario with timeline data, with bars, lag lines, phases and downtime", async () => {
    const charts = page.locator("svg.timeline-chart");
    await expect(charts.evaluateAll((svgs) => svgs.map((svg) => svg.getAttribute("data-scenario-id")))).resolves.toEqual(["rollback-narrowing", "rollback-reverse-replication"]);
    await expect(page.locator(`section[data-scenario-id="binlog-purged"] .no-timeline`).count()).resolves.toBe(1);

    for (const [id, replicas, phases, downtime] of [
      ["rollback-narrowing", 1, 2, 0],
      ["rollback-reverse-replication", 2, 3, 1],
    ] as const) {
      const chart = page.locator(`svg.timeline-chart[data-scenario-id="${id}"]`);
      const box = await chart.boundingBox();
      expect(box!.width, `${id} chart width`).toBeGreaterThan(900);
      expect(box!.height, `${id} chart height`).toBeGreaterThan(250);
      const sizes = (selector: string) => chart.locator(selector).evaluateAll((elements) => elements.map((element) => (element as SVGGraphicsElement).getBoundingClientRect()).map((rect) => ({ width: rect.width, height: rect.height })));
      const bars = await sizes("rect.writes-acknowledged");
      expect(bars.length).toBeGreaterThan(25);
      expect(bars.every((bar) => bar.width > 5 && bar.height > 20)).toBe(true);
      const lines = await sizes("path.lag-line");
      expect(lines).toHaveLength(replicas);
      expect(lines.every((line) => line.width > 100)).toBe(true);
      const bands = await sizes("rect.phase-band");
      expect(bands).toHaveLength(phases);
      expect(bands.every((band) => band.width > 5 && band.height > 200)).toBe(true);
      const downtimes = await sizes("rect.downtime-band");
      expect(downtimes).toHaveLength(downtime);
      expect(downtimes.every((band) => band.width > 30)).toBe(true);
    }
    await expect(page.locator(`svg[data-scenario-id="rollback-narrowing"] rect.writes-failed`).count()).resolves.toBe(1);
    await expect(page.locator(`svg[data-scenario-id="rollback-reverse-replication"] .downtime-label`).textContent()).resolves.toBe("downtime 2.7 s");
  });

  it("lists the findings and failed checks, and the command that reproduces the failure", async () => {
    const failed = page.locator(`section[data-scenario-id="rollback-narrowing"]`);
    const rows = await failed.locator("tr.finding").evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent)));
    expect(rows).toHaveLength(5);
    expect(rows[0]).toEqual(["app.orders", "changed", "id=2147483648", "amount", "2147483648", "-2147483648", "wrapped by the INT conversion"]);
    expect(rows[4]![5]).toBe(`<img src=x onerror="alert(1)"> & 'quoted'`);
    await expect(failed.locator(".check-fail .check-name").allTextContents()).resolves.toEqual(["reverse replication healthy", "every acknowledged write on blue"]);
    await expect(failed.locator(".reproduce code").textContent()).resolves.toBe("npx bgh rehearse rollback-narrowing --engine mysql:8.0 --seed 20261122");
    // Failed scenarios come before the passed one.
    await expect(page.locator("section.scenario").evaluateAll((sections) => sections.map((section) => section.getAttribute("data-status")))).resolves.toEqual(["failed", "error", "passed"]);
  });

  it("runs no script, fetches nothing, logs no error, and lets no server text become markup", async () => {
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([reportUrl]);
    expect(dialogs).toEqual([]);
    await expect(page.evaluate(() => document.querySelectorAll("script, img, iframe, link, object, embed").length)).resolves.toBe(0);
    const text = await page.evaluate(() => document.body.innerText);
    expect(text).toContain(`<script>alert("pwned")</script> & more`);
    expect(text).not.toContain(PLANTED_PASSWORD);
  });

  it("writes a junit.xml that a real XML parser reads, with the failure message's lines intact", async () => {
    const xml = readFileSync(path.join(dir, "report", "junit.xml"), "utf8");
    const parsed = await page.evaluate((source) => {
      const document = new DOMParser().parseFromString(source, "application/xml");
      const error = document.querySelector("parsererror");
      if (error) return { error: error.textContent };
      return {
        testcases: [...document.querySelectorAll("testcase")].map((testcase) => testcase.getAttribute("name")),
        failure: document.querySelector("failure")!.getAttribute("message"),
        error: document.querySelector("error")!.getAttribute("message")!.split("\n")[0],
      };
    }, xml);
    expect(parsed).toEqual({
      testcases: ["rollback-reverse-replication", "rollback-narrowing", "binlog-purged"],
      failure: expect.stringMatching(/^rollback-narrowing did not reach its declared outcome; failed checks:\n- reverse replication healthy: Error 1396 .*<script>alert\("pwned"\)<\/script> & more; .*\\x1B\[31mred\\x1B\[0m\n- every acknowledged write on blue: 1 lost \| 3 changed of 1104 acknowledged\nReproduce: npx bgh rehearse rollback-narrowing --engine mysql:8.0 --seed 20261122$/),
      error: expect.stringMatching(/^binlog-purged could not run to its end: starting MySQL node blue-writer failed: Error 1396/),
    });
  });

  it("renders to a legible screenshot", async () => {
    const file = path.join(dir, "report.png");
    await page.screenshot({ path: file, fullPage: true });
    await page.locator(`svg.timeline-chart[data-scenario-id="rollback-reverse-replication"]`).screenshot({ path: path.join(dir, "chart.png") });
    const png = readFileSync(file);
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    // The full page holds three scenario sections: far taller than the viewport, and not blank.
    expect(png.readUInt32BE(20)).toBeGreaterThan(3000);
    expect(statSync(file).size).toBeGreaterThan(100_000);
  });
});
