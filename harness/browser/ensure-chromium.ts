import { accessSync, constants } from "node:fs";
import os from "node:os";
import { runAptGet } from "../docker/apt.ts";
import { HarnessError } from "../errors/harness-error.ts";

/** Where Debian's chromium package puts its launcher. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/**
 * Flags for headless Chromium on a closed network as root: without the background-networking ones,
 * Chromium keeps calling Google's services and the machine's network refuses them at every start.
 * Give it a fresh, empty user data directory as well (Playwright: launchPersistentContext(dir)), so
 * no profile state from an earlier run changes what a test sees.
 */
export const CHROMIUM_FLAGS: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Debian's Chromium, installed with apt-get when absent (a fresh machine has none, and browser
 * tools' own browser downloads cannot reach their hosts here). fonts-liberation comes along because
 * the install skips recommended packages, and a page rendered without fonts is unreadable.
 */
export function ensureChromium(): string {
  if (isExecutable(CHROMIUM_PATH)) return CHROMIUM_PATH;
  const what = "installing Debian's chromium for the report's browser check";
  if (os.platform() !== "linux" || process.getuid?.() !== 0 || !isExecutable("/usr/bin/apt-get")) {
    throw new HarnessError({
      what,
      cause: `${CHROMIUM_PATH} is missing and bgh installs it only on Debian as root with apt-get`,
      fix: "install it by hand (Debian: sudo apt-get install chromium fonts-liberation) and run the test again",
    });
  }
  runAptGet(["chromium", "fonts-liberation"], what);
  if (!isExecutable(CHROMIUM_PATH)) {
    throw new HarnessError({ what, cause: `apt-get succeeded but ${CHROMIUM_PATH} is still missing`, fix: "check `dpkg -L chromium` for where the package put its launcher" });
  }
  return CHROMIUM_PATH;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
