// Command-line parsing of --open-hours ('Mon-Fri 08:00-18:00, Sat 09:00-13:00') and of a --holidays file.
import { readFile } from "node:fs/promises";
import { errnoWords } from "../errno.js";
import { escapeControls } from "../render/escape.js";
import type { CallStatsOptions } from "../report/callstats.js";
import type { OpenHoursSpec } from "../report/open-hours.js";
import { WEEKDAYS } from "../report/zone.js";
import { seconds } from "./args.js";
import { UsageError } from "./io.js";

const ENTRY = /^([A-Za-z]{3})(?:-([A-Za-z]{3}))?\s+(\d{2}):(\d{2})-(\d{2}):(\d{2})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The weekly open hours of an --open-hours text: comma-separated entries `Day[-Day] HH:MM-HH:MM` (days Mon..Sun,
 * a range wraps past Sunday, an end of 24:00 is midnight; a day may have several entries). A message saying
 * what is wrong instead when the text is not such a list.
 */
export function parseOpenHours(text: string): Omit<OpenHoursSpec, "holidays"> | string {
  const weekly: number[][] = WEEKDAYS.map(() => []);
  for (const raw of text.split(",")) {
    const entry = raw.trim();
    const match = ENTRY.exec(entry);
    if (match === null) return `"${entry}" is not "Day[-Day] HH:MM-HH:MM" (e.g. Mon-Fri 08:00-18:00)`;
    const [, first = "", last, h1, m1, h2, m2] = match;
    const from = dayIndex(first);
    const to = last === undefined ? from : dayIndex(last);
    if (from === -1 || to === -1) return `"${entry}": days are ${WEEKDAYS.join(", ")}`;
    const start = minutes(h1, m1);
    const end = minutes(h2, m2);
    if (start === null || end === null || end > 1440 || start >= end)
      return `"${entry}": the times must be 00:00 to 24:00, the first before the second`;
    for (let day = from; ; day = (day + 1) % 7) {
      weekly[day]?.push(start, end);
      if (day === to) break;
    }
  }
  return { text, weekly };
}

/** The dates of a --holidays file (one ISO date a line, `#` comments, blank lines), or the first bad line's message. */
export function parseHolidays(content: string, file: string): string[] | string {
  const dates: string[] = [];
  const lines = content.split(/\r?\n/);
  for (let i = 0; i < lines.length; i += 1) {
    const line = (lines[i] as string).replace(/#.*$/, "").trim();
    if (line === "") continue;
    const match = ISO_DATE.exec(line);
    const ms = match === null ? Number.NaN : Date.parse(`${line}T00:00:00Z`);
    // Date.parse rolls 2026-02-30 over to March 2: a date is valid only when it reads back the same.
    const valid = !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(line);
    if (!valid) return `${file}:${i + 1}: "${line}" is not an ISO date (YYYY-MM-DD)`;
    dates.push(line);
  }
  return [...new Set(dates)].sort();
}

function dayIndex(name: string): number {
  const lower = name.toLowerCase();
  return WEEKDAYS.findIndex((day) => day.toLowerCase() === lower);
}

function minutes(hours: string | undefined, mins: string | undefined): number | null {
  const h = Number(hours);
  const m = Number(mins);
  if (m > 59 || h > 24 || (h === 24 && m !== 0)) return null;
  return h * 60 + m;
}

/** The run's options with --open-hours (and the --holidays file read) added; a bad one is a usage error. */
export async function withOpenHours(
  options: CallStatsOptions,
  flags: { openHours?: string; holidays?: string },
): Promise<CallStatsOptions> {
  const openHours = await loadOpenHours(flags);
  return openHours === undefined ? options : { ...options, openHours };
}

/** The open hours of --open-hours and --holidays (read here), or undefined without them; a bad one is a usage error. */
export async function loadOpenHours(flags: {
  openHours?: string;
  holidays?: string;
}): Promise<OpenHoursSpec | undefined> {
  if (flags.openHours === undefined) {
    if (flags.holidays !== undefined) throw new UsageError("--holidays needs --open-hours.");
    return undefined;
  }
  const weekly = parseOpenHours(flags.openHours);
  if (typeof weekly === "string") throw new UsageError(`--open-hours: ${escapeControls(weekly)}.`);
  let holidays: string[] = [];
  if (flags.holidays !== undefined) {
    let content: string;
    try {
      content = await readFile(flags.holidays, "utf8");
    } catch (error) {
      throw new UsageError(`--holidays ${flags.holidays}: ${errnoWords(error)}.`);
    }
    const dates = parseHolidays(content, flags.holidays);
    if (typeof dates === "string") throw new UsageError(`--holidays ${escapeControls(dates)}.`);
    holidays = dates;
  }
  return { ...weekly, holidays };
}

/** The --sl-threshold value: one number of seconds, or several separated by commas (the first is the headline). */
export function thresholds(value: string): number[] {
  return value.split(",").map((part) => seconds(part.trim()));
}
