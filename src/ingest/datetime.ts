// RFC 3339 date-times, checked by hand: ajv-formats' full check allocates on every event.

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The first instant a timestamp may name: 0001-01-01T00:00:00Z (epoch ms). */
export const MIN_TIMESTAMP_MS = -62_135_596_800_000;
/** The last instant a timestamp may name: 9999-12-31T23:59:59.999Z (epoch ms). */
export const MAX_TIMESTAMP_MS = 253_402_300_799_999;

/** Whether an instant (epoch ms) lies in the years 0001-9999 UTC, the only ones RFC 3339 can write. */
export function isTimestampInRange(ms: number): boolean {
  return ms >= MIN_TIMESTAMP_MS && ms <= MAX_TIMESTAMP_MS;
}

/**
 * RFC 3339 date-time (`2026-03-02T09:15:00Z`, with optional fraction and offset), with real calendar days,
 * naming an instant in the years 0001-9999 UTC (year 0000 is refused, and so is an offset that moves the
 * first or last day of that range outside it).
 */
export function isRfc3339DateTime(text: string): boolean {
  const n = text.length;
  if (n < 20) return false;
  const year = num(text, 0, 4);
  const month = num(text, 5, 2);
  const day = num(text, 8, 2);
  const hour = num(text, 11, 2);
  const minute = num(text, 14, 2);
  const second = num(text, 17, 2);
  if (text[4] !== "-" || text[7] !== "-" || (text[10] !== "T" && text[10] !== "t")) return false;
  if (text[13] !== ":" || text[16] !== ":") return false;
  if (year < 1 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59)
    return false;
  // Leap seconds (:60) are refused: JavaScript dates cannot represent them.
  if (second < 0 || second > 59) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && !leap ? 28 : (DAYS_IN_MONTH[month - 1] as number))) return false;
  let i = 19;
  if (text[i] === ".") {
    i += 1;
    const digitsFrom = i;
    while (i < n && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39) i += 1;
    if (i === digitsFrom) return false;
  }
  if (i === n - 1) return text[i] === "Z" || text[i] === "z";
  if (i !== n - 6 || (text[i] !== "+" && text[i] !== "-") || text[i + 3] !== ":") return false;
  const offsetHours = num(text, i + 1, 2);
  const offsetMinutes = num(text, i + 4, 2);
  if (offsetHours < 0 || offsetHours > 23 || offsetMinutes < 0 || offsetMinutes > 59) return false;
  // Only an offset on the first or the last day of the range can move the instant out of it.
  if ((year === 1 && month === 1 && day === 1) || (year === 9999 && month === 12 && day === 31))
    return isTimestampInRange(Date.parse(text));
  return true;
}

function num(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i += 1) {
    const digit = text.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * Date.parse, with a fast path for the usual `YYYY-MM-DDTHH:MM:SS[.mmm]Z`. The fast path takes only fields
 * in range on every calendar (day ≤ 28) and years from 1000 (Date.UTC reads 0-99 as 1900-1999), where Date.UTC
 * and Date.parse agree; anything else is Date.parse's.
 */
export function parseTimestamp(text: string): number {
  const n = text.length;
  if ((n === 20 || (n === 24 && text[19] === ".")) && text[n - 1] === "Z" && text[10] === "T") {
    if (text[4] === "-" && text[7] === "-" && text[13] === ":" && text[16] === ":") {
      const year = num(text, 0, 4);
      const month = num(text, 5, 2);
      const day = num(text, 8, 2);
      const hour = num(text, 11, 2);
      const minute = num(text, 14, 2);
      const second = num(text, 17, 2);
      const ms = n === 24 ? num(text, 20, 3) : 0;
      if (
        year >= 1000 &&
        month >= 1 &&
        month <= 12 &&
        day >= 1 &&
        day <= 28 &&
        hour >= 0 &&
        hour <= 23 &&
        minute >= 0 &&
        minute <= 59 &&
        second >= 0 &&
        second <= 59 &&
        ms >= 0
      )
        return Date.UTC(year, month - 1, day, hour, minute, second, ms);
    }
  }
  return Date.parse(text);
}

/**
 * The instant of the canonical `YYYY-MM-DDTHH:MM:SSZ` or `YYYY-MM-DDTHH:MM:SS.sssZ` with a real calendar
 * day in the years 1000-9999; NaN for anything else (other fractions, offsets, lower case, years before 1000:
 * isRfc3339DateTime and parseTimestamp judge those on the reference path). Read from the bytes [from, to).
 */
export function canonicalInstant(bytes: Uint8Array, from: number, to: number): number {
  const n = to - from;
  if (n !== 20 && !(n === 24 && bytes[from + 19] === 0x2e)) return Number.NaN;
  if (bytes[from + 4] !== 0x2d || bytes[from + 7] !== 0x2d || bytes[from + 10] !== 0x54) return Number.NaN;
  if (bytes[from + 13] !== 0x3a || bytes[from + 16] !== 0x3a || bytes[to - 1] !== 0x5a) return Number.NaN;
  const year = digitsAt(bytes, from, 4);
  const month = digitsAt(bytes, from + 5, 2);
  const day = digitsAt(bytes, from + 8, 2);
  const hour = digitsAt(bytes, from + 11, 2);
  const minute = digitsAt(bytes, from + 14, 2);
  const second = digitsAt(bytes, from + 17, 2);
  const ms = n === 24 ? digitsAt(bytes, from + 20, 3) : 0;
  if (year < 1000 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23) return Number.NaN;
  if (minute < 0 || minute > 59 || second < 0 || second > 59 || ms < 0) return Number.NaN;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && !leap ? 28 : (DAYS_IN_MONTH[month - 1] as number);
  if (day > days) return Number.NaN;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}

/** The value of `count` decimal digits at `at` in `bytes`, or -1 if any is not a digit. */
export function digitsAt(bytes: Uint8Array, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i += 1) {
    const digit = (bytes[i] as number) - 0x30;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}
