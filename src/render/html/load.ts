// The load figures on the page: peak concurrency per slot of the calls-over-time chart, and the load panel.
import type { AnalyzeReport } from "../../commands/analyze.js";
import { definition } from "../../report/definitions.js";
import { mdText } from "./defined.js";
import { LOAD_DAY_COLUMNS, loadDayRow } from "../load-tables.js";
import { dataTable, panel } from "./figure.js";

/** The peak concurrent calls of each slot of the activity chart: a START date, or an hour of the day (0..23). */
export function slotPeaks(
  report: AnalyzeReport,
  perDay: boolean,
): (slot: { day?: string; hour?: number }) => number {
  const { load } = report;
  if (perDay) {
    const byDay = new Map(load.byDay.map((d) => [d.day, d.peakConcurrent]));
    return (slot) => byDay.get(slot.day ?? "") ?? 0;
  }
  // An hour of the day over every day: the most in any one of them.
  const byHour = new Array<number>(24).fill(0);
  for (const hour of load.byHour) byHour[hour.hour] = Math.max(byHour[hour.hour] ?? 0, hour.peakConcurrent);
  return (slot) => byHour[slot.hour ?? 0] ?? 0;
}

const hh = (hour: number): string => `${String(hour).padStart(2, "0")}:00`;

/** The load panel: the peaks, the busy hour and its Erlangs, and the load per day; undefined without calls. */
export function loadPanel(report: AnalyzeReport): string | undefined {
  const { load } = report;
  if (report.kpis.calls === 0) return undefined;
  const busy = load.busyHour;
  const tz = report.kpis.timeZone;
  const figures = dataTable(
    ["figure", "value", `at (${tz})`],
    [
      ["peak concurrent calls", load.peakConcurrent, load.peakMinute],
      ["peak phone legs", load.peakPhoneLegs, load.peakPhoneLegsMinute],
      [
        "busy hour: call-seconds",
        busy?.callSeconds ?? null,
        busy === null ? null : `${busy.day} ${hh(busy.hour)}`,
      ],
      [
        "busy hour: traffic, Erlangs",
        busy === null ? null : { raw: busy.erlangs.toFixed(3) },
        busy === null ? null : `${busy.day} ${hh(busy.hour)}`,
      ],
    ],
  );
  const days = dataTable(LOAD_DAY_COLUMNS, load.byDay.map(loadDayRow), `Load per day (${tz})`);
  const ids = ["load.peakConcurrent", "load.peakPhoneLegs", "load.busyHour.erlangs"] as const;
  return panel(
    "Load: calls and phone legs in progress at once",
    `${figures}\n${days}`,
    ids.map((id) => `${definition(id).label}: ${mdText(definition(id).formula)}.`).join(" "),
  );
}
