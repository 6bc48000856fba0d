// The KPI part of the report as named tables: filters, KPIs, times, inbound, autodialer, breakdowns, variants
import type { AnalyzeReport } from "../commands/analyze.js";
import type { BreakdownSummary, GroupSummary } from "../report/breakdown.js";
import type { Stats } from "../report/kpis.js";
import { callbackTables } from "./callbacks-tables.js";
import { type Cell, dec, pct, type ReportTable } from "./cells.js";
import { scorecardTables } from "./scorecard-table.js";
import { complianceTables } from "./compliance-tables.js";
import { repeatTables } from "./repeat-table.js";
import { counted } from "./words.js";

/** The KPI tables of a report, in order (breakdowns as asked with --by). */
export function kpiTables(report: AnalyzeReport): ReportTable[] {
  const { kpis } = report;
  const tz = kpis.timeZone;
  return [
    filtersTable(report),
    {
      name: "kpis",
      title: `KPIs (calls: complete sessions${report.filters.active ? " passing the filters" : ""})`,
      columns: ["metric", "value"],
      rows: [
        ["calls", kpis.calls],
        ["answered", kpis.answered],
        ["ASR % (answered / calls)", pct(kpis.asr)],
        ["ring results", kpis.ringResults],
        ["reached the user", kpis.reachedUser],
        ["network failures", kpis.networkFailures],
        ["NER % (reached the user / ring results)", pct(kpis.ner)],
        ["talk time, total s", dec(kpis.talk.totalS)],
      ],
      subRows: [4, 5],
      note: hourlyNote(kpis.callsByHour, tz),
      percentInCells: true,
    },
    {
      name: "kpi-times",
      title: "Times in seconds (median and p90 to 0.1 s)",
      columns: ["measure", "n", "mean", "median", "p90"],
      rows: [
        timeRow("talk per answered call (mean = ACD)", kpis.talk),
        timeRow("setup delay: START -> first RING", kpis.setupDelay),
        timeRow("time to answer: START -> first ANSWER", kpis.timeToAnswer),
        timeRow("ring time per attempt: RING -> RINGRESULT", kpis.ringTime),
        timeRow("call duration: START -> COMPLETED", kpis.duration),
        timeRow("ring attempts per call (a count)", kpis.ringAttempts),
      ],
    },
    {
      name: "inbound",
      title: `Inbound service (service level: answered within ${kpis.serviceLevelSeconds} s / ${OFFERED})`,
      columns: ["metric", "value"],
      rows: [
        ["offered (inbound calls)", kpis.inbound.offered],
        ["answered", kpis.inbound.answered],
        ["abandoned (unanswered, the caller hung up)", kpis.inbound.abandoned],
        [`short abandons (under ${kpis.shortAbandonSeconds} s)`, kpis.inbound.shortAbandoned],
        ["abandonment rate % (abandoned / offered)", pct(kpis.inbound.abandonRate)],
        ["without short abandons %", pct(kpis.inbound.abandonRateExShort)],
        [`answered within ${kpis.serviceLevelSeconds} s`, kpis.inbound.answeredWithinThreshold],
        ["service level %", pct(kpis.inbound.serviceLevel)],
      ],
      subRows: [3, 5],
      percentInCells: true,
    },
    {
      name: "autodialer",
      title: "Autodialer contacts",
      columns: ["metric", "value"],
      rows: [
        ["dialled (autodialer calls)", kpis.autodialer.dialled],
        ["reached (the contact answered)", kpis.autodialer.reached],
        ["connected to an operator", kpis.autodialer.connected],
        ["reach rate %", pct(kpis.autodialer.reachRate)],
        ["connect rate %", pct(kpis.autodialer.connectRate)],
      ],
      terminalSkip: kpis.autodialer.dialled === 0,
      percentInCells: true,
    },
    ...report.breakdowns.flatMap((b) => breakdownTables(b, tz)),
    ...scorecardTables(report),
    ...(report.variants === null ? [] : [variantsTable(report.variants)]),
    ...repeatTables(report),
    ...complianceTables(report),
    ...callbackTables(report),
  ];
}

function filtersTable(report: AnalyzeReport): ReportTable {
  const f = report.filters;
  const rows: Cell[][] = [];
  if (f.since !== null) rows.push(["since (START at or after)", f.since]);
  if (f.until !== null) rows.push(["until (START before)", f.until]);
  for (const name of ["direction", "type", "account", "operator", "campaign"] as const)
    if (f[name].length > 0) rows.push([name, f[name].join(", ")]);
  if (f.active) rows.push(["sessions left out", f.sessionsExcluded]);
  return { name: "filters", title: "Filters", columns: ["filter", "value"], rows, terminalSkip: !f.active };
}

function timeRow(label: string, stats: Stats): Cell[] {
  return [label, stats.count, dec(stats.mean), dec(stats.median), dec(stats.p90)];
}

const OFFERED = "offered excluding short abandons";
const SPARKS = "▁▂▃▄▅▆▇█";

/** Calls by hour as a sparkline, for the terminal only. */
function hourlyNote(byHour: readonly number[], tz: string): string | undefined {
  const max = Math.max(...byHour);
  if (max <= 0) return undefined;
  const line = byHour.map((n) => (n === 0 ? "·" : SPARKS[Math.ceil((n / max) * 8) - 1])).join("");
  const peak = byHour.indexOf(max);
  return `Calls by START hour (${tz}): 00 ${line} 23   peak ${String(peak).padStart(2, "0")}:00 (${max.toLocaleString("en-US")})`;
}

const TIMED = new Set(["hour", "day", "weekday"]);

function breakdownTables(b: BreakdownSummary, tz: string): ReportTable[] {
  const rows = b.other === null ? b.groups : [...b.groups, b.other];
  const label = (g: GroupSummary): string =>
    g === b.other ? "(other)" : g.key === null ? "(none)" : b.by === "hour" ? `${g.key}:00` : g.key;
  const when = TIMED.has(b.by) ? ` (START time, ${tz})` : "";
  const operator = b.by === "operator";
  const campaign = b.by === "campaign";
  const unattributed =
    operator && (b.unattributedMissedRings ?? 0) > 0
      ? ` (and ${b.unattributedMissedRings} missed rings to SIP devices that cannot be named)`
      : "";
  return [
    {
      name: `by-${b.by}`,
      title: `By ${b.by}${when}${unattributed}`,
      columns: [
        b.by,
        "calls",
        "answered",
        "ASR %",
        "NER %",
        "rings per call",
        "inbound",
        "abandoned",
        "short abandons",
        "abandon %",
        "SL %",
        ...(operator ? ["missed rings", "hang-ups"] : []),
        ...(campaign ? ["dialled", "reached", "connected"] : []),
      ],
      rows: rows.map((g) => [
        label(g),
        g.calls,
        g.answered,
        pct(g.asr),
        pct(g.ner),
        dec(g.ringAttempts.mean),
        g.inbound.offered,
        g.inbound.abandoned,
        g.inbound.shortAbandoned,
        pct(g.inbound.abandonRate),
        pct(g.inbound.serviceLevel),
        ...(operator ? [g.missedRings ?? 0, g.hangups ?? 0] : []),
        ...(campaign ? [g.autodialer.dialled, g.autodialer.reached, g.autodialer.connected] : []),
      ]),
      ...(TIMED.has(b.by) ? { bar: 1 } : {}),
      percentInCells: true,
    },
    {
      name: `by-${b.by}-times`,
      title: `By ${b.by}${when}: times in seconds (talk per answered call, ring time per attempt)`,
      columns: [
        b.by,
        ...["talk", "setup", "answer", "ring", "duration"].flatMap((m) => [
          `${m} mean`,
          `${m} median`,
          `${m} p90`,
        ]),
      ],
      rows: rows.map((g) => [
        label(g),
        ...[g.talk, g.setupDelay, g.timeToAnswer, g.ringTime, g.duration].flatMap((s) => [
          dec(s.mean),
          dec(s.median),
          dec(s.p90),
        ]),
      ]),
      stackHeader: true,
    },
  ];
}

function variantsTable(v: NonNullable<AnalyzeReport["variants"]>): ReportTable {
  const rest = `${counted(v.notListed, "call")} in other variants`;
  const capped =
    v.uncounted > 0
      ? `; ${counted(v.uncounted, "call")} after the first ${counted(v.distinct, "variant")}`
      : "";
  return {
    name: "variants",
    title: `Trace variants (top ${v.top.length} of ${v.distinct} over ${counted(v.calls, "call")}; ${rest}${capped})`,
    columns: ["variant", "calls", "share %"],
    percentInCells: true,
    rows: v.top.map((t) => [t.variant, t.count, pct(t.share)]),
  };
}
