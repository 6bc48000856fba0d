// The operator scorecard panel: one row per operator with small bars, and the definitions it is counted by.
import type { AnalyzeReport } from "../../commands/analyze.js";
import { SCORECARD_DEFINITIONS } from "../../report/definitions-scorecard.js";
import type { OperatorRow } from "../../report/scorecard-summary.js";
import { dec, pct } from "../cells.js";
import { mdHtml } from "./defined.js";
import { h } from "./escape.js";
import { dataTable, inlineBar, num, panel } from "./figure.js";
import { MAX_ROWS } from "./tables.js";

/** The scorecard panel (explicit --by operator), or undefined without a scorecard. */
export function scorecardPanel(report: AnalyzeReport): string | undefined {
  const card = report.operators;
  if (card === undefined) return undefined;
  const title = `Operator scorecard (${num(card.rows.length)} operators)`;
  if (card.rows.length === 0)
    return panel(title, `<p class="note">No call in this report names an operator.</p>`);
  const rows = card.rows.slice(0, MAX_ROWS);
  const max = (f: (r: OperatorRow) => number | null): number => Math.max(0, ...rows.map((r) => f(r) ?? 0));
  const maxHandled = max((r) => r.callsHandled);
  const maxTalk = max((r) => r.talkTotalS);
  const maxMissed = max((r) => r.missedRings);
  const table = dataTable(
    [
      "operator",
      "calls handled",
      "talk, min",
      "talk per call, s (mean / median / p90)",
      "rings offered",
      "answer %",
      "missed rings",
      "hung up first",
      "short calls",
      "gap median, s",
      "busy share %",
    ],
    rows.map((r) => [
      r.operator,
      inlineBar(r.callsHandled, maxHandled, num(r.callsHandled)),
      inlineBar(r.talkTotalS, maxTalk, num(dec(r.talkTotalS / 60))),
      [r.talk.mean, r.talk.median, r.talk.p90].map((v) => (v === null ? "-" : num(dec(v)))).join(" / "),
      r.ringsOffered,
      pct(r.answerRate),
      inlineBar(r.missedRings, maxMissed, num(r.missedRings)),
      r.hangups,
      r.shortCalls,
      dec(r.gap.median),
      pct(r.busyShare),
    ]),
    `Missed rings: ${card.missedRing === "every" ? "every RING not answered" : "the first operator of each ring group nobody answered"} (--missed-ring); short calls: talk under ${num(card.shortCallSeconds)} s`,
  );
  const more =
    card.rows.length > rows.length
      ? `<p class="note">${num(card.rows.length - rows.length)} more operators not shown; --format csv --table scorecard lists them all.</p>`
      : "";
  const unnamed =
    card.unattributedMissedRings > 0
      ? `<p class="note">${num(card.unattributedMissedRings)} missed ${card.unattributedMissedRings === 1 ? "ring" : "rings"} toward SIP named no operator (parallel ringing whose devices never became READY): in no row.</p>`
      : "";
  return panel(title, table + more + unnamed + definitions());
}

/** The scorecard's definitions, from the table the README is written from. */
function definitions(): string {
  const items = SCORECARD_DEFINITIONS.filter((d) => d.id !== "operator").map(
    (d) => `<dt>${h(d.label)}</dt><dd>${mdHtml(d.formula)}${"notes" in d ? `; ${mdHtml(d.notes)}` : ""}</dd>`,
  );
  return `<details><summary>How these are counted</summary><dl>${items.join("")}</dl></details>`;
}
