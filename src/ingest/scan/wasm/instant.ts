// The timestamp: a canonical date-time read from its bytes straight into epoch ms, calendar-checked (the same
// steps as ../instant.ts).
import { DAYS } from "./tables";
import { b, table } from "./out";

@inline function twoDigits(at: usize): i32 {
  const x = b(at) - 0x30, y = b(at + 1) - 0x30;
  return (<u32>x > 9 || <u32>y > 9) ? -1 : x * 10 + y;
}
/** Epoch ms of a canonical YYYY-MM-DDTHH:MM:SS[.sss]Z of the years 1000-9999 on a real day; else NaN. */
export function canonicalMs(from: usize, to: usize): f64 {
  const n = to - from;
  if (n != 20 && !(n == 24 && b(from + 19) == 0x2e)) return NaN;
  if (b(from + 4) != 0x2d || b(from + 7) != 0x2d || b(from + 10) != 0x54) return NaN;
  if (b(from + 13) != 0x3a || b(from + 16) != 0x3a || b(to - 1) != 0x5a) return NaN;
  const century = twoDigits(from), yy = twoDigits(from + 2), month = twoDigits(from + 5), day = twoDigits(from + 8);
  const hour = twoDigits(from + 11), minute = twoDigits(from + 14), second = twoDigits(from + 17);
  if (century < 10 || yy < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23) return NaN;
  if (minute < 0 || minute > 59 || second < 0 || second > 59) return NaN;
  let ms = 0;
  if (n == 24) {
    const a = b(from + 20) - 0x30, c = b(from + 21) - 0x30, d = b(from + 22) - 0x30;
    if (<u32>a > 9 || <u32>c > 9 || <u32>d > 9) return NaN;
    ms = a * 100 + c * 10 + d;
  }
  const year = century * 100 + yy;
  const leap = (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
  if (day > (month == 2 && !leap ? 28 : table(DAYS, month - 1))) return NaN;
  // days from civil (H. Hinnant), years >= 0
  const y = month <= 2 ? year - 1 : year;
  const era = y / 400;
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = (153 * mp + 2) / 5 + day - 1;
  const doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const days = <f64>(era * 146097 + doe - 719468);
  return days * 86400000.0 + <f64>(hour * 3600000 + minute * 60000 + second * 1000 + ms);
}

