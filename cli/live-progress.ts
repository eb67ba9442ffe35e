import { scrubSecrets } from "../harness/report/scrub-secrets.ts";
import type { ScenarioRecorder } from "../harness/scenario/scenario-recorder.ts";

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/**
 * Progress of a rehearsal. On a terminal: the log lines scroll above one status line that shows every
 * running scenario, its phase and its elapsed time, with a spinner. In CI (no terminal, or CI set):
 * plain lines only, so logs stay readable.
 */
export class LiveProgress {
  private readonly running = new Map<string, { started: number; record: ScenarioRecorder }>();
  private timer?: NodeJS.Timeout;
  private frame = 0;
  private statusShown = false;
  /** A line about the whole run (a soak's runs done, failures, time left): first on the status line, and printed after each finished scenario in CI. */
  headline?: () => string;

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stdout,
    readonly interactive: boolean = Boolean(stream.isTTY) && !process.env.CI,
  ) {}

  /** A log line of one scenario, with its elapsed time. */
  scenarioLine(id: string, line: string): void {
    const entry = this.running.get(id);
    const elapsed = entry ? `${((performance.now() - entry.started) / 1000).toFixed(1).padStart(5)} s` : "";
    this.line(`[${id} ${elapsed}] ${line}`);
  }

  /** Progress lines end up in CI logs: anything shaped like a secret (an echoed statement, a URL) is masked. */
  line(text: string): void {
    this.clearStatus();
    this.stream.write(`${scrubSecrets(text)}\n`);
    this.drawStatus();
  }

  started(id: string, record: ScenarioRecorder): void {
    this.running.set(id, { started: performance.now(), record });
    if (this.interactive && !this.timer) {
      this.timer = setInterval(() => {
        this.frame = (this.frame + 1) % FRAMES.length;
        this.clearStatus();
        this.drawStatus();
      }, 120);
      this.timer.unref();
    }
  }

  finished(id: string, reached: boolean | "not-applicable", durationMs: number): void {
    this.running.delete(id);
    this.line(reached === "not-applicable" ? `N/A   ${id}  (not applicable to this engine)` : `${reached ? "PASS" : "FAIL"}  ${id}  (${(durationMs / 1000).toFixed(1)} s)`);
    if (this.headline && !this.interactive) this.line(this.headline());
    if (this.running.size === 0) this.stop();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.clearStatus();
  }

  private drawStatus(): void {
    if (!this.interactive || (this.running.size === 0 && !this.headline)) return;
    const running = [...this.running].map(([id, { started, record }]) => `${id} · ${record.currentPhase() ?? "running"} · ${((performance.now() - started) / 1000).toFixed(0)} s`);
    const parts = [...(this.headline ? [this.headline()] : []), ...running];
    const text = `${FRAMES[this.frame]} ${parts.join("  |  ")}`;
    const width = this.stream.columns ?? 100;
    this.stream.write(text.length > width - 1 ? `${text.slice(0, width - 2)}…` : text);
    this.statusShown = true;
  }

  private clearStatus(): void {
    if (!this.statusShown) return;
    this.stream.write("\r\x1b[2K");
    this.statusShown = false;
  }
}
