// Time zones: the local hour, date and weekday of an instant in an IANA zone, and local times read in a zone.

/** An instant as a wall clock in one zone shows it. */
export interface LocalTime {
  /** 0..23 */
  hour: number;
  /** YYYY-MM-DD */
  day: string;
  /** 0 Monday .. 6 Sunday (ISO order) */
  weekday: number;
}

/**
 * Maps an instant (epoch ms) to its "local ms": the wall clock time in the zone, written as if it were UTC.
 * A number, not an object, so calling it once per call allocates nothing; localHour & co. read it.
 */
export type ZoneClock = (ms: number) => number;

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** The hour (0..23) of a local ms. */
export function localHour(local: number): number {
  return Math.floor(local / HOUR_MS) - Math.floor(local / DAY_MS) * 24;
}

/** The weekday of a local ms, 0 Monday .. 6 Sunday (1970-01-01 was a Thursday). */
export function localWeekday(local: number): number {
  return (((Math.floor(local / DAY_MS) + 3) % 7) + 7) % 7;
}

const DAY_SLOTS = 64;
/** Direct-mapped by day number (NaN: empty), with the names made for them. */
const cachedDays = new Float64Array(DAY_SLOTS).fill(Number.NaN);
const cachedNames = new Array<string>(DAY_SLOTS).fill("");

/**
 * The date (YYYY-MM-DD) of a local ms; the years 0000-9999 with four digits (`0999-06-15`), any other in
 * ISO 8601's expanded form (`+010000-01-01`: 9999-12-31 UTC is already 10000 east of UTC).
 */
export function localDay(local: number): string {
  const day = Math.floor(local / DAY_MS);
  // Calls come roughly in time order: a few days' names, each made once, serve them all.
  const slot = day & (DAY_SLOTS - 1);
  if (cachedDays[slot] === day) return cachedNames[slot] as string;
  const iso = new Date(day * DAY_MS).toISOString();
  const name = iso.slice(0, iso.indexOf("T"));
  cachedDays[slot] = day;
  cachedNames[slot] = name;
  return name;
}

/** Hour, date and weekday of a local ms. */
export function localTime(local: number): LocalTime {
  return { hour: localHour(local), day: localDay(local), weekday: localWeekday(local) };
}

/** Weekday names in ISO order (Monday first). */
export const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;

const MINUTE_MS = 60_000;
// YYYY-MM-DD, then optionally THH:MM[:SS[.fff]] (or a space for T), then optionally Z or ±HH:MM.
const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?(Z|[+-]\d{2}:\d{2})?$/i;
const CACHE_LIMIT = 100_000;

/** True when the runtime knows `zone` as an IANA time zone name (or UTC). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * A clock for `zone`. UTC is the identity; other zones go through one Intl.DateTimeFormat, created here once,
 * and the zone's offset is cached per UTC minute (offsets change only on whole minutes).
 */
export function createZoneClock(zone: string): ZoneClock {
  if (isUtc(zone)) return (ms) => ms;
  const fields = localFields(zone);
  const offsets = new Map<number, number>();
  let lastMinute = Number.NaN;
  let lastOffset = 0;
  return (ms) => {
    const minute = Math.floor(ms / MINUTE_MS);
    if (minute !== lastMinute) {
      let offset = offsets.get(minute);
      if (offset === undefined) {
        if (offsets.size >= CACHE_LIMIT) offsets.clear();
        offset = fields(minute * MINUTE_MS) - minute * MINUTE_MS;
        offsets.set(minute, offset);
      }
      lastMinute = minute;
      lastOffset = offset;
    }
    return ms + lastOffset;
  };
}

/**
 * The instant a date or date-time names: with `Z` or an offset it is that instant; without one it is a wall
 * clock time in `zone` (a date alone is its midnight). Undefined when the text is not such a date.
 */
export function parseInstant(text: string, zone: string): number | undefined {
  const match = INSTANT.exec(text.trim());
  if (match === null) return undefined;
  const [, y, mo, d, h = "0", mi = "0", s = "0", frac = "0", offset] = match;
  const parts = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  const ms = Number(frac.padEnd(3, "0"));
  // Not Date.UTC, which reads the years 0-99 as 1900-1999.
  const back = new Date(0);
  back.setUTCFullYear(parts[0], parts[1] - 1, parts[2]);
  back.setUTCHours(parts[3], parts[4], parts[5], ms);
  const wall = back.getTime();
  if (
    back.getUTCFullYear() !== parts[0] ||
    back.getUTCMonth() !== parts[1] - 1 ||
    back.getUTCDate() !== parts[2] ||
    parts[3] > 23 ||
    parts[4] > 59 ||
    parts[5] > 59
  )
    return undefined;
  if (offset !== undefined && offset.toUpperCase() === "Z") return wall;
  if (offset !== undefined) {
    const sign = offset.startsWith("-") ? -1 : 1;
    const minutes = Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6));
    return wall - sign * minutes * MINUTE_MS;
  }
  if (isUtc(zone)) return wall;
  // The zone's offset at the guessed instant, re-checked once in case the guess crossed a change of offset.
  const fields = localFields(zone);
  const offsetAt = (at: number): number => {
    const minute = Math.floor(at / MINUTE_MS) * MINUTE_MS;
    return fields(minute) - minute;
  };
  return wall - offsetAt(wall - offsetAt(wall));
}

function isUtc(zone: string): boolean {
  return /^(utc|gmt|etc\/utc|etc\/gmt|z)$/i.test(zone);
}

/** The wall clock of an instant in `zone`, as the epoch ms of the same wall clock in UTC. */
function localFields(zone: string): (ms: number) => number {
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    hourCycle: "h23",
    era: "short",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  });
  return (ms) => {
    // Intl counts years by era (1 BC, 2 BC, ...); the year before 0001 is 0000 in ISO 8601.
    let bc = false;
    let y = 0;
    let mo = 0;
    let d = 0;
    let h = 0;
    let mi = 0;
    let s = 0;
    for (const part of format.formatToParts(ms)) {
      const n = Number(part.value);
      if (part.type === "era") bc = part.value === "BC";
      else if (part.type === "year") y = n;
      else if (part.type === "month") mo = n;
      else if (part.type === "day") d = n;
      else if (part.type === "hour") h = n;
      else if (part.type === "minute") mi = n;
      else if (part.type === "second") s = n;
    }
    const wall = new Date(0);
    wall.setUTCFullYear(bc ? 1 - y : y, mo - 1, d);
    wall.setUTCHours(h, mi, s, 0);
    return wall.getTime();
  };
}
