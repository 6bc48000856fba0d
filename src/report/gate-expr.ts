// Gate expressions: `metric[{dimension:key|*}] comparator operand` parsed into a typed AST, or a one-sentence
// reason (with a did-you-mean) why not. Pure: no IO, nothing read from the report.
import { DIMENSIONS, type Dimension } from "./breakdown.js";
import { didYouMean } from "./did-you-mean.js";
import { METRICS, type MetricDef, type MetricKind, metricNamed } from "./gate-metrics.js";
import { type Offset, parseValue, type Spell } from "./gate-value.js";

export { didYouMean } from "./did-you-mean.js";
export type { Offset } from "./gate-value.js";

/** The comparators, longest first (so `<=` is not read as `<`). */
export const COMPARATORS = ["<=", ">=", "==", "!=", "<", ">"] as const;
export type Comparator = (typeof COMPARATORS)[number];

/** A group selector: one key of a `--by` dimension, or every group (`*`). */
export interface Selector {
  dimension: Dimension;
  /** A group key as the report writes it (`"09"`, `"31001"`), or `"*"` for every group. */
  key: string;
}

/** The right-hand side: a fixed value, or the baseline's value of the same metric with an optional offset. */
export type Operand = { kind: "value"; value: number } | { kind: "baseline"; offset: Offset | null };

/** A parsed gate. Values are in the metric's units: rates as fractions 0..1, durations in seconds. */
export interface GateExpr {
  /** The expression as written (trimmed). */
  text: string;
  metric: string;
  kind: MetricKind;
  selector: Selector | null;
  comparator: Comparator;
  operand: Operand;
}

/** A parse: the gate, or why it is not one (one sentence, no trailing period). */
export type GateParse = { ok: true; gate: GateExpr } | { ok: false; reason: string };

// metric, selector, comparator, rest: the shape of a gate before its parts are checked.
const SHAPE = /^([A-Za-z_][\w.]*)\s*(?:\{([^}]*)\})?\s*(<=|>=|==|!=|=>|=<|<|>|=)\s*(.*)$/s;
const BASELINE = /^baseline\b\s*(?:([+-])\s*(.+))?$/is;

/** Parses one gate expression. */
export function parseGate(source: string): GateParse {
  const text = source.trim();
  const fail = (reason: string): GateParse => ({ ok: false, reason });
  const shape = SHAPE.exec(text);
  if (shape === null)
    return fail("expected METRIC COMPARATOR VALUE, e.g. 'asr < 60%' or 'abandon_rate{hour:*} > 10%'");
  const [, name = "", selectorText, comparatorText = "", rest = ""] = shape;
  const metric = metricNamed(name);
  if (metric === undefined)
    return fail(
      `unknown metric "${name}"${didYouMean(
        name,
        METRICS.map((m) => m.name),
      )} (the README lists them)`,
    );
  if (!(COMPARATORS as readonly string[]).includes(comparatorText)) {
    const meant = { "=": "==", "=>": ">=", "=<": "<=" }[comparatorText];
    return fail(`unknown comparator "${comparatorText}" (did you mean "${meant}"?)`);
  }
  let selector: Selector | null = null;
  if (selectorText !== undefined) {
    if (metric.scope === "input")
      return fail(`${metric.name} is a figure of the whole input and has no groups`);
    const parsed = parseSelector(selectorText);
    if (typeof parsed === "string") return fail(parsed);
    const own = metric.section;
    if (own !== undefined && own.groups?.by !== parsed.dimension)
      return fail(
        own.groups === undefined
          ? `${metric.name} is a figure of the whole ${own.path} section and has no groups`
          : `${metric.name} has groups by ${own.groups.by} only`,
      );
    selector = parsed;
  }
  if (rest.trim() === "") return fail(`nothing after "${comparatorText}"`);
  // The gate as written up to its operand: refusals spell out what to write instead.
  const head = text.slice(0, text.length - rest.length).trimEnd();
  const operand = parseOperand(rest.trim(), metric, (spelled) => `'${head} ${spelled}'`);
  if (typeof operand === "string") return fail(operand);
  return {
    ok: true,
    gate: {
      text,
      metric: metric.name,
      kind: metric.kind,
      selector,
      comparator: comparatorText as Comparator,
      operand,
    },
  };
}

/** What --explain names: a metric and at most one group, `asr` or `asr{operator:31004}` (no `*`). */
export type TargetParse =
  | { ok: true; metric: MetricDef; selector: Selector | null }
  | { ok: false; reason: string };

/** Parses --explain's METRIC[{DIMENSION:KEY}], with the gates' selector syntax and refusals. */
export function parseTarget(source: string): TargetParse {
  const shape = /^([A-Za-z_][\w.]*)\s*(?:\{([^}]*)\})?$/s.exec(source.trim());
  if (shape === null)
    return { ok: false, reason: "expected METRIC or METRIC{DIMENSION:KEY}, e.g. 'asr{operator:31004}'" };
  const [, name = "", selectorText] = shape;
  const metric = metricNamed(name);
  if (metric === undefined)
    return {
      ok: false,
      reason: `unknown metric "${name}"${didYouMean(
        name,
        METRICS.map((m) => m.name),
      )} (the README lists them)`,
    };
  if (selectorText === undefined) return { ok: true, metric, selector: null };
  if (metric.scope === "input")
    return { ok: false, reason: `${metric.name} is a figure of the whole input and has no groups` };
  const selector = parseSelector(selectorText);
  if (typeof selector === "string") return { ok: false, reason: selector };
  if (selector.key === "*")
    return {
      ok: false,
      reason: `name one group to explain, e.g. {${selector.dimension}:${EXAMPLE_KEYS[selector.dimension]}}, not *`,
    };
  return { ok: true, metric, selector };
}

function parseSelector(text: string): Selector | string {
  const colon = text.indexOf(":");
  if (colon < 0) return `expected {DIMENSION:KEY} or {DIMENSION:*}, e.g. {operator:*}, not {${text}}`;
  const name = text.slice(0, colon).trim();
  const key = text.slice(colon + 1).trim();
  if (!(DIMENSIONS as readonly string[]).includes(name))
    return `unknown dimension "${name}"${didYouMean(name, DIMENSIONS)} (one of ${DIMENSIONS.join(", ")})`;
  const dimension = name as Dimension;
  if (key === "")
    return `no key in {${text}}: give one (e.g. {${dimension}:${EXAMPLE_KEYS[dimension]}}) or *`;
  if (key === "*") return { dimension, key };
  if (dimension === "hour") {
    const hour = /^\d{1,2}$/.test(key) ? Number(key) : Number.NaN;
    if (!(hour >= 0 && hour <= 23)) return `hour "${key}" is not an hour 00-23`;
    return { dimension, key: String(hour).padStart(2, "0") };
  }
  const known = KNOWN_KEYS[dimension];
  if (known !== undefined && !known.includes(key))
    return `unknown ${dimension} "${key}"${didYouMean(key, known)} (one of ${known.join(", ")})`;
  if (dimension === "day" && !/^\d{4}-\d{2}-\d{2}$/.test(key)) return `day "${key}" is not a date YYYY-MM-DD`;
  if (dimension === "day" && !isCalendarDate(key))
    return `day "${key}" is not a date of the calendar (no such month or day)`;
  return { dimension, key };
}

/** Whether YYYY-MM-DD names a real day (2026-02-29 and 2026-04-31 do not; 2028-02-29 does). */
function isCalendarDate(key: string): boolean {
  const [year = 0, month = 0, day = 0] = key.split("-").map(Number);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return days !== undefined && day >= 1 && day <= days;
}

const KNOWN_KEYS: Partial<Record<Dimension, readonly string[]>> = {
  direction: ["inbound", "outbound"],
  type: ["standard", "autodialer", "callback", "transfer"],
  weekday: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
};
const EXAMPLE_KEYS: Record<Dimension, string> = {
  direction: "inbound",
  type: "autodialer",
  subtype: "predictive",
  accountcode: "10452",
  phase: "didtosip",
  operator: "31001",
  campaign: "7",
  hour: "09",
  day: "2026-03-04",
  weekday: "Mon",
};

function parseOperand(text: string, metric: MetricDef, spell: Spell): Operand | string {
  const baseline = BASELINE.exec(text);
  if (baseline !== null) {
    const [, sign, amount] = baseline;
    if (sign === undefined || amount === undefined) return { kind: "baseline", offset: null };
    const offset = parseOffset(amount.trim(), metric, (spelled) => spell(`baseline ${sign} ${spelled}`));
    if (typeof offset === "string") return offset;
    return { kind: "baseline", offset: { ...offset, value: sign === "-" ? -offset.value : offset.value } };
  }
  const value = parseValue(text, metric, false, spell);
  if (typeof value === "string") return value;
  return { kind: "value", value: value.value };
}

function parseOffset(text: string, metric: MetricDef, spell: Spell): Offset | string {
  const value = parseValue(text, metric, true, spell);
  if (typeof value === "string") return value;
  if (value.value < 0) return `write the sign once: baseline - ${text.replace(/^-/, "")}`;
  return value;
}
