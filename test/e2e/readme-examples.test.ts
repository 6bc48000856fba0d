// The README's example outputs are the tool's: scripts/readme-examples.mjs runs the built bin for every
// `<!-- example: ... -->` marker and compares (--check) or rewrites the fenced block after it. This test fails
// when a block drifts from what the tool prints; `npm run readme:examples` brings them back in line.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EVENT_ROW_COLUMNS } from "../../src/call/event-row.js";
import { CALL_RECORD_COLUMNS } from "../../src/call/record.js";
import { ROOT } from "../support/bin.js";

const TIMEOUT = 120_000;
const SCRIPT = join(ROOT, "scripts", "readme-examples.mjs");
const README = readFileSync(join(ROOT, "README.md"), "utf8");
const tmp = mkdtempSync(join(tmpdir(), "teltel-readme-test-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs the script from the repository root. */
function script(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [SCRIPT, ...args], { cwd: ROOT, encoding: "utf8" });
  if (result.error !== undefined) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("README examples", { timeout: TIMEOUT }, () => {
  it("every example block is what the tool prints (else: npm run readme:examples)", () => {
    const check = script("--check");
    expect(check.stdout).toBe("");
    expect(check.stderr).toBe("");
    expect(check.status).toBe(0);
    // The examples the README marks: analyze --format json (3), with gates and a baseline, timeline, and the
    // dialer figures (3).
    expect(README.match(/^<!-- example: .+ -->$/gm)).toHaveLength(8);
  });

  it("a block that drifted is found by --check and rewritten without it", () => {
    const copy = join(tmp, "README.md");
    const drifted = README.replace("Talk: +0:10 -> +3:25, 195 s,", "Talk: +0:10 -> +3:25, 196 s,");
    expect(drifted).not.toBe(README);
    writeFileSync(copy, drifted);
    const check = script("--check", "--readme", copy);
    expect(check.status).toBe(1);
    const line =
      drifted
        .split("\n")
        .indexOf("<!-- example: timeline s-0302-0900-01 samples/inbound-parallel.ndjson | prompt -->") + 1;
    expect(check.stdout).toContain(
      `differs: line ${line}: timeline s-0302-0900-01 samples/inbound-parallel.ndjson | prompt\n`,
    );
    expect(check.stdout).toContain("  - Talk: +0:10 -> +3:25, 196 s,");
    expect(check.stdout).toContain("  + Talk: +0:10 -> +3:25, 195 s,");
    expect(check.stdout).toMatch(/\n1 of 8 README examples differ from the tool: npm run readme:examples\n$/);
    const fix = script("--readme", copy);
    expect(fix.status).toBe(0);
    expect(fix.stdout).toMatch(/\n8 examples, 1 updated\n$/);
    expect(readFileSync(copy, "utf8")).toBe(README);
  });

  it("an example the tool cannot make is one line on stderr, exit 2", () => {
    const copy = join(tmp, "broken.md");
    writeFileSync(copy, "# x\n\n<!-- example: analyze samples/none.ndjson -->\n```text\n```\n");
    const run = script("--check", "--readme", copy);
    expect(run.stderr).toBe(
      "readme-examples: line 3: teltel-events analyze samples/none.ndjson exited 2: teltel-events: samples/none.ndjson: no such file.\n",
    );
    expect(run.status).toBe(2);
  });
});

/** The column names of the README table that follows `heading`, in the order the table lists them. */
function tableColumns(heading: string): string[] {
  const section = README.slice(README.indexOf(heading));
  const table = section.slice(section.indexOf("\n| column |"));
  const rows = table.split("\n").slice(3);
  const names: string[] = [];
  for (const row of rows) {
    if (!row.startsWith("| `")) break;
    const first = row.split(" | ")[0] as string;
    for (const match of first.matchAll(/`([a-z_]+)`/g)) names.push(match[1] as string);
  }
  return names;
}

describe("README facts", () => {
  it("the export column tables list the columns in the order the rows have them", () => {
    expect(tableColumns("## export")).toEqual([...CALL_RECORD_COLUMNS]);
    expect(tableColumns("### Per-event rows")).toEqual([...EVENT_ROW_COLUMNS]);
  });

  it("the quick start counts the calls and sessions of its sample as analyze does", () => {
    const run = spawnSync(
      process.execPath,
      ["bin/teltel-events.js", "analyze", "--format", "json", "samples/mixed-day.ndjson"],
      {
        cwd: ROOT,
        encoding: "utf8",
      },
    );
    const report = JSON.parse(run.stdout);
    expect([report.calls.total, report.sessions.total]).toEqual([37, 38]);
    const prose = README.replace(/\s+/g, " ");
    expect(prose).toContain(
      `a bundled half-day of ${report.calls.total} calls (${report.sessions.total} sessions`,
    );
  });
});
