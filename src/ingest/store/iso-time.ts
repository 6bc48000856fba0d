// An instant's toISOString text, made without a Date: the store writes a canonical timestamp as nothing and
// gives it back for every event it reads, so the day's prefix is made once per day and the time of day from digits.

const DAY_MS = 86_400_000;
const TWO = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, "0"));
const THREE = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, "0"));
let day = Number.NaN;
let prefix = "";

/** `new Date(ts).toISOString()` for a whole-millisecond `ts` of the years 0000-9999 (the store's only use). */
export function isoTime(ts: number): string {
  const d = Math.floor(ts / DAY_MS);
  if (d !== day) {
    prefix = new Date(d * DAY_MS).toISOString().slice(0, 11);
    day = d;
  }
  let ms = ts - d * DAY_MS;
  const h = Math.floor(ms / 3_600_000);
  ms -= h * 3_600_000;
  const m = Math.floor(ms / 60_000);
  ms -= m * 60_000;
  const s = Math.floor(ms / 1000);
  ms -= s * 1000;
  return `${prefix}${TWO[h]}:${TWO[m]}:${TWO[s]}.${THREE[ms]}Z`;
}
