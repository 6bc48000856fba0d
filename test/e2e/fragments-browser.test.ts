// The HTML that is not the report, opened in Debian's headless Chromium as its reader would: the callers
// worklist as an HTML fragment (--format html-section) placed in a page, and the --explain page. The rows a
// browser reads are the rows JSON gives; markup in a number stays text; no console error, no script run.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, runBin } from "../support/bin.js";
import { launchChromium } from "../support/browser.js";

const CANARY = "<script>window.__canary=1</script>";
let browser: Browser;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "teltel-fragments-"));
  browser = await launchChromium(dir);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

/** Opens `html` (a file) and returns the console errors and whether any script ran. */
async function open(file: string): Promise<{ page: import("puppeteer-core").Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(String(error)));
  await page.goto(`file://${file}`);
  return { page, errors };
}

describe("callers --format html-section in a browser", () => {
  it("the rows are JSON's rows, markup in a number is text", async () => {
    const source = await readFile(join(ROOT, "test/fixtures/callers/worklist.ndjson"), "utf8");
    const hostile = join(dir, "worklist.ndjson");
    // One caller's number (written three ways in the fixture) carries markup; normalising removes spaces, so it has none.
    await writeFile(hostile, source.replace(/(\+371 ?|00371)20000104/g, CANARY.replaceAll("/", "\\/")));
    const args = ["callers", "--return-window", "2h", hostile];
    const fragment = await runBin([...args, "-f", "html-section"]);
    const json = await runBin([...args, "-f", "json"]);
    expect(fragment.code, fragment.stderr).toBe(0);
    const expected = (JSON.parse(json.stdout) as { callers: { number: string; status: string }[] }).callers;
    expect(expected.map((row) => row.number)).toContain(CANARY);
    const file = join(dir, "fragment.html");
    // As a user would paste it: into a page of their own (here with a CSP that allows no script at all).
    await writeFile(
      file,
      `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'"><title>worklist</title></head><body>${fragment.stdout}</body></html>`,
    );
    const { page, errors } = await open(file);
    const rows = await page.$$eval("section.teltel-callers tbody tr", (trs) =>
      trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")),
    );
    expect(rows.map((cells) => cells[0])).toEqual(expected.map((row) => row.number));
    expect(rows.map((cells) => cells[4]?.replaceAll(" ", "-"))).toEqual(expected.map((row) => row.status));
    const summary = await page.$eval(
      "section.teltel-callers ul.summary > li",
      (li) => li.firstChild?.textContent,
    );
    expect(summary?.trim()).toBe("Missed callers: 8 (10 missed calls), return window 2:00:00");
    expect(await page.evaluate(() => (window as unknown as { __canary?: number }).__canary)).toBeUndefined();
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});

describe("analyze --explain --format html in a browser", () => {
  it("shows the figure and both sides' calls; no console error under its own CSP", async () => {
    const file = join(dir, "explain.html");
    const made = await runBin([
      "analyze",
      "test/fixtures/explain/five-calls.ndjson",
      "--explain",
      "asr",
      "--format",
      "html",
      "-o",
      file,
    ]);
    expect(made.code, made.stderr).toBe(0);
    const { page, errors } = await open(file);
    expect(await page.$eval("h1", (h1) => h1.textContent)).toBe("asr = 40.0%");
    const sides = await page.$$eval("section", (sections) =>
      sections.map((s) => [...s.querySelectorAll("tbody tr td:first-child")].map((td) => td.textContent)),
    );
    expect(sides).toEqual([
      ["x-a", "x-b"],
      ["x-c", "x-d", "x-e"],
    ]);
    await page.screenshot({ path: join(ROOT, "test-results", "explain-asr.png"), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
