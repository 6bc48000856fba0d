// analyze --format html through the real bin: the -o writer, stdout, default and explicit breakdowns, version.
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, runBin } from "../support/bin.js";

const VERSION = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "teltel-html-cli-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const headings = (page: string) => [...page.matchAll(/<h2>(.*?)<\/h2>/g)].map((m) => m[1]);

describe("analyze --format html", () => {
  it("writes the page to -o and nothing to stdout; the header has package.json's version", async () => {
    const out = join(dir, "report.html");
    const r = await runBin(["analyze", "samples/mixed-day.ndjson", "--format", "html", "-o", out]);
    expect(r).toMatchObject({ code: 0, stdout: "", stderr: "" });
    const page = readFileSync(out, "utf8");
    expect(page.startsWith("<!DOCTYPE html>\n")).toBe(true);
    expect(page.trimEnd().endsWith("</html>")).toBe(true);
    expect(page).toMatch(
      new RegExp(`<dd>teltel-events ${VERSION.replace(/\./g, "\\.")} on \\d{4}-\\d\\d-\\d\\dT`),
    );
    // By default: per direction, operator and campaign.
    expect(headings(page).filter((t) => t?.startsWith("By "))).toEqual([
      "By direction (37 complete calls)",
      "By operator (37 complete calls)",
      "By campaign (37 complete calls)",
    ]);
  });

  it("writes to stdout without -o, with the breakdowns --by asks for instead of the default ones", async () => {
    const r = await runBin([
      "analyze",
      "samples/mixed-day.ndjson",
      "-f",
      "html",
      "--by",
      "hour",
      "--by",
      "weekday",
    ]);
    expect(r.code).toBe(0);
    expect(headings(r.stdout).filter((t) => t?.startsWith("By "))).toEqual([
      "By hour (37 complete calls)",
      "By weekday (37 complete calls)",
    ]);
  });

  it("says in one sentence that a dimension is missing from the data", async () => {
    // inbound-parallel has no autodialer calls, so no campaign.
    const r = await runBin(["analyze", "samples/inbound-parallel.ndjson", "-f", "html"]);
    expect(r.stdout).toContain('<p class="note">No call in this report has a campaign.</p>');
  });

  it("fails with one sentence and exit 2 when -o cannot be written, leaving no file", async () => {
    const out = join(dir, "no-such-dir", "report.html");
    const r = await runBin(["analyze", "samples/mixed-day.ndjson", "--format", "html", "-o", out]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^teltel-events: /);
    expect(existsSync(out)).toBe(false);
  });
});
