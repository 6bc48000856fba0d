// The dialer compliance panels of the HTML report (--compliance): one per campaign, the busiest first.
import type { AnalyzeReport } from "../../commands/analyze.js";
import type { ComplianceCampaign } from "../../report/compliance-summary.js";
import { definition } from "../../report/definitions.js";
import { dec, pct } from "../cells.js";
import { counted } from "../words.js";
import { barsChart, COLORS } from "./charts.js";
import { mdText } from "./defined.js";
import { dataTable, figure, type HtmlCell, panel } from "./figure.js";

/** Campaign panels at most; the others are in the CSV tables. */
export const MAX_CAMPAIGN_PANELS = 12;

/** A compliance panel per campaign (at most MAX_CAMPAIGN_PANELS), when the report has compliance. */
export function compliancePanels(report: AnalyzeReport): string[] {
  const c = report.compliance;
  if (c === undefined) return [];
  if (c.campaigns.length === 0)
    return [panel("Dialer compliance", '<p class="empty">No autodialer calls in this report</p>')];
  const shown = c.campaigns.slice(0, MAX_CAMPAIGN_PANELS);
  const left = c.campaigns.length - shown.length;
  const drop = definition("compliance.total.dropRate");
  const machine =
    c.machineShare > 0
      ? `${pct(c.machineShare).percent} % of the answers taken off the base as machines (--machine-share)`
      : "over all answered calls, answering machines included (TelTel's events carry no machine result)";
  const note = `Drop rate: ${mdText(drop.formula)}, ${machine}. Late: the operator joined over ${c.lateConnectSeconds} s after the contact answered; short ring: a contact ring ended unanswered in under ${c.shortRingSeconds} s; calling hours ${c.callingHours} (${c.timeZone}).${left > 0 ? ` ${left} more campaigns are in --format csv --table compliance.` : ""}`;
  return shown.map((campaign) => campaignPanel(campaign, c.timeZone, note));
}

function campaignPanel(k: ComplianceCampaign, timeZone: string, note: string): string {
  const name = k.key === null ? "calls without campaign_id" : `campaign ${k.key}`;
  const days = k.days.map((d) => d.day);
  const caption = `Contacts reached and dropped per day (${timeZone}), ${name}`;
  const svg = barsChart(
    days,
    [
      { name: "reached", color: COLORS.answered, data: k.days.map((d) => d.reached) },
      { name: "dropped", color: COLORS.abandoned, data: k.days.map((d) => d.dropped) },
    ],
    { x: `day (${timeZone})`, y: "calls" },
    caption,
  );
  const dayRows: HtmlCell[][] = k.days.map((d) => [d.day, d.dialled, d.reached, d.dropped, pct(d.dropRate)]);
  const rolling = k.rolling30;
  const rows: HtmlCell[][] = [
    ["dialled", k.dialled],
    ["reached (the contact answered)", k.reached],
    ["dropped (no operator joined)", k.dropped],
    ["drop rate %", pct(k.dropRate)],
    ["late connects", k.lateConnects],
    ["late connects % of connected", pct(k.lateConnectShare)],
    ["connect wait median s", dec(k.connectWait.median)],
    ["connect wait p90 s", dec(k.connectWait.p90)],
    ["short rings", k.shortRings],
    ["outside calling hours", k.outsideHours],
    ["contacts", k.contacts],
    ["attempts per contact", dec(k.attemptsPerContact)],
    ["contact rate %", pct(k.contactRate)],
    ...(rolling === null
      ? []
      : [
          [
            `drop rate % last 30 days (${rolling.last.from} to ${rolling.last.to})`,
            pct(rolling.last.dropRate),
          ],
          [
            `drop rate % worst 30 days (${rolling.worst.from} to ${rolling.worst.to})`,
            pct(rolling.worst.dropRate),
          ],
        ]),
  ];
  return panel(
    `Dialer compliance: ${name} (${counted(k.dialled, "call")})`,
    [
      figure(caption, svg, ["day", "dialled", "reached", "dropped", "drop rate %"], dayRows),
      dataTable(["figure", "value"], rows),
    ].join("\n"),
    note,
  );
}
