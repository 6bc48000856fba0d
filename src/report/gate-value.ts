// Gate values: a number with its unit (45%, 0.45, 30s, 2m, 5pp) read in the metric's units, or a one-sentence
// reason why not: the unit must fit the metric's kind, a number must be finite, and a rate's bare number 0..1.
import { didYouMean } from "./did-you-mean.js";
import type { MetricDef, MetricKind } from "./gate-metrics.js";

/** `baseline ± offset`: absolute (pp, s, a count) in the metric's own units, or relative (%) to the baseline. */
export interface Offset {
  mode: "absolute" | "relative";
  /** Signed: the absolute amount in the metric's units (a fraction for rates), or the relative fraction (0.2 = 20 %). */
  value: number;
}

/** Durations: the unit's length in seconds. */
const DURATION_UNITS: Readonly<Record<string, number>> = { ms: 0.001, s: 1, m: 60, min: 60, h: 3600 };
const ALL_UNITS = ["%", "pp", ...Object.keys(DURATION_UNITS)];
/** Spelled-out units, for the did-you-mean. */
const UNIT_WORDS: Readonly<Record<string, string>> = {
  pct: "%",
  percent: "%",
  sec: "s",
  secs: "s",
  second: "s",
  seconds: "s",
  mins: "min",
  minute: "m",
  minutes: "m",
  hour: "h",
  hours: "h",
};

const NUMBER_UNIT = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)\s*([^\s\d.+-][^\s]*)?$/i;

/** The gate with this operand in place of the one written, quoted: for "write ... instead" refusals. */
export type Spell = (operand: string) => string;

/** A number with its unit, in the metric's units; after `baseline +`/`-`, `%` is relative and `pp` absolute. */
export function parseValue(text: string, metric: MetricDef, offset: boolean, spell: Spell): Offset | string {
  const match = NUMBER_UNIT.exec(text);
  if (match === null) {
    const word = /^[A-Za-z_]\w*/.exec(text)?.[0];
    if (word !== undefined && !offset)
      return `expected a number or baseline after the comparator, not "${text}"${didYouMean(word, ["baseline"])}`;
    return `expected a number with an optional unit (${unitsOf(metric.kind, offset)}), not "${text}"`;
  }
  const [, digits = "", unitText] = match;
  const number = Number(digits);
  // Too many digits or too large an exponent: Number() gives Infinity, which no figure can be compared with.
  if (!Number.isFinite(number)) return `${preview(digits)} is too large a number (beyond 1.8e308)`;
  const unit = unitText?.toLowerCase();
  const absolute = (value: number): Offset => ({ mode: "absolute", value });
  if (unit === undefined) {
    if (metric.kind === "rate") {
      const refused = bareRate(number, digits, metric, offset, spell);
      if (refused !== null) return refused;
    }
    return absolute(number);
  }
  if (!ALL_UNITS.includes(unit)) {
    const meant =
      UNIT_WORDS[unit] === undefined ? didYouMean(unit, ALL_UNITS) : ` (did you mean "${UNIT_WORDS[unit]}"?)`;
    return `unknown unit "${unitText}"${meant} (${metric.name} takes ${unitsOf(metric.kind, offset)})`;
  }
  if (metric.kind === "rate") {
    if (unit === "%" && !offset && !(number >= 0 && number <= 100))
      return `${metric.name} is a rate, 0% to 100%: ${digits}% can never be measured`;
    if (unit === "%") return offset ? { mode: "relative", value: number / 100 } : absolute(number / 100);
    if (unit === "pp") {
      if (!offset) return `pp (percentage points) is a change from the baseline: write ${digits}%`;
      return absolute(number / 100);
    }
  } else if (unit === "%" && offset) {
    return { mode: "relative", value: number / 100 };
  } else if (metric.kind === "duration" && unit in DURATION_UNITS) {
    return absolute(number * (DURATION_UNITS[unit] as number));
  }
  return `${metric.name} is a ${KIND_WORDS[metric.kind]}: it takes ${unitsOf(metric.kind, offset)}, not "${unitText}"`;
}

/**
 * Why a bare number cannot be a rate's value or absolute offset (a rate is a fraction 0..1, so `10` would be
 * 1,000 %: a gate that can never fire, or always does), spelled the ways the user may have meant; null when
 * it is within 0..1.
 */
function bareRate(
  number: number,
  digits: string,
  metric: MetricDef,
  offset: boolean,
  spell: Spell,
): string | null {
  // A negative offset is refused by the sign check (write the sign once).
  if ((number >= 0 && number <= 1) || (offset && number < 0)) return null;
  const fractionOf = `${metric.name} is a rate and a bare number is a fraction 0..1`;
  if (number > 1 && number <= 100) {
    const hundredfold = (number * 100).toLocaleString("en-US", { maximumFractionDigits: 4 });
    const meant = offset
      ? `a change of ${digits} would be ${hundredfold} percentage points`
      : `${digits} would be ${hundredfold} %`;
    const percent = offset ? `${digits}pp` : `${digits}%`;
    return `${fractionOf}, so ${meant}: write ${spell(percent)}${offset ? " (percentage points)" : ""} or ${spell(fraction(digits, number))}`;
  }
  if (offset)
    return `${fractionOf}: a change of ${digits} is more than its whole range; write the change in percentage points, e.g. ${spell("5pp")}`;
  return `${metric.name} is a rate, between 0 and 1 (0% to 100%): ${digits} can never be measured`;
}

/** A number of percent written as a fraction from its digits, without float noise: 10 -> 0.10, 12.5 -> 0.125. */
function fraction(digits: string, number: number): string {
  if (/e/i.test(digits)) return String(number / 100);
  const decimals = digits.split(".")[1] ?? "";
  return (number / 100).toFixed(Math.max(2, decimals.length + 2));
}

/** A number as written, shortened for a message (a pasted 100,000-digit number is not echoed whole). */
function preview(digits: string): string {
  return digits.length <= 24
    ? `"${digits}"`
    : `"${digits.slice(0, 12)}...${digits.slice(-6)}" (${digits.length} characters)`;
}

const KIND_WORDS: Record<MetricKind, string> = { rate: "rate", duration: "time", count: "count" };

function unitsOf(kind: MetricKind, offset: boolean): string {
  const relative = offset ? ", or N% of the baseline" : "";
  if (kind === "rate")
    return offset ? "Npp (percentage points), N% of the baseline, or a fraction" : "N% or a fraction 0..1";
  if (kind === "duration") return `seconds: N, Nms, Ns, Nm or Nh${relative}`;
  return `a plain number${relative}`;
}
