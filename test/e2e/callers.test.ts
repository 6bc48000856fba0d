// End to end: `callers` through the built bin on test/fixtures/callers/worklist.ndjson (its calls are worked
// out by hand at the top of test/report/callers.test.ts): the table, CSV read back by a CSV parser, JSON read
// by jq, --open, --return-window's duration syntax, -o and the usage errors.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, runBin } from "../support/bin.js";
import { WORKLIST_SUMMARY_2H } from "../support/callers-worklist.js";
import { parseCsv } from "../support/safety.js";

const WORKLIST = "test/fixtures/callers/worklist.ndjson";
const TIMEOUT = 60_000;
const tmp = mkdtempSync(join(tmpdir(), "teltel-callers-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The table of `callers --return-window 2h WORKLIST`, counted by hand in test/report/callers.test.ts. */
const TABLE = [
  "Missed callers",
  "┌──────────────┬─────────────────────┬───────┬────────┬─────────────────┬─────────┬───────┬──────────┐",
  "│ number       │ missed at (UTC)     │ calls │ waited │ status          │   after │ by    │ attempts │",
  "├──────────────┼─────────────────────┼───────┼────────┼─────────────────┼─────────┼───────┼──────────┤",
  "│ +37120000107 │ 2026-03-02 06:00:00 │     1 │   0:20 │ returned        │ 1:30:00 │ 31004 │        0 │",
  "│ +37120000108 │ 2026-03-02 07:00:00 │     2 │   0:35 │ returned        │   19:35 │ 31005 │        1 │",
  "│ +37120000104 │ 2026-03-02 08:00:00 │     2 │   0:40 │ open            │       - │ -     │        0 │",
  "│ +37120000101 │ 2026-03-02 09:00:00 │     1 │   0:32 │ returned        │   40:00 │ 31001 │        0 │",
  "│ +37120000102 │ 2026-03-02 10:00:00 │     1 │   0:20 │ attempted       │   29:40 │ 31002 │        1 │",
  "│ +37120000103 │ 2026-03-02 11:00:00 │     1 │   1:00 │ called again    │   19:00 │ 31003 │        0 │",
  "│ +37120000109 │ 2026-03-02 11:30:00 │     1 │   5:00 │ window not over │       - │ -     │        0 │",
  "│ +37120000105 │ 2026-03-02 11:50:00 │     1 │   0:15 │ window not over │       - │ -     │        0 │",
  "└──────────────┴─────────────────────┴───────┴────────┴─────────────────┴─────────┴───────┴──────────┘",
  "",
  "Missed callers: 8 (10 missed calls), return window 2:00:00",
  "  returned: 3 (within 1 h: 2), median time to return 40:00",
  "  called again and got through: 1",
  "  attempted (no answer): 1",
  "  still open: 1",
  "  window not over at the end of the dump: 2",
  "Missed calls that name no phone number (not listed): 1",
  "",
].join("\n");

/** Runs `callers ARGS WORKLIST`, expecting exit 0 and nothing on stderr; returns stdout. */
async function callers(args: string[]): Promise<string> {
  const run = await runBin(["callers", ...args, WORKLIST]);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  return run.stdout;
}

/** jq's reading of a JSON text with a filter (raw output). */
function jq(filter: string, text: string): string {
  const result = spawnSync("jq", ["-r", filter], { input: text, encoding: "utf8" });
  if (result.error !== undefined) throw result.error;
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  return result.stdout;
}

describe("callers (built bin)", { timeout: TIMEOUT }, () => {
  it("table: one row per missed caller, then the summary", async () => {
    expect(await callers(["--return-window", "2h"])).toBe(TABLE);
  });

  it("the README shows that same output", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    expect(readme).toContain(`$ teltel-events callers --return-window 2h ${WORKLIST}\n${TABLE}\`\`\``);
  });

  it("csv: every column of every row, read back by a CSV parser", async () => {
    const rows = parseCsv(await callers(["--format", "csv", "--return-window", "2h"]));
    const day = (time: string) => `2026-03-02T${time}.000Z`;
    expect(rows[0]?.join(",")).toBe(
      "number,missed_at,last_missed_at,missed_calls,waited_s,status,resolved_at,after_s,by,attempts,session_id,resolved_session_id",
    );
    expect(rows.slice(1)).toEqual([
      [
        "+37120000107",
        day("06:00:00"),
        day("06:00:00"),
        "1",
        "20",
        "returned",
        day("07:30:20"),
        "5400",
        "31004",
        "0",
        "g1",
        "g2",
      ],
      [
        "+37120000108",
        day("07:00:00"),
        day("07:05:00"),
        "2",
        "35",
        "returned",
        day("07:20:00"),
        "1175",
        "31005",
        "1",
        "h1",
        "h3",
      ],
      ["+37120000104", day("08:00:00"), day("08:05:00"), "2", "40", "open", "", "", "", "0", "d1", ""],
      [
        "+37120000101",
        day("09:00:00"),
        day("09:00:00"),
        "1",
        "32",
        "returned",
        day("09:40:32"),
        "2400",
        "31001",
        "0",
        "a1",
        "a2",
      ],
      [
        "+37120000102",
        day("10:00:00"),
        day("10:00:00"),
        "1",
        "20",
        "attempted",
        day("10:30:00"),
        "1780",
        "31002",
        "1",
        "b1",
        "b2",
      ],
      [
        "+37120000103",
        day("11:00:00"),
        day("11:00:00"),
        "1",
        "60",
        "called-again",
        day("11:20:00"),
        "1140",
        "31003",
        "0",
        "c1",
        "c2",
      ],
      [
        "+37120000109",
        day("11:30:00"),
        day("11:30:00"),
        "1",
        "300",
        "window-not-over",
        "",
        "",
        "",
        "0",
        "i1",
        "",
      ],
      [
        "+37120000105",
        day("11:50:00"),
        day("11:50:00"),
        "1",
        "15",
        "window-not-over",
        "",
        "",
        "",
        "0",
        "e1",
        "",
      ],
    ]);
  });

  it("csv --excel-safe: a number that starts with + is written '+ so a spreadsheet keeps it as text", async () => {
    const rows = parseCsv(
      await callers(["--format", "csv", "--excel-safe", "--open", "--return-window", "2h"]),
    );
    expect(rows.slice(1).map((row) => row[0])).toEqual(["'+37120000104", "'+37120000109", "'+37120000105"]);
  });

  it("json, read by jq: rows, the summary over every row and the settings", async () => {
    const text = await callers(["--format", "json", "--return-window", "2h"]);
    expect(jq('.callers[] | [.number, .status, .after_s // "-", .by // "-"] | join(" ")', text)).toBe(
      [
        "+37120000107 returned 5400 31004",
        "+37120000108 returned 1175 31005",
        "+37120000104 open - -",
        "+37120000101 returned 2400 31001",
        "+37120000102 attempted 1780 31002",
        "+37120000103 called-again 1140 31003",
        "+37120000109 window-not-over - -",
        "+37120000105 window-not-over - -",
        "",
      ].join("\n"),
    );
    expect(JSON.parse(jq(".summary", text))).toEqual(WORKLIST_SUMMARY_2H);
    expect(
      jq('"\\(.callersVersion) \\(.settings.returnWindowS) \\(.settings.open) \\(.input.events)"', text),
    ).toBe("1 7200 false 125\n");
  });

  it("--open: only the callers nobody has returned yet, the summary still over every row", async () => {
    const text = await callers(["--format", "json", "--open", "--return-window", "2h"]);
    expect(jq('.callers[] | .number + " " + .status', text)).toBe(
      "+37120000104 open\n+37120000109 window-not-over\n+37120000105 window-not-over\n",
    );
    expect(jq(".summary.missedCallers, .settings.open", text)).toBe("8\ntrue\n");
    const table = await callers(["--open", "--return-window", "2h"]);
    expect(table.split("\n")[0]).toBe("Missed callers nobody has returned yet");
    expect(table.match(/^│ \+/gm)).toHaveLength(3);
  });

  it("the default 24 h window: nothing in this half day is open yet, D's window is not over", async () => {
    const text = await callers(["--format", "json"]);
    expect(jq('.callers[] | select(.number == "+37120000104") | .status', text)).toBe("window-not-over\n");
    expect(jq(".settings.returnWindowS, .summary.open, .summary.windowNotOver", text)).toBe("86400\n0\n3\n");
  });

  it("--return-window takes 90m, 1.5h and 5400 alike; G, returned after 90 min, is open a minute earlier", async () => {
    const g = '.callers[] | select(.number == "+37120000107") | .status';
    for (const window of ["90m", "1.5h", "5400"])
      expect(jq(g, await callers(["--format", "json", "--return-window", window]))).toBe("returned\n");
    expect(jq(g, await callers(["--format", "json", "--return-window", "89m"]))).toBe("open\n");
    expect(jq(".callers | length", await callers(["--format", "json", "--return-window", "2d"]))).toBe("8\n");
  });

  it("-o writes the same output to a file", async () => {
    const file = join(tmp, "worklist.csv");
    expect(await callers(["--format", "csv", "-o", file])).toBe("");
    expect(readFileSync(file, "utf8")).toBe(await callers(["--format", "csv"]));
  });

  it("a window that is not a duration, or --excel-safe without csv: one sentence, exit 2", async () => {
    const bad = await runBin(["callers", "--return-window", "1w", WORKLIST]);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toBe(
      "teltel-events: option '--return-window <duration>' argument '1w' is invalid. expected a duration such as 90m, 24h, 2d or a number of seconds. (see --help)\n",
    );
    const excel = await runBin(["callers", "--excel-safe", WORKLIST]);
    expect(excel.code).toBe(2);
    expect(excel.stderr).toBe("teltel-events: --excel-safe only applies to --format csv.\n");
  });

  it("no phone number on stderr, even with the progress line", async () => {
    const run = await runBin(["callers", "--progress", WORKLIST]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("+37120000104");
    expect(run.stderr).not.toMatch(/3712000/);
  });
});
