// The KPI options of `analyze` through the in-process CLI: every breakdown and every filter in table, csv and
// json (the same numbers in each), --variants, the thresholds, --tz, and the usage errors. Expected numbers are
// hand-computed in test/kpis.test.ts and test/filters.test.ts (the fixtures are listed there).
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type CliIO, main } from "../../src/cli.js";
import type { AnalyzeReport } from "../../src/commands/analyze.js";
import { DIMENSIONS } from "../../src/report/breakdown.js";
import { parseCsv } from "../support/safety.js";

const KPIS = ["1-basic", "2-unanswered", "3-autodialer", "4-operators", "5-variants", "6-midnight"].map(
  (name) => fileURLToPath(new URL(`../fixtures/kpis/${name}.ndjson`, import.meta.url)),
);

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    stdout: { write: (text: string) => out.push(text), isTTY: false },
    stderr: { write: (text: string) => err.push(text) },
    stdin: Object.assign(Readable.from([]), { isTTY: true }),
    env: {},
    writeFile: async () => {},
  };
  const code = await main(["analyze", ...argv, "--threads", "1", ...KPIS], io);
  return { code, out: out.join(""), err: err.join("") };
}

async function json(argv: string[]): Promise<AnalyzeReport> {
  const r = await run([...argv, "--format", "json"]);
  expect(r.code).toBe(0);
  return JSON.parse(r.out);
}

async function csv(argv: string[]): Promise<string[][]> {
  const r = await run([...argv, "--format", "csv"]);
  expect(r.code).toBe(0);
  return parseCsv(r.out);
}

async function table(argv: string[]): Promise<string> {
  const r = await run(argv);
  expect(r.code).toBe(0);
  return r.out;
}

/**
 * The cells of the body rows (below the header's rule) of the terminal table whose title starts with `title`.
 * A table wider than 120 columns is drawn as several grids, one under the other, each starting with the key
 * column: their rows are put back side by side (the key once), and the bar column (no header) is left out.
 */
function terminalRows(text: string, title: string): string[][] {
  const start = text.indexOf(`\n${title}`);
  expect(start).toBeGreaterThanOrEqual(0);
  const block = text.slice(start + 1).split("\n\n")[0] as string;
  const cells = (line: string) =>
    line
      .split("│")
      .slice(1, -1)
      .map((cell) => cell.trim());
  const grids = block
    .split("\n┌")
    .slice(1)
    .map((grid) => {
      const lines = grid.split("\n");
      const keep = cells(lines.find((line) => line.startsWith("│")) ?? "").map((name) => name !== "");
      const body = lines.slice(lines.findIndex((line) => line.startsWith("├")));
      return body.filter((line) => line.startsWith("│")).map((line) => cells(line).filter((_, i) => keep[i]));
    });
  const [first = [], ...rest] = grids;
  return first.map((row, i) => [...row, ...rest.flatMap((grid) => (grid[i] ?? []).slice(1))]);
}

describe("--by: every dimension in json, csv and table", () => {
  it.each(DIMENSIONS)("--by %s", async (dim) => {
    const report = await json(["--by", dim]);
    const [breakdown] = report.breakdowns;
    const groups = (breakdown?.groups ?? []).map((g): [string | null, number] => [g.key, g.calls]);
    expect(breakdown?.by).toBe(dim);
    expect(groups.length).toBeGreaterThan(0);
    expect(groups.reduce((sum, [, calls]) => sum + calls, 0)).toBe(19);
    const shown = (key: string | null) => (key === null ? "(none)" : dim === "hour" ? `${key}:00` : key);

    // Wide CSV of the table: its first two columns are the group and its calls.
    const wide = await csv(["--by", dim, "--table", `by-${dim}`]);
    expect(wide[0]?.slice(0, 3)).toEqual([dim, "calls", "answered"]);
    expect(wide.slice(1).map((row) => [row[0], Number(row[1])])).toEqual(
      groups.map(([k, n]) => [shown(k), n]),
    );
    const times = await csv(["--by", dim, "--table", `by-${dim}-times`]);
    expect(times[0]).toContain("talk mean");
    expect(times).toHaveLength(groups.length + 1);

    // Tidy CSV: one record per cell.
    const tidy = await csv(["--by", dim]);
    const callsCells = tidy.filter((row) => row[0] === `by-${dim}` && row[3] === "calls");
    expect(callsCells.map((row) => [row[2], Number(row[4])])).toEqual(groups.map(([k, n]) => [shown(k), n]));

    // Terminal.
    const text = await table(["--by", dim]);
    const rows = terminalRows(text, `By ${dim}`);
    expect(rows.map((row) => [row[0], Number(row[1])])).toEqual(groups.map(([k, n]) => [shown(k), n]));
  });

  it("--by is repeatable: one breakdown per dimension, in the order given", async () => {
    const report = await json(["--by", "weekday", "--by", "direction", "--by", "weekday"]);
    expect(report.breakdowns.map((b) => b.by)).toEqual(["weekday", "direction"]);
  });

  it("hours get a bar on the terminal only; --tz is stated", async () => {
    const text = await table(["--by", "hour", "--tz", "europe/riga"]);
    expect(text).toContain("By hour (START time, Europe/Riga)");
    expect(text).toMatch(/│ 12:00 │ +5 │.*│ █+ +│/); // a-e start 10:xx UTC, 12:xx in Riga
    expect(text).toContain("Calls by START hour (Europe/Riga): 00 ");
    const wide = await csv(["--by", "hour", "--table", "by-hour", "--tz", "Europe/Riga"]);
    expect(wide[0]).not.toContain("");
    expect(wide.flat().join("")).not.toContain("█");
  });
});

describe("terminal width", () => {
  it("every table fits 120 columns: wider ones are split by columns (the key repeated), a long key wraps", async () => {
    const text = await table(["--by", "operator", "--by", "campaign", "--by", "hour", "--variants"]);
    const grid = text.split("\n").filter((line) => /^[┌│├└]/.test(line));
    expect(Math.max(...grid.map((line) => [...line].length))).toBeLessThanOrEqual(120);
    // The by-operator table (13 columns, 150 wide in one grid) is two grids, each headed by the operator.
    const block = text.slice(text.indexOf("\nBy operator") + 1).split("\n\n")[0] as string;
    const heads = block.split("\n").filter((_, i, all) => all[i - 1]?.startsWith("┌") === true);
    expect(heads).toHaveLength(2);
    expect(heads.every((line) => line.startsWith("│ operator "))).toBe(true);
    expect(heads[1]).toContain("hang-ups");
  });
});

describe("--tz keeps the name given", () => {
  it.each([
    ["Asia/Kathmandu", "Asia/Kathmandu"], // ICU's canonical name is Asia/Katmandu
    ["Europe/Kyiv", "Europe/Kyiv"], // ICU: Europe/Kiev
    ["US/Eastern", "US/Eastern"], // ICU: America/New_York
    ["europe/riga", "Europe/Riga"], // only the case is set right
    ["utc", "UTC"],
  ])("--tz %s is stated as %s", async (given, stated) => {
    expect((await json(["--tz", given])).kpis.timeZone).toBe(stated);
    expect(await table(["--tz", given])).toContain(`Calls by START hour (${stated}): 00 `);
  });
});

describe("filters in json, csv and table", () => {
  it.each([
    [["--since", "2026-03-02T11:00:00Z", "--until", "2026-03-02T13:00:00Z"], 5],
    [["--since", "2026-03-05"], 1],
    [["--since", "2026-03-05", "--tz", "Europe/Riga"], 2],
    [["--direction", "inbound"], 9],
    [["--type", "autodialer"], 3],
    [["--account", "20000"], 1],
    [["--operator", "u201"], 2],
    [["--campaign", "c1"], 2],
    [["--direction", "inbound", "--operator", "u201"], 1],
  ])("%j keeps %i calls", async (filter, calls) => {
    const report = await json(filter);
    expect([report.calls.total, report.kpis.calls, report.filters.sessionsExcluded]).toEqual([
      calls,
      calls,
      19 - calls,
    ]);
    expect(report.input.events).toBe(130);

    const kpis = await csv([...filter, "--table", "kpis"]);
    expect(kpis.find((row) => row[0] === "calls")?.[1]).toBe(String(calls));
    const filters = await csv([...filter, "--table", "filters"]);
    expect(filters.find((row) => row[0] === "sessions left out")?.[1]).toBe(String(19 - calls));

    const text = await table(filter);
    const rows = terminalRows(text, "KPIs");
    expect(rows.find((row) => row[0] === "calls")?.[1]).toBe(String(calls));
    expect(terminalRows(text, "Filters").find((row) => row[0] === "sessions left out")?.[1]).toBe(
      String(19 - calls),
    );
  });

  it("without filters the terminal shows no Filters table, and the CSV's is empty", async () => {
    expect(await table([])).not.toContain("\nFilters\n");
    expect(await csv(["--table", "filters"])).toEqual([["filter", "value"]]);
  });
});

describe("--variants, --short-abandon, --sl-threshold", () => {
  it("--variants (with --max-variants) lists the most common sequences in all three formats", async () => {
    const report = await json(["--variants", "--max-variants", "3"]);
    expect(report.variants?.top.map((v) => v.count)).toEqual([4, 3, 2]);
    // START RING RINGRESULT:BUSY COMPLETED: b, m1-m3; ...:NOANSWER COMPLETED: f, o2, p3; START COMPLETED: e, v3.
    expect(report.variants?.top[0]?.variant).toBe("START RING RINGRESULT:BUSY COMPLETED");
    const wide = await csv(["--variants", "--table", "variants"]);
    expect(wide[0]).toEqual(["variant", "calls", "share %"]);
    expect(wide[1]).toEqual(["START RING RINGRESULT:BUSY COMPLETED", "4", "21.1"]); // 4 / 19
    const text = await table(["--variants"]);
    expect(text).toContain("Trace variants (top 11 of 11 over 19 calls; 0 calls in other variants)");
    expect(report.variants?.calls).toBe(19);
  });

  it("the thresholds reach the report", async () => {
    // Inbound: a (7 s to answer), e (abandoned 3 s), f (32 s), g (5 s), o1 (6 s), o2 (abandoned 22 s),
    // v1 and v2 (4 s each), v3 (abandoned 1 s). Default: short abandons e, v3; within 20 s: a o1 v1 v2.
    const base = await json([]);
    expect(base.kpis.inbound).toMatchObject({
      offered: 9,
      abandoned: 5,
      shortAbandoned: 2,
      answeredWithinThreshold: 4,
    });
    expect(base.kpis.inbound.serviceLevel).toBeCloseTo(4 / 7, 10);
    const tuned = await json(["--short-abandon", "6", "--sl-threshold", "5"]);
    // Short: e (3), g (5), v3 (1); within 5 s: v1, v2.
    expect(tuned.kpis).toMatchObject({ shortAbandonSeconds: 6, serviceLevelSeconds: 5 });
    expect(tuned.kpis.inbound).toMatchObject({ shortAbandoned: 3, answeredWithinThreshold: 2 });
    expect(tuned.kpis.inbound.serviceLevel).toBeCloseTo(2 / 6, 10);
  });
});

describe("table and CSV show the same numbers", () => {
  // 16 calls on 2026-03-02 (Riga), with every KPI table filled.
  const ARGS = [
    ...["--by", "hour", "--by", "operator", "--variants"],
    ...["--since", "2026-03-02", "--until", "2026-03-03", "--tz", "Europe/Riga"],
  ];
  const asValue = (cell: string | undefined) =>
    cell === "-" || cell === "" || cell === undefined
      ? null
      : /^[\d,.]+%?$/.test(cell)
        ? Number(cell.replace(/[,%]/g, ""))
        : cell.trim();

  it.each([
    ["filters", "Filters"],
    ["kpis", "KPIs"],
    ["kpi-times", "Times in seconds"],
    ["inbound", "Inbound service"],
    ["autodialer", "Autodialer contacts"],
    ["by-hour", "By hour "],
    ["by-hour-times", "By hour (START time, Europe/Riga): times"],
    ["by-operator", "By operator"],
    ["by-operator-times", "By operator: times"],
    ["variants", "Trace variants"],
  ])("%s", async (name, title) => {
    const wide = await csv([...ARGS, "--table", name]);
    const text = await table(ARGS);
    // The terminal leaves the " %" out of a percentage row's key (its value shows "%"); CSV keeps it.
    const key = (cell: string | undefined) => cell?.replace(/ %(?= \(|$)/, "");
    const fromCsv = wide.slice(1).map((row) => [key(row[0]), ...row.slice(1)].map(asValue));
    const fromTable = terminalRows(text, title).map((row) => row.slice(0, wide[0]?.length).map(asValue));
    expect(fromTable).toEqual(fromCsv);
    expect(fromCsv.length).toBeGreaterThan(0);
  });
});

describe("usage errors (exit 2, one line)", () => {
  it.each([
    [["--tz", "Mars/Olympus"], "expected an IANA time zone name"],
    [["--since", "yesterday"], '--since "yesterday" is not an ISO date or date-time'],
    [["--until", "2026-02-30"], '--until "2026-02-30" is not an ISO date'],
    [["--since", "2026\u001b[2J"], '--since "2026\\x1b[2J" is not an ISO date'],
    [["--by", "colour"], "expected one of direction, type"],
    [["--direction", "sideways"], "expected one of inbound, outbound"],
    [["--type", "fax"], "expected one of standard, autodialer, callback, transfer"],
    [["--variants", "--max-variants", "0"], "expected a whole number, 1 or more"],
    [["--sl-threshold", "-1"], "expected a number of seconds"],
    [["--format", "csv", "--table", "by-hour"], "--table by-hour needs --by hour."],
    [
      ["--format", "csv", "--table", "by-hour-times", "--by", "day"],
      "--table by-hour-times needs --by hour.",
    ],
    [["--format", "csv", "--table", "variants"], "--table variants needs --variants."],
  ])("%j", async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^teltel-events: [^\n]+\n$/);
    expect(r.err).toContain(message);
    expect(r.out).toBe("");
  });
});
