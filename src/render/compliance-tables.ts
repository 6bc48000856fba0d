// The dialer compliance tables (--compliance): per campaign, per campaign and day, and over 30 days.
import type { AnalyzeReport } from "../commands/analyze.js";
import type { ComplianceCounts, ComplianceFigures } from "../report/compliance-summary.js";
import { type Cell, dec, pct, type ReportTable } from "./cells.js";

const COUNT_COLUMNS = [
  "dialled",
  "reached",
  "dropped",
  "drop rate %",
  "late connects",
  "late share %",
  "short rings",
  "outside hours",
];

/** The `compliance`, `compliance-days` and `compliance-30d` tables, when the report has compliance. */
export function complianceTables(report: AnalyzeReport): ReportTable[] {
  const c = report.compliance;
  if (c === undefined) return [];
  const none = c.campaigns.length === 0;
  const machine = c.machineShare > 0 ? `, ${pct(c.machineShare).percent}% machine answers off the base` : "";
  return [
    {
      name: "compliance",
      title: `Dialer compliance per campaign (drop: reached, no operator joined${machine}; late: operator over ${c.lateConnectSeconds} s; short ring: under ${c.shortRingSeconds} s; hours ${c.callingHours} ${c.timeZone})`,
      columns: [
        "campaign",
        ...COUNT_COLUMNS,
        "connect wait median s",
        "connect wait p90 s",
        "contacts",
        "attempts per contact",
        "contact rate %",
      ],
      rows: [
        ...c.campaigns.map((k) => [k.key, ...figureCells(k)]),
        ...(c.campaigns.length > 1 ? [["all", ...figureCells(c.total)]] : []),
      ],
      percentInCells: true,
      stackHeader: true,
      terminalSkip: none,
    },
    {
      name: "compliance-days",
      title: `Dialer compliance per campaign and day (${c.timeZone})`,
      columns: ["campaign", "day", ...COUNT_COLUMNS],
      rows: c.campaigns.flatMap((k) => k.days.map((d) => [k.key, d.day, ...countCells(d)])),
      percentInCells: true,
      stackHeader: true,
      terminalSkip: none,
    },
    {
      name: "compliance-30d",
      title: "Dialer compliance over 30 days (the last 30, and the 30 dropping most)",
      columns: ["campaign", "window", "from", "to", ...COUNT_COLUMNS],
      rows: c.campaigns.flatMap((k) =>
        k.rolling30 === null
          ? []
          : (["last", "worst"] as const).map((which) => {
              const w = (k.rolling30 as NonNullable<typeof k.rolling30>)[which];
              return [k.key, which, w.from, w.to, ...countCells(w)];
            }),
      ),
      percentInCells: true,
      stackHeader: true,
      terminalSkip: c.spanDays < 30,
    },
  ];
}

function countCells(c: ComplianceCounts): Cell[] {
  return [
    c.dialled,
    c.reached,
    c.dropped,
    pct(c.dropRate),
    c.lateConnects,
    pct(c.lateConnectShare),
    c.shortRings,
    c.outsideHours,
  ];
}

function figureCells(c: ComplianceFigures): Cell[] {
  return [
    ...countCells(c),
    dec(c.connectWait.median),
    dec(c.connectWait.p90),
    c.contacts,
    dec(c.attemptsPerContact),
    pct(c.contactRate),
  ];
}
