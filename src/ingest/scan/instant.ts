// The scanners' timestamp: a canonical date-time read from its bytes straight into epoch ms, calendar-checked.
import { DAYS_IN_MONTH } from "./spec.js";

const twoDigits = (b: Uint8Array, at: number): number => {
  const x = (b[at] as number) - 0x30;
  const y = (b[at + 1] as number) - 0x30;
  return x >>> 0 > 9 || y >>> 0 > 9 ? -1 : x * 10 + y;
};

/**
 * The epoch ms of a canonical YYYY-MM-DDTHH:MM:SS[.sss]Z in [from, to) of the years 1000-9999 on a real day
 * (no 24:00, no leap second, no offset); NaN for anything else (the reference path judges it).
 */
export function canonicalMs(b: Uint8Array, from: number, to: number): number {
  const n = to - from;
  if (n !== 20 && !(n === 24 && b[from + 19] === 0x2e)) return Number.NaN;
  if (b[from + 4] !== 0x2d || b[from + 7] !== 0x2d || b[from + 10] !== 0x54) return Number.NaN;
  if (b[from + 13] !== 0x3a || b[from + 16] !== 0x3a || b[to - 1] !== 0x5a) return Number.NaN;
  const century = twoDigits(b, from);
  const yy = twoDigits(b, from + 2);
  const month = twoDigits(b, from + 5);
  const day = twoDigits(b, from + 8);
  const hour = twoDigits(b, from + 11);
  const minute = twoDigits(b, from + 14);
  const second = twoDigits(b, from + 17);
  if (century < 10 || yy < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23)
    return Number.NaN;
  if (minute < 0 || minute > 59 || second < 0 || second > 59) return Number.NaN;
  let ms = 0;
  if (n === 24) {
    const a = (b[from + 20] as number) - 0x30;
    const c = (b[from + 21] as number) - 0x30;
    const d = (b[from + 22] as number) - 0x30;
    if (a >>> 0 > 9 || c >>> 0 > 9 || d >>> 0 > 9) return Number.NaN;
    ms = a * 100 + c * 10 + d;
  }
  const year = century * 100 + yy;
  const leap = (year & 3) === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && !leap ? 28 : (DAYS_IN_MONTH[month - 1] as number))) return Number.NaN;
  return (
    daysFromCivil(year, month, day) * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000 + ms
  );
}

/** Days since 1970-01-01 of a date of the years 1000-9999 (H. Hinnant's days_from_civil, years >= 0). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = (y / 400) | 0;
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = (((153 * mp + 2) / 5) | 0) + day - 1;
  const doe = yoe * 365 + ((yoe / 4) | 0) - ((yoe / 100) | 0) + doy;
  return era * 146_097 + doe - 719_468;
}
