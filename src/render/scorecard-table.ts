// The operator scorecard as named tables (terminal and CSV): one row per operator, and one per operator and day.
import type { AnalyzeReport } from "../commands/analyze.js";
import { dec, pct, type ReportTable } from "./cells.js";
import { counted } from "./words.js";

/** The scorecard tables of a report; none without the scorecard (explicit --by operator). */
export function scorecardTables(report: AnalyzeReport): ReportTable[] {
  const card = report.operators;
  if (card === undefined) return [];
  const unnamed =
    card.unattributedMissedRings > 0
      ? `; ${counted(card.unattributedMissedRings, "missed ring")} to SIP devices that cannot be named`
      : "";
  return [
    {
      name: "scorecard",
      title: `Operator scorecard (missed rings: ${card.missedRing}${unnamed}; short calls under ${card.shortCallSeconds} s; times in seconds)`,
      columns: [
        "operator",
        "rings offered",
        "rings answered",
        "answer %",
        "missed rings",
        "calls handled",
        "talk mean",
        "talk median",
        "talk p90",
        "talk total",
        "hung up first",
        "short calls",
        "gap median",
        "busy share %",
      ],
      rows: card.rows.map((r) => [
        r.operator,
        r.ringsOffered,
        r.ringsAnswered,
        pct(r.answerRate),
        r.missedRings,
        r.callsHandled,
        dec(r.talk.mean),
        dec(r.talk.median),
        dec(r.talk.p90),
        dec(r.talkTotalS),
        r.hangups,
        r.shortCalls,
        dec(r.gap.median),
        pct(r.busyShare),
      ]),
      bar: 5,
      percentInCells: true,
    },
    {
      name: "scorecard-days",
      title: "Operator busy share by day (talk / time from the operator's first to last event of the day)",
      columns: ["operator", "day", "talk s", "span s", "busy share %"],
      rows: card.rows.flatMap((r) =>
        r.days.map((d) => [r.operator, d.day, dec(d.talkS), dec(d.spanS), pct(d.busyShare)]),
      ),
      percentInCells: true,
    },
  ];
}
