// Test support: Debian's headless Chromium through puppeteer-core (never a browser download), launched the
// same way by every browser test: no sandbox (CI runs as root), no network chatter, a profile of its own.
import { existsSync } from "node:fs";
import { join } from "node:path";
import puppeteer, { type Browser } from "puppeteer-core";

/** Debian's packages: chromium-headless-shell (installed by .ci/run when missing), else chromium. */
export const CHROMIUM = ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium"].find((path) =>
  existsSync(path),
);

/** Launches Chromium with its profile under `dir`; throws (saying how to install it) when there is none. */
export async function launchChromium(dir: string): Promise<Browser> {
  if (CHROMIUM === undefined)
    throw new Error("no Chromium: apt-get install chromium-headless-shell (see .ci/run)");
  return puppeteer.launch({
    executablePath: CHROMIUM,
    headless: "shell",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      `--user-data-dir=${join(dir, "profile")}`,
    ],
  });
}
