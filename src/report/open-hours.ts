// Open hours: whether a call's local START time (a ZoneClock's local ms) falls in the weekly open hours and
// not on a holiday. The spec is plain data (it travels to workers); the check allocates nothing.
import { localDay, localWeekday } from "./zone.js";

/** Weekly open hours (--open-hours) and closed dates (--holidays), in the run's --tz. */
export interface OpenHoursSpec {
  /** The --open-hours text as given. */
  text: string;
  /** Per weekday (0 Monday .. 6 Sunday): open intervals as [from, to) minute-of-day pairs, flattened. */
  weekly: number[][];
  /** Closed all day: local dates YYYY-MM-DD. */
  holidays: string[];
}

const MINUTE_MS = 60_000;
const DAY_MINUTES = 1440;

/** A check of local ms against `spec`: true when open. */
export function createOpenCheck(spec: OpenHoursSpec): (local: number) => boolean {
  const holidays = new Set(spec.holidays);
  return (local) => {
    const intervals = spec.weekly[localWeekday(local)];
    if (intervals === undefined || intervals.length === 0) return false;
    const minuteOfDay =
      Math.floor(local / MINUTE_MS) - Math.floor(local / (MINUTE_MS * DAY_MINUTES)) * DAY_MINUTES;
    let open = false;
    for (let i = 0; i + 1 < intervals.length; i += 2)
      if (minuteOfDay >= (intervals[i] as number) && minuteOfDay < (intervals[i + 1] as number)) open = true;
    return open && (holidays.size === 0 || !holidays.has(localDay(local)));
  };
}
