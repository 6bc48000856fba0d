// The HTML report on real report objects (the samples through analyze, as --format json gives them): every
// panel, the same numbers as the JSON, a strict CSP, nothing fetched, every hostile value inert text.
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { type AnalyzeReport, analyze, checkReport } from "../../src/commands/analyze.js";
import { inputSources } from "../../src/ingest/read.js";
import { loadSchemaDocument } from "../../src/ingest/schema-file.js";
import { DEFAULT_SESSIONIZE_OPTIONS } from "../../src/ingest/sessionize.js";
import { createEventValidator, type EventValidator } from "../../src/ingest/validate.js";
import { toSafeJson } from "../../src/render/escape.js";
import { barsChart } from "../../src/render/html/charts.js";
import { mdHtml } from "../../src/render/html/defined.js";
import { h } from "../../src/render/html/escape.js";
import { renderReportHtml } from "../../src/render/html/page.js";
import { cleanSvg } from "../../src/render/html/svg.js";
import { reportRenderer } from "../../src/render/index.js";
import { type CallStatsOptions, DEFAULT_CALL_STATS_OPTIONS } from "../../src/report/callstats.js";
import { DEFINITIONS } from "../../src/report/definitions.js";
import { parseGate } from "../../src/report/gate-expr.js";
import type { GateLevel } from "../../src/report/gates.js";
import { expectNoRawControls } from "../support/safety.js";

const META = { toolVersion: "9.8.7", generatedAt: "2026-03-05T10:00:00.000Z" };
const sample = (name: string) => fileURLToPath(new URL(`../../samples/${name}.ndjson`, import.meta.url));
let validator: EventValidator;
beforeAll(async () => {
  validator = createEventValidator(await loadSchemaDocument());
});

/** The report of a sample exactly as --format json writes it (analyze, then through JSON). */
async function reportOf(name: string, stats: Partial<CallStatsOptions> = {}): Promise<AnalyzeReport> {
  const report = await analyze(inputSources([sample(name)], Readable.from([])), {
    validator,
    maxLineBytes: 1 << 20,
    maxProblems: 100,
    sessionize: DEFAULT_SESSIONIZE_OPTIONS,
    callStats: { ...DEFAULT_CALL_STATS_OPTIONS, by: ["direction", "operator", "campaign"], ...stats },
  });
  return JSON.parse(toSafeJson(report)) as AnalyzeReport;
}

/** The tiles' values by data-kpi. */
function tiles(page: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const m of page.matchAll(
    /<div class="tile" data-kpi="([a-z0-9-]+)">.*?<div class="value">([^<]*)<\/div>/g,
  ))
    found[m[1] as string] = m[2] as string;
  return found;
}

/** The tiles' captions (HTML) by data-kpi. */
function tileDetails(page: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const m of page.matchAll(
    /<div class="tile" data-kpi="([a-z0-9-]+)">.*?<div class="detail" title="[^"]*">(.*?)<\/div><\/div>/g,
  ))
    found[m[1] as string] = m[2] as string;
  return found;
}

/** The row headers (first cells) of the table in the panel titled `title`. */
function rowKeys(page: string, title: string): string[] {
  const start = page.indexOf(`<h2>${h(title)}`);
  expect(start, title).toBeGreaterThan(0);
  const section = page.slice(start, page.indexOf("</section>", start));
  return [...section.matchAll(/<tr><th scope="row">([^<]*)<\/th>/g)].map((m) => m[1] as string);
}

/** The report checked with gates, each `[expr, level]`, as analyze --fail-if / --warn-if does it. */
function checked(report: AnalyzeReport, gates: [string, GateLevel][]): AnalyzeReport {
  const specs = gates.map(([expr, level]) => {
    const parsed = parseGate(expr);
    if (!parsed.ok) throw new Error(parsed.reason);
    return { gate: parsed.gate, level };
  });
  return JSON.parse(toSafeJson(checkReport(report, { gates: specs }))) as AnalyzeReport;
}

const percent = (fraction: number | null) =>
  fraction === null ? "–" : `${(Math.round(fraction * 1000) / 10).toFixed(1)} %`;
const seconds = (s: number | null) => (s === null ? "–" : `${(Math.round(s * 10) / 10).toFixed(1)} s`);

/** Every row of the <details> table under the figure with this caption, as cell texts. */
function figureRows(page: string, caption: string): string[][] {
  const start = page.indexOf(`<figcaption>${h(caption)}</figcaption>`);
  expect(start, caption).toBeGreaterThan(0);
  const body = page.slice(page.indexOf("<tbody>", start), page.indexOf("</tbody>", start));
  return [...body.matchAll(/<tr>(.*?)<\/tr>/g)].map((r) =>
    [...(r[1] as string).matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((c) => c[1] as string),
  );
}

describe("HTML report of mixed-day", () => {
  let report: AnalyzeReport;
  let page: string;
  beforeAll(async () => {
    report = await reportOf("mixed-day", { variants: 5 });
    page = renderReportHtml(report, META);
  });

  it("has every panel, titled with what it counts", () => {
    const titles = [...page.matchAll(/<h2>(.*?)<\/h2>/g)].map((m) => m[1]);
    expect(titles).toEqual([
      "Calls over time (37 complete calls)",
      "Load: calls and phone legs in progress at once",
      "Ring results",
      "Who hung up",
      "How long callers wait and talk",
      "Waiting callers (14 inbound calls)",
      "By direction (37 complete calls)",
      "By operator (37 complete calls)",
      "By campaign (37 complete calls)",
      `Trace variants: top 5 of ${report.variants?.distinct} over 37 calls`,
      "Input quality",
    ]);
    // One day of calls: no weekday x hour heatmap (it needs a week).
    expect(page).not.toContain("Calls by weekday");
    expect(page).toContain("<dd>teltel-events 9.8.7 on 2026-03-05T10:00:00.000Z</dd>");
    expect(page).toContain("2026-03-04 08:02:10 – 2026-03-04 12:56:49 (UTC)");
    expect(page).toContain(`<li>${h(sample("mixed-day"))}</li>`);
  });

  it("shows the headline numbers of the JSON report", () => {
    const k = report.kpis;
    expect(tiles(page)).toEqual({
      calls: String(k.calls),
      answered: String(k.answered),
      asr: percent(k.asr),
      ner: percent(k.ner),
      "service-level": percent(k.inbound.serviceLevel),
      abandonment: percent(k.inbound.abandonRate),
      acd: seconds(k.talk.mean),
      "answer-median": seconds(k.timeToAnswer.median),
      "answer-p90": seconds(k.timeToAnswer.p90),
    });
    // The sample's hand-counted figures (samples/README.md): 37 complete calls, 19 answered (10 in, 9 out).
    expect(tiles(page).calls).toBe("37");
    expect(tiles(page).answered).toBe("19");
  });

  it("captions each tile with its figure's definition, so Answered and time to answer do not clash", () => {
    const details = tileDetails(page);
    // Answered: COMPLETED is_answered (19 calls); time to answer: any leg's RINGRESULT ANSWER (23 calls:
    // the 19, plus 3 autodialer contacts and 1 callback's first leg that answered with no operator to take it).
    expect(details.answered).toBe("calls whose COMPLETED has <code>is_answered</code> true");
    expect(details["answer-median"]).toBe(
      "first RINGRESULT ANSWER − START, over 23 calls with an ANSWER on any leg, answered or not",
    );
    expect(details["answer-p90"]).toBe(
      "90 % within this; first RINGRESULT ANSWER − START, over 23 calls with an ANSWER on any leg, answered or not",
    );
    expect(details.asr).toBe("answered calls / calls");
    expect(details["service-level"]).toBe(
      "inbound calls answered within T / (inbound calls − short abandons); T = 20 s, short abandons: under 5 s",
    );
    expect(details.abandonment).toBe("abandoned / inbound calls (<code>offered</code>): 4 of 14");
    // The caption's tooltip is the figure's whole definition, as the README's table has it.
    expect(page).toContain(
      `<div class="detail" title="calls whose COMPLETED has is_answered true; the same count as calls.answered. Not the calls with a RINGRESULT ANSWER: an autodialer contact or a callback&#39;s first leg can answer a call no operator takes">`,
    );
    // Every tile's caption starts with the formula of the table the README's KPI table is made from.
    const formula = (id: string) => mdHtml(DEFINITIONS.find((d) => d.id === id)?.formula ?? "?");
    const ids = {
      calls: "calls",
      answered: "answered",
      asr: "asr",
      ner: "ner",
      "service-level": "inbound.serviceLevel",
      abandonment: "inbound.abandonRate",
      acd: "talk.mean",
      "answer-median": "timeToAnswer",
    };
    for (const [key, id] of Object.entries(ids)) expect(details[key], key).toContain(formula(id));
    expect(
      figureRows(
        page,
        "Time to answer: first RINGRESULT ANSWER − START (23 calls with an ANSWER on any leg, answered or not)",
      ),
    ).toHaveLength(11);
  });

  it("labels every bin of the histograms under its bar", () => {
    const caption = "Talk time: length of the call's talk window (19 answered calls)";
    const at = page.indexOf(`<figcaption>${h(caption)}</figcaption>`);
    expect(at).toBeGreaterThan(0);
    const svg = page.slice(at, page.indexOf("</svg>", at));
    const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    const bins = figureRows(page, caption).map((row) => row[0]);
    expect(bins).toEqual([
      "0–30",
      "30–60",
      "60–120",
      "120–180",
      "180–300",
      "300–600",
      "600–900",
      "900–1200",
      "1200–1800",
      "1800–3600",
      "3600+",
    ]);
    expect(texts.filter((t) => bins.includes(t))).toEqual(bins);
  });

  it("right-aligns the header of every column of numbers, as its cells are", () => {
    const start = page.indexOf("<h2>By direction");
    const head = page.slice(page.indexOf("<thead>", start), page.indexOf("</thead>", start));
    expect(
      [...head.matchAll(/<th scope="col"( class="n")?>([^<]*)</g)].map((m) => `${m[2]}${m[1] ? " >" : ""}`),
    ).toEqual([
      "direction",
      "calls >",
      "answered >",
      "talk time, min >",
      "ACD, s >",
      "ASR % >",
      "NER % >",
      "inbound >",
      "abandoned >",
      "SL % >",
    ]);
    const problems = page.slice(page.indexOf("<caption>The one problem"));
    expect(problems.slice(0, problems.indexOf("</thead>"))).not.toContain('class="n"');
  });

  it("gives each chart's numbers in its table, equal to the report's", () => {
    const hours = figureRows(
      page,
      "Calls per START hour (UTC) by outcome, and inbound service level (answered within 20 s) per hour",
    );
    // The busy hours only: 08:00 to 12:00.
    expect(hours.map((r) => r[0])).toEqual(["08:00", "09:00", "10:00", "11:00", "12:00"]);
    for (const row of hours) {
      const slot = report.activity.byHour[Number(row[0]?.slice(0, 2))];
      expect(row.slice(1, 5)).toEqual(
        [slot?.calls, slot?.answered, slot?.notAnswered, slot?.abandoned].map(String),
      );
    }
    expect(hours.reduce((n, r) => n + Number(r[1]), 0)).toBe(report.kpis.calls);
    const rings = figureRows(page, "RINGRESULT states per direction (62 ring results, all sessions)");
    expect(rings.map((r) => r[0])).toHaveLength(10);
    expect(rings.find((r) => r[0] === "ANSWER")).toEqual(["ANSWER", "11", "18", "29"]);
    const hangups = figureRows(page, "Who hung up: COMPLETED hanged_by (37 complete calls)");
    expect(hangups.map((r) => r.slice(0, 2))).toEqual([
      ["phone", "23"],
      ["sip", "14"],
    ]);
  });

  it("draws every chart as an SVG with marks, and one figure, caption and data table per chart", () => {
    const figures = page.split("<figure>").slice(1);
    // Calls over time, ring results, who hung up, the two distributions, and where callers give up (waits).
    expect(figures).toHaveLength(6);
    for (const f of figures) {
      expect(f).toMatch(/^\s*<figcaption>[^<]+<\/figcaption>/);
      expect(f).toMatch(/<svg role="img" aria-label="[^"]+" viewBox="0 0 \d+ \d+">/);
      expect(f).toMatch(/<path d="M[^"]+Z" fill="#[0-9a-f]{6}"/);
      expect(f).toContain("<details><summary>Numbers of this chart</summary>");
    }
  });

  it("draws the operators' inline bars in proportion (widest = most answered)", () => {
    const table = page.slice(page.indexOf("By operator"), page.indexOf("By campaign"));
    const widths = [...table.matchAll(/<rect width="(\d+)" height="8">/g)].map((m) => Number(m[1]));
    expect(Math.max(...widths)).toBe(80);
    expect(widths.every((w) => w >= 0 && w <= 80)).toBe(true);
  });

  it("accounts for every line in the input-quality panel", () => {
    expect(page).toContain("338 lines = 0 blank + 338 events + 0 invalid + 0 duplicates + 0 late");
    expect(page).toContain(`<th scope="row">${h(sample("mixed-day"))}:330</th><td>incomplete-session</td>`);
  });
});

describe("the html --format", () => {
  it("is loaded on demand and renders with the version and time it is told", async () => {
    const render = await reportRenderer("html");
    const page = render(await reportOf("callback"), { color: false, ...META });
    expect(page).toContain("<dd>teltel-events 9.8.7 on 2026-03-05T10:00:00.000Z</dd>");
  });
});

describe("HTML report: content security", () => {
  let page: string;
  beforeAll(async () => {
    page = renderReportHtml(await reportOf("mixed-day"), META);
  });

  it("carries a CSP with default-src 'none' that allows its one stylesheet by hash, and no script", () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page)?.[1] ?? "";
    const css = /<style>([\s\S]*?)<\/style>/.exec(page)?.[1] ?? "";
    const hash = createHash("sha256").update(css).digest("base64");
    expect(csp.replaceAll("&#39;", "'")).toContain(
      `default-src 'none'; style-src 'sha256-${hash}'; img-src 'none'`,
    );
    expect(page.match(/<style\b/g)).toHaveLength(1);
    expect(page).not.toMatch(/<script\b/i);
    expect(page).not.toMatch(/\sstyle="/);
    expect(page).not.toMatch(/unsafe-/);
  });

  it("fetches nothing: no http:, https: or // in any src, href or url()", () => {
    const refs = [
      ...page.matchAll(/\s(?:src|href|xlink:href)="([^"]*)"/g),
      ...page.matchAll(/url\(([^)]*)\)/g),
    ].map((m) => m[1] as string);
    expect(refs.length).toBeGreaterThan(0); // the charts' clip paths: url(#c1234abcd-c0)
    for (const ref of refs) expect(ref).toMatch(/^#[\w-]+$/);
    expect(page).not.toMatch(/https?:|\/\/[a-z]/i);
  });

  it("renames ECharts' ids per chart so none repeats, the same for the same report", async () => {
    expect(renderReportHtml(await reportOf("mixed-day"), META)).toBe(page);
    const ids = [...page.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^c[0-9a-f]{8}-c\d+$/);
  });
});

const HOSTILE = `<img src=x onerror="globalThis.pwned=1">'"&</style><script>globalThis.pwned=2</script>\u202e\u2028`;

describe("HTML report: hostile values", () => {
  let page: string;
  beforeAll(async () => {
    const report = await reportOf("hostile", { variants: 5 });
    // The sample's own hostile values, plus markup in every place an input value can reach the page.
    report.input.fileNames = [HOSTILE];
    report.topHangedValues.push({ value: HOSTILE, count: 1, share: 0.1 });
    report.problems.push({ code: "bad-value", file: HOSTILE, line: 1, message: HOSTILE });
    report.breakdowns
      .find((b) => b.by === "operator")
      ?.groups.push({
        ...(report.breakdowns[0]?.groups[0] as AnalyzeReport["breakdowns"][0]["groups"][0]),
        key: HOSTILE,
      });
    report.variants?.top.push({ variant: HOSTILE, count: 1, share: 0.1 });
    report.filters = { ...report.filters, active: true, operator: [HOSTILE], since: HOSTILE };
    page = renderReportHtml(report, META);
  });

  it("shows them as escaped text, never as markup", () => {
    expect(page).not.toContain("<img");
    expect(page).not.toMatch(/<script/i);
    // No tag has an event-handler attribute (the escaped text may well read "onerror=").
    for (const tag of page.match(/<[a-z][^>]*>/gi) ?? []) expect(tag).not.toMatch(/\son[a-z]+\s*=/i);
    expect(page.match(/<\/style>/g)).toHaveLength(1);
    const escaped =
      "&lt;img src=x onerror=&quot;globalThis.pwned=1&quot;&gt;&#39;&quot;&amp;&lt;/style&gt;&lt;script&gt;globalThis.pwned=2&lt;/script&gt;\\u202e\\u2028";
    // file name (header and problem list), hanged_value, operator, variant, filter values, problem message
    expect(page.split(escaped).length - 1).toBeGreaterThanOrEqual(7);
  });

  it("never puts a raw control, bidi or line-separator character in the page", () => {
    expectNoRawControls(page, "the hostile report page");
  });

  it("keeps input values out of ids, classes, styles and links", () => {
    for (const m of page.matchAll(/\s(id|class|href|src)="([^"]*)"/g)) expect(m[2]).toMatch(/^[\w #-]*$/);
  });
});

describe("ECharts' SVG, cleaned for the CSP", () => {
  it("turns style attributes into presentation attributes and drops <style>, classes and metadata", () => {
    const raw =
      '<svg width="10" height="10" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><text style="font-size:12px;font-family:sans-serif;fill:url(http://x.test/a);behavior:x" class="zr3-cls-0" ecmeta_series_index="0">a</text><g clip-path="url(#zr3-c0)"></g><style ><![CDATA[.zr3-cls-0:hover{cursor:pointer}]]></style></svg>';
    expect(cleanSvg(raw, "chart9", "label")).toBe(
      '<svg role="img" aria-label="label" viewBox="0 0 10 10"><text font-size="12px" font-family="sans-serif">a</text><g clip-path="url(#chart9-c0)"></g></svg>',
    );
  });

  it("escapes category labels in SVG text (a chart given markup draws it as text)", () => {
    const svg = barsChart(
      ['<b onclick="x">&'],
      [{ name: "n", color: "#123456", data: [1] }],
      { x: "x", y: "y" },
      "c",
    );
    expect(svg).toContain("&lt;b onclick=&quot;x&quot;&gt;&amp;");
    expect(svg).not.toContain("<b ");
  });
});

describe("HTML report: long spans and long tables", () => {
  let base: AnalyzeReport;
  beforeAll(async () => {
    base = await reportOf("mixed-day");
  });

  it("shows calls per day and the weekday x hour heatmap when the calls span a week or more", () => {
    const report = structuredClone(base);
    const slot = { calls: 2, answered: 1, notAnswered: 1, abandoned: 0, serviceLevel: null };
    report.activity.byDay = [
      { day: "2026-03-02", ...slot },
      { day: "2026-03-08", ...slot },
    ];
    const page = renderReportHtml(report, META);
    // 2026-03-02 to 2026-03-08 is 7 days (Monday to Sunday).
    expect(page).toContain("<figcaption>Calls by weekday and START hour (UTC)</figcaption>");
    // Full width, as the calls over time: 24 hours in half a page would shrink its text to 6 px.
    expect(page).toContain('<section class="panel wide">\n<h2>When calls start (37 complete calls)</h2>');
    const days = figureRows(
      page,
      "Calls per START day (UTC) by outcome, and inbound service level (answered within 20 s) per day",
    );
    // The last column, peak concurrent calls, is 0: the load section (mixed-day's, on 03-04) has neither day.
    expect(days).toEqual([
      ["2026-03-02", "2", "1", "1", "0", "–", "0"],
      ["2026-03-08", "2", "1", "1", "0", "–", "0"],
    ]);
    const grid = figureRows(page, "Calls by weekday and START hour (UTC)");
    expect(grid.map((r) => r[0])).toEqual(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]);
    // mixed-day: 2026-03-04 is a Wednesday, 10 calls START in its 08:00 hour.
    expect(grid[2]?.[1 + 8]).toBe("10");
  });

  it("lists at most 25 groups per table and says how many more there are and how many calls they hold", () => {
    const report = structuredClone(base);
    const operators = report.breakdowns.find((b) => b.by === "operator");
    const group = operators?.groups[0] as AnalyzeReport["breakdowns"][0]["groups"][0];
    if (operators === undefined) throw new Error("no operator breakdown");
    operators.groups = Array.from({ length: 10_000 }, (_, i) => ({ ...group, key: `op${i}`, calls: 3 }));
    const page = renderReportHtml(report, META);
    const table = page.slice(page.indexOf("<h2>By operator"), page.indexOf("<h2>By campaign"));
    expect(table.match(/<tr><th scope="row">op\d+<\/th>/g)).toHaveLength(25);
    // 9,975 groups of 3 calls each.
    expect(table).toContain("9,975 more operator groups not shown (they hold 29,925 calls)");
    expect(page.length).toBeLessThan(200_000);
  });

  it("always lists (none), (other) and the groups a gate fails, however many groups rank above them", () => {
    const report = structuredClone(base);
    const operators = report.breakdowns.find((b) => b.by === "operator");
    if (operators === undefined) throw new Error("no operator breakdown");
    const group = operators.groups[0] as AnalyzeReport["breakdowns"][0]["groups"][0];
    const none = operators.groups.find((g) => g.key === null);
    if (none === undefined) throw new Error("no (none) group");
    // 10,000 operators of 3 calls (ASR above 100 %: 6 answered of 3), op9000 with none answered, the 19
    // calls without an operator last, and 7 calls past the cap in (other).
    operators.groups = Array.from({ length: 10_000 }, (_, i) => ({
      ...group,
      key: `op${i}`,
      calls: 3,
      ...(i === 9000 ? { answered: 0 } : {}),
    }));
    operators.groups.push(none);
    operators.other = { ...group, key: null, calls: 7 };
    // Fails op9000 (0 / 3) and (none) (1 / 19 = 5.3 %); the other groups pass.
    const page = renderReportHtml(checked(report, [["asr{operator:*} < 50%", "error"]]), META);
    expect(rowKeys(page, "By operator")).toEqual([
      ...Array.from({ length: 25 }, (_, i) => `op${i}`),
      "op9000",
      "(no operator)",
      "(other)",
    ]);
    // 10,000 - 25 - 1 groups of 3 calls each are left out.
    expect(page).toContain("9,974 more operator groups not shown (they hold 29,922 calls)");
  });

  it("says how many missed rings no operator's row can show (inbound-parallel: 7, every operator 0)", async () => {
    // inbound-parallel by hand: the RINGRESULTs other than ANSWER are CANCEL x2, CANCEL, NOANSWER x3 and BUSY;
    // none of their call_ids is on a READY, JOIN or LEAVE, so no operator can be named.
    const report = await reportOf("inbound-parallel");
    const page = renderReportHtml(report, META);
    const start = page.indexOf("<h2>By operator");
    const section = page.slice(start, page.indexOf("</section>", start));
    const missed = [...section.matchAll(/<tr><th scope="row">[^<]*<\/th>(.*?)<\/tr>/g)].map(
      (row) => [...(row[1] as string).matchAll(/<td[^>]*>(.*?)<\/td>/g)][5]?.[1],
    );
    expect(missed).toEqual(["0", "0", "0"]);
    expect(section).toContain(
      "7 missed rings (RINGs toward SIP not ending in ANSWER) named no SIP party, usually parallel ringing nobody answered: they are in no operator's row.",
    );
  });

  it("writes the header's years before 1000 with four digits and past 9999 in ISO 8601's expanded form", () => {
    const report = structuredClone(base);
    report.input.timeRange = { from: "0999-06-15T12:00:00.000Z", to: "0999-06-15T13:05:09.000Z" };
    expect(renderReportHtml(report, META)).toContain("0999-06-15 12:00:00 – 0999-06-15 13:05:09 (UTC)");
    // Etc/GMT+1 is UTC-1 and Etc/GMT-2 UTC+2 (POSIX signs): 0001-01-01T00:30Z is 0000-12-31 23:30 there.
    report.input.timeRange = { from: "0001-01-01T00:30:00.000Z", to: "0999-12-31T23:00:00.000Z" };
    report.kpis.timeZone = "Etc/GMT+1";
    expect(renderReportHtml(report, META)).toContain("0000-12-31 23:30:00 – 0999-12-31 22:00:00 (Etc/GMT+1)");
    report.input.timeRange = { from: "0999-12-31T23:00:00.000Z", to: "9999-12-31T23:00:00.000Z" };
    report.kpis.timeZone = "Etc/GMT-2";
    expect(renderReportHtml(report, META)).toContain(
      "1000-01-01 01:00:00 – +010000-01-01 01:00:00 (Etc/GMT-2)",
    );
  });
});
