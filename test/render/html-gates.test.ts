// The HTML report's gates panel, the baseline line in its header and the changes on its tiles: from the samples'
// reports (through JSON, as --format json gives them) and hand-made results; the numbers are the JSON's, every
// value from the input or the command line is escaped, and a report without gates or baseline gets nothing new.
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { type AnalyzeReport, analyze, checkReport } from "../../src/commands/analyze.js";
import { inputSources } from "../../src/ingest/read.js";
import { loadSchemaDocument } from "../../src/ingest/schema-file.js";
import { DEFAULT_SESSIONIZE_OPTIONS } from "../../src/ingest/sessionize.js";
import { createEventValidator, type EventValidator } from "../../src/ingest/validate.js";
import { toSafeJson } from "../../src/render/escape.js";
import { renderReportHtml } from "../../src/render/html/page.js";
import { settingDifferences } from "../../src/report/baseline.js";
import { DEFAULT_CALL_STATS_OPTIONS } from "../../src/report/callstats.js";
import { parseGate } from "../../src/report/gate-expr.js";
import type { GateGroupResult, GateLevel, GateResult } from "../../src/report/gates.js";
import { expectNoRawControls } from "../support/safety.js";

const META = { toolVersion: "9.8.7", generatedAt: "2026-03-05T10:00:00.000Z" };
const sample = (name: string) => fileURLToPath(new URL(`../../samples/${name}.ndjson`, import.meta.url));
let validator: EventValidator;
let mixedDay: AnalyzeReport;
let inbound: AnalyzeReport;

/** The report of a sample as --format json writes it (the HTML page's default breakdowns). */
async function reportOf(name: string): Promise<AnalyzeReport> {
  const report = await analyze(inputSources([sample(name)], Readable.from([])), {
    validator,
    maxLineBytes: 1 << 20,
    maxProblems: 100,
    sessionize: DEFAULT_SESSIONIZE_OPTIONS,
    callStats: { ...DEFAULT_CALL_STATS_OPTIONS, by: ["direction", "operator", "campaign", "hour"] },
  });
  return viaJson(report);
}

const viaJson = (report: AnalyzeReport): AnalyzeReport => JSON.parse(toSafeJson(report)) as AnalyzeReport;

/** The report checked with gates (`[expr, level]`) and, when given, a baseline report. */
function checked(
  report: AnalyzeReport,
  gates: [string, GateLevel][],
  baseline?: { file: string; report: AnalyzeReport },
): AnalyzeReport {
  const specs = gates.map(([expr, level]) => {
    const parsed = parseGate(expr);
    if (!parsed.ok) throw new Error(parsed.reason);
    return { gate: parsed.gate, level };
  });
  const withBaseline =
    baseline === undefined
      ? {}
      : { baseline: { ...baseline, differences: settingDifferences(report, baseline.report) } };
  return viaJson(checkReport(report, { gates: specs, ...withBaseline }));
}

/** The gates panel's rows as cell texts (tags dropped, entities kept). */
function gateRows(page: string): string[][] {
  const start = page.indexOf('<table class="gates">');
  expect(start).toBeGreaterThan(0);
  const body = page.slice(page.indexOf("<tbody>", start), page.indexOf("</tbody>", start));
  return [...body.matchAll(/<tr[^>]*>(.*?)<\/tr>/g)].map((r) =>
    [...(r[1] as string).matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((c) =>
      (c[1] as string).replace(/<span class="sub">/g, " | ").replace(/<[^>]+>/g, ""),
    ),
  );
}

/** Each tile's delta: change, noise words, baseline text and title, by data-kpi. */
function tileDeltas(
  page: string,
): Record<string, { change: string; noise: boolean; base: string; title: string }> {
  const found: Record<string, { change: string; noise: boolean; base: string; title: string }> = {};
  for (const m of page.matchAll(
    /<div class="tile" data-kpi="([a-z0-9-]+)">.*?<div class="delta" title="([^"]*)"><span class="change">([^<]*)<\/span>(.*?)<span class="base">baseline ([^<]*)<\/span>/g,
  ))
    found[m[1] as string] = {
      title: m[2] as string,
      change: m[3] as string,
      noise: (m[4] as string).includes("within noise"),
      base: m[5] as string,
    };
  return found;
}

// The same rounding the page promises (0.1 % / 0.1 s / whole counts), written out here from the JSON numbers.
const pct = (f: number) => `${(Math.round(f * 1000) / 10).toFixed(1)} %`;
const sec = (s: number) => `${(Math.round(s * 10) / 10).toFixed(1)} s`;
const signed = (n: number, digits: number, unit: string) =>
  `${n > 0 ? "+" : n < 0 ? "-" : "±"}${Math.abs(n).toFixed(digits)}${unit}`;

beforeAll(async () => {
  validator = createEventValidator(await loadSchemaDocument());
  mixedDay = await reportOf("mixed-day");
  inbound = await reportOf("inbound-parallel");
});

describe("the gates panel", () => {
  it("has one row per gate and one per failing group, with the JSON's numbers", () => {
    const report = checked(
      inbound,
      [
        ["asr{operator:*} < 80%", "error"],
        ["abandon_rate{hour:*} > 10%", "warn"],
        ["asr < baseline - 5pp", "error"],
        ["acd > 2m", "warn"],
        ["offered == 0", "error"],
        ["asr{campaign:none-such} < 50%", "error"],
      ],
      { file: "mixed-day.json", report: mixedDay },
    );
    const page = renderReportHtml(report, META);
    const gates = report.gates as GateResult[];
    // inbound-parallel by hand (samples/README.md): 4 inbound calls, 3 answered (operators 31002 twice,
    // 31001 once), one nobody answers (no operator) and whose caller hangs up at 09:0x: ASR 75 %, abandon 1/4.
    expect(gates.map((g) => g.status)).toEqual(["fail", "fail", "pass", "fail", "pass", "skip"]);
    expect(page).toContain("<h2>Gates: 3 of 6 failed (1 error, 2 warning level), 2 passed, 1 skipped</h2>");
    expect(gateRows(page)).toEqual([
      ["✗ fail", "asr{operator:*} &lt; 80% | 1 of 3 operator groups fail", "error", "–", "80.0 %", "", "4"],
      ["✗ fail", "operator (none)", "", "0.0 %", "80.0 %", "", "1"],
      ["✗ fail", "abandon_rate{hour:*} &gt; 10% | 1 of 1 hour groups fail", "warn", "–", "10.0 %", "", "4"],
      ["✗ fail", "hour 09:00", "", "25.0 %", "10.0 %", "", "4"],
      // 19 of 37 answered in mixed-day: 51.4 %, less 5 pp = 46.4 %.
      ["✓ pass", "asr &lt; baseline - 5pp", "error", "75.0 %", "46.4 %", "51.4 %", "4"],
      // Talk of the 3 answered calls: mean 160.7 s (README's JSON contract example: 160.67).
      ["✗ fail", "acd &gt; 2m", "warn", "160.7 s", "120.0 s", "", "3"],
      ["✓ pass", "offered == 0", "error", "4", "0", "", "4"],
      [
        "skip (n=0)",
        "asr{campaign:none-such} &lt; 50% | 0 of 1 campaign groups fail, 1 skipped",
        "error",
        "–",
        "50.0 %",
        "",
        "0",
      ],
    ]);
    // And each number is the JSON's, rounded as shown.
    const asr = gates[2] as GateResult;
    expect([asr.value, asr.threshold, asr.baseline].map((v) => pct(v as number))).toEqual([
      "75.0 %",
      "46.4 %",
      "51.4 %",
    ]);
    const none = gates[0]?.groups?.[0] as GateGroupResult;
    expect([none.key, none.value, none.n]).toEqual([null, 0, 1]);
    expect(sec(gates[3]?.value as number)).toBe("160.7 s");
    // The result is a word (✓/✗/skip), and its colour a class of the stylesheet, never a style attribute.
    expect(page).toContain('<td class="result fail warn">✗ fail</td>');
    expect(page).toContain('<td class="result skip">skip (n=0)</td>');
    expect(page).not.toMatch(/\sstyle=/);
  });

  it("leaves the baseline column out when no gate uses the baseline", () => {
    const page = renderReportHtml(checked(inbound, [["asr < 60%", "error"]]), META);
    expect(page).toContain(
      '<thead><tr><th scope="col">result</th><th scope="col">gate</th><th scope="col">level</th><th scope="col" class="n">value</th><th scope="col" class="n">threshold</th><th scope="col" class="n">n</th></tr></thead>',
    );
    expect(gateRows(page)).toEqual([["✓ pass", "asr &lt; 60%", "error", "75.0 %", "60.0 %", "4"]]);
  });

  it("lists every failing group of a gate, then (none) and (other) whatever they came to", () => {
    const group = (i: number): GateGroupResult => ({
      key: `op-${String(i).padStart(2, "0")}`,
      status: "fail",
      value: i / 100,
      threshold: 0.5,
      n: i,
    });
    const gate: GateResult = {
      expr: "asr{operator:*} < 50%",
      level: "error",
      status: "fail",
      metric: "asr",
      kind: "rate",
      value: null,
      threshold: 0.5,
      n: 91 + 2 + 5 + 3,
      by: "operator",
      // 13 failing (n 1..13; the panel cut them at 10, and (none) and (other) with them), then a passing
      // group that is not listed, and (other) and (none), which are.
      groups: [
        ...Array.from({ length: 13 }, (_, i) => group(i + 1)),
        { key: "op-ok", status: "pass", value: 1, threshold: 0.5, n: 2 },
        { key: "(other)", status: "pass", value: 0.6, threshold: 0.5, n: 5 },
        { key: null, status: "skip", reason: "no-data", value: null, threshold: 0.5, n: 0 },
      ],
    };
    const page = renderReportHtml({ ...inbound, gates: [gate] }, META);
    const rows = gateRows(page);
    expect(rows[0]?.[1]).toBe("asr{operator:*} &lt; 50% | 13 of 16 operator groups fail, 1 skipped");
    expect(rows.slice(1, 14).map((r) => r.slice(1, 4))).toEqual(
      Array.from({ length: 13 }, (_, i) => [
        `operator op-${String(i + 1).padStart(2, "0")}`,
        "",
        `${i + 1}.0 %`,
      ]),
    );
    expect(rows.slice(14).map((r) => r.slice(0, 2))).toEqual([
      ["✓ pass", "operator (other)"],
      ["skip (n=0)", "operator (none)"],
    ]);
    expect(rows).toHaveLength(16);
    expect(page).not.toContain("op-ok");
  });

  it("escapes a hostile expression and hostile group keys", () => {
    const expr = `asr{operator:<img src=x onerror="alert(1)">} < 50%`;
    const key = `</td><script>alert('k')</script>&amp;\u202e\u001b[2J`;
    const gate: GateResult = {
      expr,
      level: "error",
      status: "fail",
      metric: "asr",
      kind: "rate",
      value: null,
      threshold: 0.5,
      n: 3,
      by: "operator",
      groups: [{ key, status: "fail", value: 0, threshold: 0.5, n: 3 }],
    };
    const page = renderReportHtml({ ...inbound, gates: [gate] }, META);
    expect(page).not.toContain("<img src=x");
    expect(page).not.toContain("<script>");
    expect(page).toContain(
      "<code>asr{operator:&lt;img src=x onerror=&quot;alert(1)&quot;&gt;} &lt; 50%</code>",
    );
    expect(page).toContain(
      '<th scope="row">operator &lt;/td&gt;&lt;script&gt;alert(&#39;k&#39;)&lt;/script&gt;&amp;amp;\\u202e\\x1b[2J</th>',
    );
    expectNoRawControls(page, "the page");
  });
});

describe("the baseline on the page", () => {
  it("puts the baseline's change on each tile: the JSON's delta, ~ within noise said in words", () => {
    const report = checked(inbound, [], { file: "mixed-day.json", report: mixedDay });
    const page = renderReportHtml(report, META);
    const deltas = tileDeltas(page);
    const byMetric = new Map((report.delta ?? []).map((d) => [d.metric, d]));
    const metricOf: Record<string, string> = {
      calls: "calls",
      answered: "answered",
      asr: "asr",
      ner: "ner",
      "service-level": "service_level",
      abandonment: "abandon_rate",
      acd: "acd",
      "answer-median": "time_to_answer.median",
      "answer-p90": "time_to_answer.p90",
    };
    expect(Object.keys(deltas)).toEqual(Object.keys(metricOf));
    const k = report.kpis;
    const tileValue: Record<string, number | null> = {
      calls: k.calls,
      answered: k.answered,
      asr: k.asr,
      ner: k.ner,
      "service-level": k.inbound.serviceLevel,
      abandonment: k.inbound.abandonRate,
      acd: k.talk.mean,
      "answer-median": k.timeToAnswer.median,
      "answer-p90": k.timeToAnswer.p90,
    };
    for (const [key, metric] of Object.entries(metricOf)) {
      const d = byMetric.get(metric);
      if (d === undefined || d.baseline === null || d.change === null)
        throw new Error(`no delta of ${metric}`);
      // The delta's value is the tile's own figure: the change is of what the tile shows.
      expect(d.value, key).toBeCloseTo(tileValue[key] as number, 12);
      const expected =
        d.kind === "rate"
          ? { base: pct(d.baseline), change: signed(Math.round(d.change * 1000) / 10, 1, " pp") }
          : d.kind === "duration"
            ? { base: sec(d.baseline), change: signed(Math.round(d.change * 10) / 10, 1, " s") }
            : { base: String(d.baseline), change: signed(d.change, 0, "") };
      expect({ base: deltas[key]?.base, change: deltas[key]?.change }, key).toEqual(expected);
      expect(deltas[key]?.noise, key).toBe(d.withinNoise === true);
    }
    // By hand: calls 4 against 37; ASR 3/4 = 75 % against 19/37 = 51.35 %: +23.6 pp, and with the pooled
    // p = 22/41, z = 0.2365 / sqrt(p (1 - p) (1/4 + 1/37)) = 0.90 < 1.96: within noise.
    expect(deltas.calls).toMatchObject({ change: "-33", base: "37", noise: false });
    expect(deltas.asr).toMatchObject({ change: "+23.6 pp", base: "51.4 %", noise: true });
    expect(deltas.asr?.title).toBe(
      "ASR: 75.0 % here, 51.4 % in the baseline; change +23.6 pp; within noise (two-proportion z = 0.90, |z| &lt; 1.96)",
    );
    expect(deltas.acd).toMatchObject({ change: "-62.4 s", base: "223.1 s", noise: false });
    expect(page).toContain('<span class="noise"><span aria-hidden="true">~</span> within noise</span>');
  });

  it("says which report was compared with in the header", () => {
    const page = renderReportHtml(checked(inbound, [], { file: "mixed-day.json", report: mixedDay }), META);
    expect(page).toContain(
      "<div><dt>Baseline</dt><dd>mixed-day.json: events 2026-03-04 08:02:10 – 2026-03-04 12:56:49 (UTC); 37 calls; same settings</dd></div>",
    );
  });

  it("lists the settings that differ, and escapes the baseline's file name and values", () => {
    const other = { ...mixedDay, kpis: { ...mixedDay.kpis, serviceLevelSeconds: 30 } } as AnalyzeReport;
    const tampered = JSON.parse(JSON.stringify(other)) as { filters: { operator: unknown } };
    tampered.filters.operator = ["<b>x</b>"];
    const file = `<img src=x onerror="alert(1)">.json`;
    const page = renderReportHtml(
      checked(inbound, [], { file, report: tampered as unknown as AnalyzeReport }),
      META,
    );
    expect(page).toContain(
      "<dd>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;.json: events 2026-03-04 08:02:10 – 2026-03-04 12:56:49 (UTC); 37 calls; settings differ (accepted with --baseline-any): kpis.serviceLevelSeconds 20 here, 30 in the baseline; filters.operator [] here, [&quot;&lt;b&gt;x&lt;/b&gt;&quot;] in the baseline</dd>",
    );
    expect(page).not.toContain("<b>x</b>");
  });

  it("shows a report compared with itself as no change on every tile (a zero change of a rate is noise: z = 0)", () => {
    const page = renderReportHtml(checked(mixedDay, [], { file: "self.json", report: mixedDay }), META);
    expect(Object.values(tileDeltas(page)).map((d) => [d.change, d.noise])).toEqual([
      ["±0", false],
      ["±0", false],
      ["±0.0 pp", true],
      ["±0.0 pp", true],
      ["±0.0 pp", true],
      ["±0.0 pp", true],
      ["±0.0 s", false],
      ["±0.0 s", false],
      ["±0.0 s", false],
    ]);
  });

  it("marks a significant change without ~ and says so in the title", () => {
    // By hand: 110/200 against 150/200 is -20 pp with z = -4.19 (README's example): not noise.
    const report: AnalyzeReport = {
      ...inbound,
      delta: [
        {
          metric: "asr",
          kind: "rate",
          value: 0.55,
          baseline: 0.75,
          change: -0.2,
          relativeChange: -0.2 / 0.75,
          z: -4.19,
          withinNoise: false,
        },
      ],
    };
    const deltas = tileDeltas(renderReportHtml(report, META));
    expect(Object.keys(deltas)).toEqual(["asr"]);
    expect(deltas.asr).toEqual({
      change: "-20.0 pp",
      noise: false,
      base: "75.0 %",
      title:
        "ASR: 55.0 % here, 75.0 % in the baseline; change -20.0 pp; significant (two-proportion z = -4.19, |z| ≥ 1.96)",
    });
  });
});

describe("a report without gates or baseline", () => {
  it("gets nothing added; gates and a baseline add only their panel, header line, note and tile lines", () => {
    const plain = renderReportHtml(inbound, META);
    expect(plain).not.toContain("Gates:");
    expect(plain).not.toContain('class="gates"');
    expect(plain).not.toContain('class="delta"');
    expect(plain).not.toContain("<dt>Baseline</dt>");
    expect(plain).not.toContain(`<p class="note tiles-note">`);
    const full = renderReportHtml(
      checked(inbound, [["asr{operator:*} < 80%", "error"]], { file: "mixed-day.json", report: mixedDay }),
      META,
    );
    const stripped = full
      .replace(/<section class="panel">\n<h2>Gates:[\s\S]*?<\/section>\n/, "")
      .replace(/<p class="note tiles-note">.*\n/, "")
      .replace(/<div><dt>Baseline<\/dt>.*?<\/div>\n/, "")
      .replace(/<div class="delta".*?<\/div>/g, "");
    expect(stripped).toBe(plain);
  });
});
