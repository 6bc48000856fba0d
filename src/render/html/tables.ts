// The table panels: breakdowns (operator with inline bars), top values, trace variants, input quality.
import type { AnalyzeReport } from "../../commands/analyze.js";
import type { BreakdownSummary, GroupSummary } from "../../report/breakdown.js";
import type { RankedValue } from "../../report/metrics.js";
import { dec, pct } from "../cells.js";
import { h } from "./escape.js";
import { dataTable, type HtmlCell, inlineBar, num, panel } from "./figure.js";

/** Rows shown per table; the rest are counted in a sentence under it. */
export const MAX_ROWS = 25;

/** A top-values table (hanged_value, hanged_user), or a sentence when there are none or too many. */
export function rankedTable(
  column: string,
  values: readonly RankedValue[],
  ranked: boolean,
  cap: number,
): string {
  if (!ranked)
    return `<p class="note">Top ${h(column)}: not ranked, more than ${num(cap)} distinct values.</p>`;
  if (values.length === 0) return `<p class="note">No ${h(column)} values.</p>`;
  return dataTable(
    [column, "calls", "share %"],
    values.map((v) => [v.value, v.count, pct(v.share)]),
    `Top ${column} of COMPLETED (complete calls)`,
  );
}

/**
 * One panel per breakdown; a dimension the data does not have (every key empty) gets one sentence. At most
 * MAX_ROWS groups are listed, and always `(none)`, `(other)` and the groups a gate on this dimension fails,
 * whatever their rank: the rest are counted in a sentence.
 */
export function breakdownPanels(report: AnalyzeReport): string[] {
  return report.breakdowns.map((b) => {
    const groups = b.other === null ? b.groups : [...b.groups, b.other];
    const title = `By ${b.by} (${num(report.kpis.calls)} complete calls)`;
    if (groups.every((g) => g.key === null && g !== b.other))
      return panel(title, `<p class="note">No call in this report has a ${h(b.by)}.</p>`);
    const failing = failingKeys(report, b.by);
    const pinned = (g: GroupSummary): boolean =>
      g === b.other ? true : g.key === null || failing.has(g.key);
    let ranked = 0;
    const shown = new Set(groups.filter((g) => pinned(g) || ranked++ < MAX_ROWS));
    const hidden = groups.filter((g) => !shown.has(g));
    const moreText =
      hidden.length > 0
        ? `<p class="note">${num(hidden.length)} more ${h(b.by)} groups not shown (they hold ${num(
            hidden.reduce((n, g) => n + g.calls, 0),
          )} calls); --format csv --table by-${h(b.by)} lists them all.</p>`
        : "";
    return panel(title, breakdownTable(b, [...shown]) + moreText + unattributedNote(b));
  });
}

/** The keys of the groups that a selector gate over `by` fails (the gate names the other group `(other)`). */
function failingKeys(report: AnalyzeReport, by: string): ReadonlySet<string> {
  const keys = new Set<string>();
  for (const gate of report.gates ?? [])
    if (gate.by === by)
      for (const group of gate.groups ?? [])
        if (group.status === "fail" && group.key !== null) keys.add(group.key);
  return keys;
}

/** By operator: the missed rings no operator's row can show, as a sentence (nothing when there are none). */
function unattributedNote(b: BreakdownSummary): string {
  const n = b.unattributedMissedRings ?? 0;
  if (b.by !== "operator" || n === 0) return "";
  const rings =
    n === 1
      ? "1 missed ring (a RING toward SIP not ending in ANSWER)"
      : `${num(n)} missed rings (RINGs toward SIP not ending in ANSWER)`;
  return `<p class="note">${rings} named no SIP party, usually parallel ringing nobody answered: ${
    n === 1 ? "it is" : "they are"
  } in no operator's row.</p>`;
}

function breakdownTable(b: BreakdownSummary, groups: readonly GroupSummary[]): string {
  const label = (g: GroupSummary): string =>
    g === b.other ? "(other)" : g.key === null ? `(no ${b.by})` : b.by === "hour" ? `${g.key}:00` : g.key;
  const common = (g: GroupSummary): HtmlCell[] => [
    pct(g.asr),
    pct(g.ner),
    g.inbound.offered,
    g.inbound.abandoned,
    pct(g.inbound.serviceLevel),
  ];
  const commonColumns = ["ASR %", "NER %", "inbound", "abandoned", "SL %"];
  if (b.by === "operator") {
    const max = (f: (g: GroupSummary) => number | null): number =>
      Math.max(0, ...groups.map((g) => f(g) ?? 0));
    const maxAnswered = max((g) => g.answered);
    const maxTalk = max((g) => g.talk.totalS);
    const maxAcd = max((g) => g.talk.mean);
    const maxHangups = max((g) => g.hangups ?? 0);
    return dataTable(
      [
        b.by,
        "calls",
        "answered",
        "talk time, min",
        "ACD, s",
        "hang-ups by the operator",
        "missed rings",
        ...commonColumns,
      ],
      groups.map((g) => [
        label(g),
        g.calls,
        inlineBar(g.answered, maxAnswered, num(g.answered)),
        inlineBar(g.talk.totalS, maxTalk, num(dec(g.talk.totalS / 60))),
        inlineBar(g.talk.mean, maxAcd, num(dec(g.talk.mean))),
        inlineBar(g.hangups ?? 0, maxHangups, num(g.hangups ?? 0)),
        g.missedRings ?? 0,
        ...common(g),
      ]),
      "Calls by the operator who took them (the first SIP user to join); talk time of answered calls",
    );
  }
  const campaign = b.by === "campaign";
  return dataTable(
    [
      b.by,
      "calls",
      "answered",
      "talk time, min",
      "ACD, s",
      ...commonColumns,
      ...(campaign ? ["dialled", "reached", "connected"] : []),
    ],
    groups.map((g) => [
      label(g),
      g.calls,
      g.answered,
      dec(g.talk.totalS / 60),
      dec(g.talk.mean),
      ...common(g),
      ...(campaign ? [g.autodialer.dialled, g.autodialer.reached, g.autodialer.connected] : []),
    ]),
  );
}

/** The top trace variants (event sequences), when --variants asked for them. */
export function variantsPanel(report: AnalyzeReport): string | undefined {
  const v = report.variants;
  if (v === null) return undefined;
  const rest =
    v.notListed > 0
      ? `${num(v.notListed)} ${v.notListed === 1 ? "call follows" : "calls follow"} other variants.`
      : undefined;
  return panel(
    `Trace variants: top ${num(v.top.length)} of ${num(v.distinct)} over ${num(v.calls)} calls`,
    dataTable(
      ["event sequence", "calls", "share %"],
      v.top.map((t) => [t.variant, t.count, pct(t.share)]),
    ),
    rest,
  );
}

/** Input quality: how every line was counted, problems by code, and the first problems with file:line. */
export function qualityPanel(report: AnalyzeReport): string {
  const i = report.input;
  const s = report.sessions;
  const sum = `${num(i.lines)} lines = ${num(i.blank)} blank + ${num(i.events)} events + ${num(i.invalid)} invalid + ${num(
    i.duplicates,
  )} duplicates + ${num(i.late)} late`;
  const sessions = `${num(s.total)} sessions: ${num(s.complete)} complete, ${num(s.missingStart)} without START, ${num(
    s.missingCompleted,
  )} without COMPLETED (incomplete sessions are left out of call rates).`;
  const codes = Object.entries(report.problemCounts);
  const total = report.problems.length + report.problemsOmitted;
  const parts = [`<p class="sum">${sum}</p>`, `<p>${sessions}</p>`];
  if (total === 0) parts.push(`<p class="ok">No problems found.</p>`);
  else {
    parts.push(dataTable(["problem", "lines"], codes, "Problems by code"));
    parts.push(
      dataTable(
        ["where (file:line)", "problem", "message"],
        report.problems.map((p) => [
          `${p.file}:${p.line}${p.column === undefined ? "" : `:${p.column}`}`,
          p.code,
          p.message,
        ]),
        report.problemsOmitted > 0
          ? `First ${num(report.problems.length)} of ${num(total)} problems (${num(report.problemsOmitted)} more not listed; raise --max-problems)`
          : total === 1
            ? "The one problem"
            : `All ${num(total)} problems`,
      ),
    );
  }
  return panel("Input quality", parts.join("\n"));
}
