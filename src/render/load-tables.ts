// The load section as named tables (terminal and CSV): the peaks and the busy hour, then per day and per hour.
import type { AnalyzeReport } from "../commands/analyze.js";
import type { LoadDay } from "../report/load.js";
import type { Cell, ReportTable } from "./cells.js";

/** The terminal lists the hours only up to this many (two days); CSV always has them all. */
const TERMINAL_HOURS = 48;

/** Erlangs to three decimals (a number cell). */
const erl = (x: number): number => Math.round(x * 1000) / 1000;
const hh = (hour: number): string => `${String(hour).padStart(2, "0")}:00`;

/** The columns of the load per day (terminal, CSV and HTML). */
export const LOAD_DAY_COLUMNS = [
  "day",
  "peak calls",
  "peak calls at",
  "peak phone legs",
  "peak legs at",
  "call-seconds",
] as const;

/** One day's row of the load per day. */
export function loadDayRow(d: LoadDay): Cell[] {
  return [d.day, d.peakConcurrent, d.peakMinute, d.peakPhoneLegs, d.peakPhoneLegsMinute, d.callSeconds];
}

/** The load tables of a report: `load`, `load-days`, `load-hours`. */
export function loadTables(report: AnalyzeReport): ReportTable[] {
  const { load } = report;
  const busy = load.busyHour;
  const tz = report.kpis.timeZone;
  return [
    {
      name: "load",
      title: `Load (calls in progress START -> COMPLETED, per second; times in ${tz})`,
      columns: ["metric", "value"],
      rows: [
        ["peak concurrent calls", load.peakConcurrent],
        ["first at (minute)", load.peakMinute],
        ["peak phone legs", load.peakPhoneLegs],
        ["first at (minute)", load.peakPhoneLegsMinute],
        ["busy hour (most call-seconds)", busy === null ? null : `${busy.day} ${hh(busy.hour)}`],
        ["busy hour call-seconds", busy === null ? null : busy.callSeconds],
        ["busy hour traffic, Erlangs", busy === null ? null : erl(busy.erlangs)],
        ["call-seconds, total", load.callSeconds],
      ],
      subRows: [1, 3, 5, 6],
      ...(load.hoursNotListed > 0
        ? {
            note: `${load.hoursNotListed} hours with calls in progress far from any start or end are not listed`,
          }
        : {}),
    },
    {
      name: "load-days",
      title: "Load per day",
      columns: [...LOAD_DAY_COLUMNS],
      rows: load.byDay.map(loadDayRow),
      terminalSkip: load.byDay.length === 0,
    },
    {
      name: "load-hours",
      title: "Load per hour (Erlangs: call-seconds in the hour / 3600)",
      columns: [
        "day",
        "hour",
        "peak calls",
        "peak calls at",
        "peak phone legs",
        "peak legs at",
        "call-seconds",
        "Erlangs",
      ],
      rows: load.byHour.map((h): Cell[] => [
        h.day,
        hh(h.hour),
        h.peakConcurrent,
        h.peakMinute,
        h.peakPhoneLegs,
        h.peakPhoneLegsMinute,
        h.callSeconds,
        erl(h.erlangs),
      ]),
      terminalSkip: load.byHour.length === 0 || load.byHour.length > TERMINAL_HOURS,
    },
  ];
}
