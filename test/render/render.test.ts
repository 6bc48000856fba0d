// Renderers: the same small report as terminal table, long and wide CSV, and JSON.
import { describe, expect, it } from "vitest";
import { type AnalyzeReport, checkReport } from "../../src/commands/analyze.js";
import { pct } from "../../src/render/cells.js";
import { renderReportCsv } from "../../src/render/csv.js";
import { escapeControls } from "../../src/render/escape.js";
import { REPORT_FORMATS, REPORT_RENDERERS } from "../../src/render/index.js";
import { formatCell, renderReportTable } from "../../src/render/table.js";
import { reportTables, TABLE_NAMES } from "../../src/render/tables.js";
import { DIMENSIONS } from "../../src/report/breakdown.js";
import { createCallbacks, summarizeCallbacks } from "../../src/report/callbacks.js";
import {
  createCallStats,
  DEFAULT_CALL_STATS_OPTIONS,
  summarizeCallStats,
} from "../../src/report/callstats.js";
import { createCompliance } from "../../src/report/compliance.js";
import { summarizeCompliance } from "../../src/report/compliance-summary.js";
import { parseGate } from "../../src/report/gate-expr.js";
import { RING_STATES } from "../../src/report/metrics.js";
import { createRepeat, summarizeRepeat } from "../../src/report/repeat.js";
import { createScorecard, DEFAULT_SCORECARD_OPTIONS } from "../../src/report/scorecard.js";
import { summarizeScorecard } from "../../src/report/scorecard-summary.js";

const zero = Object.fromEntries(RING_STATES.map((s) => [s, 0]));
const RED = "\u001b[31mred";
const AWKWARD = 'a,"b"\nc';

/** KPI options asking for every breakdown and the variants, so the report has every table. */
const EVERY_TABLE = { ...DEFAULT_CALL_STATS_OPTIONS, by: [...DIMENSIONS], variants: 20 };

/**
 * A small report: 5 sessions, 4 complete calls (3 inbound, 2 of them answered; 1 outbound, unanswered). Its KPI
 * sections are those of no calls (test/kpis-cli.test.ts checks them with numbers).
 */
function sampleReport(): AnalyzeReport {
  return {
    reportVersion: 1,
    input: {
      files: 1,
      fileNames: ["day.ndjson"],
      lines: 12345,
      blank: 1,
      events: 12000,
      invalid: 3,
      duplicates: 340,
      late: 1,
      timeRange: { from: "2026-03-02T09:00:00.000Z", to: "2026-03-02T17:30:00.000Z" },
    },
    settings: { latenessSeconds: 300, maxLineBytes: 1_048_576, maxSessionEvents: 10_000 },
    sessions: { total: 5, complete: 4, incomplete: 1, missingStart: 0, missingCompleted: 1 },
    calls: {
      total: 4,
      answered: 2,
      answerRate: 0.5,
      byDirection: {
        inbound: { total: 3, answered: 2, answerRate: 2 / 3 },
        outbound: { total: 1, answered: 0, answerRate: 0 },
      },
    },
    hangupBy: { phone: 3, sip: 1 },
    hangupShares: { phone: 0.75, sip: 0.25 },
    topHangedValues: [
      { value: "371A", count: 2, share: 0.5 },
      { value: RED, count: 1, share: 0.25 },
      { value: AWKWARD, count: 1, share: 0.25 },
    ],
    topHangedUsers: [],
    hangedValuesRanked: true,
    hangedUsersRanked: true,
    rankedValuesCap: 100_000,
    // 3 results: ANSWER 2 (inbound 1, outbound 1), BUSY 1 (inbound)
    ringResults: { ...zero, ANSWER: 2, BUSY: 1 },
    ringResultShares: { ...Object.fromEntries(RING_STATES.map((s) => [s, 0])), ANSWER: 2 / 3, BUSY: 1 / 3 },
    ringResultsByDirection: {
      inbound: { ...zero, ANSWER: 1, BUSY: 1 },
      outbound: { ...zero, ANSWER: 1 },
    },
    problems: [
      {
        code: "invalid-json",
        file: "day.ndjson",
        line: 3,
        column: 8,
        message: "not valid JSON: expected double-quoted property name at column 8",
      },
      {
        code: "incomplete-session",
        file: "day.ndjson",
        line: 40,
        sessionId: "sess-\u001b[2J",
        message:
          "session sess-\u001b[2J has no COMPLETED (the dump may end mid-call); left out of call rates",
      },
    ],
    problemsOmitted: 0,
    problemCounts: { "incomplete-session": 1, "invalid-json": 1 },
    ...summarizeCallStats(createCallStats(EVERY_TABLE), EVERY_TABLE),
  };
}

/** The cells of one titled table in the terminal output, header first, trimmed. */
function tableCells(text: string, title: string): string[][] {
  const lines = text.split("\n");
  const start = lines.indexOf(title);
  if (start === -1) throw new Error(`no table titled ${title}`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (line.startsWith("└")) break;
    if (!line.startsWith("│")) continue;
    rows.push(
      line
        .slice(1, -1)
        .split("│")
        .map((c) => c.trim()),
    );
  }
  return rows;
}

/** A CSV body (no quoted newlines) as cells. */
function csvCells(text: string): string[][] {
  return text
    .trimEnd()
    .split("\n")
    .map((l) => l.split(","));
}

describe("percent cells", () => {
  it.each([
    [2 / 3, 66.7],
    [1 / 3, 33.3],
    [0.5, 50],
    [0.125, 12.5],
    [0, 0],
    [1, 100],
    [0.9996, 100],
  ])("pct(%s) is %s", (fraction, percent) => {
    expect(pct(fraction)).toEqual({ percent });
  });

  it("pct(null) stays null", () => {
    expect(pct(null)).toEqual({ percent: null });
  });

  it("shows one decimal in the terminal, - for null, grouped integers, escaped text", () => {
    expect(formatCell({ percent: 66.7 })).toBe("66.7%");
    expect(formatCell({ percent: 50 })).toBe("50.0%");
    expect(formatCell({ percent: 0 })).toBe("0.0%");
    expect(formatCell({ percent: null })).toBe("-");
    expect(formatCell(null)).toBe("-");
    expect(formatCell(1234567)).toBe("1,234,567");
    expect(formatCell(RED)).toBe("\\x1b[31mred");
  });
});

describe("escapeControls", () => {
  it.each([
    ["\u001b[31m", "\\x1b[31m"],
    ["a\tb\nc\rd", "a\\x09b\\x0ac\\x0dd"],
    ["\u0000\u007f\u009b", "\\x00\\x7f\\x9b"],
    ["\u2028\u2029", "\\u2028\\u2029"],
    ["abc\u202Edef", "abc\\u202edef"],
    ["\u2066x\u2069", "\\u2066x\\u2069"],
    ["plain text, ünïcödé, 😀", "plain text, ünïcödé, 😀"],
  ])("escapes %j as %j", (raw, shown) => {
    expect(escapeControls(raw)).toBe(shown);
  });
});

describe("terminal table", () => {
  const text = renderReportTable(sampleReport(), { color: false });

  it("has no ANSI escapes without color", () => {
    expect(text).not.toContain("\u001b");
    expect(text.endsWith("\n")).toBe(true);
  });

  it("uses ANSI styling with color", () => {
    const colored = renderReportTable(sampleReport(), { color: true });
    expect(colored).toContain("\u001b[1m");
    // Only the styling is raw: the values with control characters are still escaped.
    expect(colored).not.toContain(RED);
    expect(colored).toContain("\\x1b[31mred");
  });

  it("shows the input table with grouped numbers", () => {
    expect(tableCells(text, "Input")).toEqual([
      ["metric", "value"],
      ["files", "1"],
      ["lines", "12,345"],
      ["blank lines", "1"],
      ["events used", "12,000"],
      ["invalid lines", "3"],
      ["duplicates", "340"],
      ["late events", "1"],
      ["first event", "2026-03-02T09:00:00.000Z"],
      ["last event", "2026-03-02T17:30:00.000Z"],
    ]);
  });

  it("shows calls with one-decimal answer rates", () => {
    expect(tableCells(text, "Calls (complete sessions)")).toEqual([
      ["direction", "calls", "answered", "answer rate"],
      ["inbound", "3", "2", "66.7%"],
      ["outbound", "1", "0", "0.0%"],
      ["all", "4", "2", "50.0%"],
    ]);
  });

  it("shows hang-ups and hanged values, control characters escaped", () => {
    expect(tableCells(text, "Who hung up (COMPLETED hanged_by)")).toEqual([
      ["hanged_by", "calls", "share"],
      ["phone", "3", "75.0%"],
      ["sip", "1", "25.0%"],
    ]);
    expect(tableCells(text, "Top hanged_value")).toEqual([
      ["hanged_value", "calls", "share"],
      ["371A", "2", "50.0%"],
      ["\\x1b[31mred", "1", "25.0%"],
      ['a,"b"\\x0ac', "1", "25.0%"],
    ]);
  });

  it("leaves out an empty hanged-user table", () => {
    expect(text).not.toContain("Top hanged_user");
  });

  it("shows every ring state with its share and directions", () => {
    const rows = tableCells(text, "RINGRESULT states (3 results)");
    expect(rows[0]).toEqual(["state", "results", "share", "inbound", "outbound"]);
    expect(rows[1]).toEqual(["ANSWER", "2", "66.7%", "1", "1"]);
    expect(rows[2]).toEqual(["BUSY", "1", "33.3%", "1", "0"]);
    expect(rows[10]).toEqual(["ABORT", "0", "0.0%", "0", "0"]);
    expect(rows).toHaveLength(11);
  });

  it("lists problems with file:line:column, escaping control characters", () => {
    const tail = text.slice(text.indexOf("Problems: 2"));
    expect(tail).toBe(
      [
        "Problems: 2 (incomplete-session 1, invalid-json 1)",
        "  day.ndjson:3:8  invalid-json  not valid JSON: expected double-quoted property name at column 8",
        "  day.ndjson:40  incomplete-session  session sess-\\x1b[2J has no COMPLETED (the dump may end mid-call); left out of call rates",
        "",
      ].join("\n"),
    );
  });

  it("says how many problems were left out", () => {
    const report = {
      ...sampleReport(),
      problemsOmitted: 1234,
      problemCounts: { "incomplete-session": 1, "invalid-json": 1235 },
    };
    const out = renderReportTable(report, { color: false });
    // 2 listed + 1234 omitted = 1236
    expect(out).toContain("Problems: 1,236 (incomplete-session 1, invalid-json 1,235)");
    expect(out).toContain("  ... and 1,234 more (raise --max-problems, or --format json)");
  });

  it("says when there are no problems", () => {
    const report = { ...sampleReport(), problems: [], problemCounts: {} };
    expect(renderReportTable(report, { color: false }).endsWith("No problems found.\n")).toBe(true);
  });

  it("escapes control characters in file names of problems", () => {
    const report = sampleReport();
    report.problems = [{ code: "invalid-json", file: "evil\u001b]0;x\u0007.ndjson", line: 1, message: "m" }];
    report.problemCounts = { "invalid-json": 1 };
    const out = renderReportTable(report, { color: false });
    expect(out).toContain("  evil\\x1b]0;x\\x07.ndjson:1  invalid-json  m");
    expect(out).not.toContain("\u001b");
  });
});

describe("CSV", () => {
  it("writes every table in long form: table,row,key,column,value", () => {
    const csv = renderReportCsv(sampleReport());
    const lines = csv.split("\n");
    expect(lines[0]).toBe("table,row,key,column,value");
    expect(lines).toContain("input,2,lines,value,12345");
    expect(lines).toContain("input,8,first event,value,2026-03-02T09:00:00.000Z");
    expect(lines).toContain("calls,1,inbound,calls,3");
    expect(lines).toContain("calls,1,inbound,answer rate %,66.7");
    expect(lines).toContain("calls,3,all,answer rate %,50");
    expect(lines).toContain("hangups,2,sip,share %,25");
    expect(lines).toContain("ring-results,1,ANSWER,share %,66.7");
    expect(lines).toContain("ring-results,2,BUSY,outbound,0");
    expect(lines).toContain("problems,1,invalid-json,line,3");
    // the session of the first problem is empty
    expect(lines).toContain("problems,1,invalid-json,session,");
  });

  it("quotes commas, quotes and newlines", () => {
    const csv = renderReportCsv(sampleReport(), "hanged-values");
    expect(csv).toBe(
      ["hanged_value,calls,share %", "371A,2,50", `${RED},1,25`, '"a,""b""\nc",1,25', ""].join("\n"),
    );
  });

  it("writes one table as a wide CSV with --table", () => {
    expect(renderReportCsv(sampleReport(), "calls")).toBe(
      "direction,calls,answered,answer rate %\ninbound,3,2,66.7\noutbound,1,0,0\nall,4,2,50\n",
    );
    expect(renderReportCsv(sampleReport(), "sessions")).toBe(
      "metric,value\nsessions,5\ncomplete,4\nincomplete,1\nwithout START,0\nwithout COMPLETED,1\n",
    );
  });

  it("writes the report's own keys trimmed; the terminal indents the rows that detail the row above", () => {
    const report = sampleReport();
    const tidy = renderReportCsv(report).split("\n");
    for (const line of [
      "sessions,4,without START,value,0",
      "sessions,5,without COMPLETED,value,1",
      "kpis,5,reached the user,value,0",
      "kpis,6,network failures,value,0",
      "inbound,4,short abandons (under 5 s),value,0",
      "inbound,6,without short abandons %,value,",
    ])
      expect(tidy).toContain(line);
    // No key of a table whose keys are the report's own labels has white space around it.
    const labelTables = new Set(["input", "sessions", "kpis", "kpi-times", "inbound", "autodialer"]);
    const keys = tidy
      .slice(1, -1)
      .map((line) => line.split(","))
      .filter((cells) => labelTables.has(cells[0] as string));
    expect(keys.length).toBeGreaterThan(30);
    expect(keys.filter((cells) => cells[2] !== cells[2]?.trim())).toEqual([]);
    const text = renderReportTable(report, { color: false });
    for (const row of ["│   without START     │", "│   reached the user ", "│   short abandons (under 5 s) "])
      expect(text).toContain(row);
  });

  it("writes a null percentage and an empty table as empty", () => {
    const report = sampleReport();
    report.calls.byDirection.outbound = { total: 0, answered: 0, answerRate: null };
    expect(renderReportCsv(report, "calls").split("\n")[2]).toBe("outbound,0,0,");
    expect(renderReportCsv(report, "hanged-users")).toBe("hanged_user,calls,share %\n");
  });

  it("has a wide table for every --table name", () => {
    // The gates, baseline and delta tables exist only when the run has gates and a baseline; the scorecard's
    // only with a scorecard (--by operator).
    const parsed = parseGate("asr < 60%");
    if (!parsed.ok) throw new Error(parsed.reason);
    const checks = { gates: [{ gate: parsed.gate, level: "error" as const }] };
    const scorecard = summarizeScorecard(createScorecard(DEFAULT_SCORECARD_OPTIONS));
    // The dialer tables exist only with --repeat-callers, --compliance and --callbacks (here over nothing).
    const dialer = {
      repeatCallers: summarizeRepeat(createRepeat(), 86_400),
      compliance: summarizeCompliance(
        createCompliance(),
        { fromMinute: 480, toMinute: 1260, machineShare: 0 },
        "UTC",
      ),
      callbacks: summarizeCallbacks(createCallbacks()),
    };
    const report = checkReport(
      { ...sampleReport(), operators: scorecard, ...dialer },
      { ...checks, baseline: { file: "b.json", report: sampleReport(), differences: [] } },
    );
    const dialerTables = reportTables({ ...sampleReport(), ...dialer })
      .map((t) => t.name)
      .filter((name) => !reportTables(sampleReport()).some((t) => t.name === name));
    expect(dialerTables).toEqual([
      "repeat-callers",
      "compliance",
      "compliance-days",
      "compliance-30d",
      "callbacks",
      "callback-failures",
    ]);
    expect(reportTables(sampleReport()).map((t) => t.name)).toEqual(
      TABLE_NAMES.filter(
        (name) =>
          !["gates", "baseline", "delta", "scorecard", "scorecard-days", ...dialerTables].includes(name),
      ),
    );
    expect(reportTables(report).map((t) => t.name)).toEqual([...TABLE_NAMES]);
    for (const name of TABLE_NAMES) {
      const header = renderReportCsv(report, name).split("\n")[0];
      const table = reportTables(report).find((t) => t.name === name);
      expect(header).toBe(table?.columns.join(","));
    }
  });
});

describe("terminal polish", () => {
  it("one percent sign: a percentage row's key and a percentage column's name drop their ' %'; CSV keeps it", () => {
    const report = sampleReport();
    const text = renderReportTable(report, { color: false });
    const kpis = tableCells(text, "KPIs (calls: complete sessions)");
    expect(kpis.map((row) => row[0])).toContain("ASR (answered / calls)");
    expect(kpis.map((row) => row[0])).toContain("NER (reached the user / ring results)");
    expect(
      tableCells(
        text,
        "Inbound service (service level: answered within 20 s / offered excluding short abandons)",
      ).map((row) => row[0]),
    ).toEqual([
      "metric",
      "offered (inbound calls)",
      "answered",
      "abandoned (unanswered, the caller hung up)",
      "short abandons (under 5 s)",
      "abandonment rate (abandoned / offered)",
      "without short abandons",
      "answered within 20 s",
      "service level",
    ]);
    expect(text).not.toMatch(/ %/);
    expect(renderReportCsv(report, "kpis")).toContain("ASR % (answered / calls),");
  });

  it("the sparkline's peak count has thousands separators", () => {
    const report = sampleReport();
    report.kpis.callsByHour = report.kpis.callsByHour.map((_, hour) =>
      hour === 9 ? 12_345 : hour === 10 ? 1 : 0,
    );
    const note = reportTables(report).find((t) => t.name === "kpis")?.note;
    expect(note).toBe(`Calls by START hour (UTC): 00 ·········█▁············· 23   peak 09:00 (12,345)`);
  });
});

describe("table and CSV agree", () => {
  const text = renderReportTable(sampleReport(), { color: false });
  const asNumber = (cell: string) => (cell === "-" || cell === "" ? null : Number(cell.replace(/[,%]/g, "")));

  it.each([
    ["input", "Input"],
    ["sessions", "Sessions"],
    ["calls", "Calls (complete sessions)"],
    ["hangups", "Who hung up (COMPLETED hanged_by)"],
    ["ring-results", "RINGRESULT states (3 results)"],
  ])("%s shows the same numbers", (name, title) => {
    const fromTable = tableCells(text, title).map((row) => row.slice(1).map(asNumber));
    const fromCsv = csvCells(renderReportCsv(sampleReport(), name)).map((row) => row.slice(1).map(asNumber));
    // timestamps are not numbers in either; compare them as NaN-free text instead
    const clean = (rows: (number | null)[][]) =>
      rows.map((r) => r.map((n) => (Number.isNaN(n) ? "text" : n)));
    expect(clean(fromTable)).toEqual(clean(fromCsv));
  });
});

describe("JSON", () => {
  it("is the report, pretty-printed, with a trailing newline", () => {
    const text = REPORT_RENDERERS.json?.(sampleReport(), { color: false }) ?? "";
    expect(text.endsWith("}\n")).toBe(true);
    expect(text.split("\n")[1]).toBe('  "reportVersion": 1,');
    expect(JSON.parse(text)).toEqual(sampleReport());
  });

  it("keeps null rates as null", () => {
    const report = sampleReport();
    report.calls.byDirection.outbound.answerRate = null;
    const parsed = JSON.parse(REPORT_RENDERERS.json?.(report, { color: false }) ?? "");
    expect(parsed.calls.byDirection.outbound.answerRate).toBeNull();
  });

  it("has the three formats, and html loaded on demand", () => {
    expect(Object.keys(REPORT_RENDERERS)).toEqual(["table", "csv", "json"]);
    expect(REPORT_FORMATS).toEqual(["table", "csv", "json", "html"]);
  });
});

describe("ring states named like built-in properties", () => {
  it("counts a state 'constructor' seen in one direction as 0 in the other, in table and csv", () => {
    const report = sampleReport();
    report.ringResults = { ...report.ringResults, constructor: 2 };
    report.ringResultShares = { ...report.ringResultShares, constructor: 0.5 };
    report.ringResultsByDirection = {
      inbound: { ...report.ringResultsByDirection.inbound, constructor: 2 },
      outbound: { ...report.ringResultsByDirection.outbound },
    };
    const row = reportTables(report)
      .find((t) => t.name === "ring-results")
      ?.rows.find((r) => r[0] === "constructor");
    expect(row).toEqual(["constructor", 2, { percent: 50 }, 2, 0]);
    expect(renderReportCsv(report, "ring-results")).toContain("constructor,2,50,2,0\n");
  });
});

describe("a ranking withheld for too many distinct values", () => {
  it("says so in the table's title and shows no rows", () => {
    const report = { ...sampleReport(), topHangedValues: [], hangedValuesRanked: false };
    const table = reportTables(report).find((t) => t.name === "hanged-values");
    expect(table?.title).toBe(
      "Top hanged_value: not ranked, more than 100,000 distinct values (too many to count exactly)",
    );
    expect(table?.rows).toEqual([]);
    expect(reportTables(report).find((t) => t.name === "hanged-users")?.title).toBe("Top hanged_user");
  });
});
