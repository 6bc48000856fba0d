// Gate expressions: `metric[{dimension:key|*}] comparator operand` parsed into a typed AST, or a one-sentence
// reason (with a did-you-mean) why not. Pure: no IO, nothing read from the report.
import { DIMENSIONS, type Dimension } from "./breakdown.js";
import { METRICS, type MetricDef, type MetricKind, metricNamed } from "./gate-metrics.js";

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

/** `baseline ± offset`: absolute (pp, s, a count) in the metric's own units, or relative (%) to the baseline. */
export interface Offset {
  mode: "absolute" | "relative";
  /** Signed: the absolute amount in the metric's units (a fraction for rates), or the relative fraction (0.2 = 20 %). */
  value: number;
}

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

// metric, selector, comparator, rest: the shape of a gate before its parts are checked.
const SHAPE = /^([A-Za-z_][\w.]*)\s*(?:\{([^}]*)\})?\s*(<=|>=|==|!=|=>|=<|<|>|=)\s*(.*)$/s;
const NUMBER_UNIT = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*([^\s\d.+-][^\s]*)?$/;
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
    selector = parsed;
  }
  if (rest.trim() === "") return fail(`nothing after "${comparatorText}"`);
  const operand = parseOperand(rest.trim(), metric);
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
  return { dimension, key };
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

function parseOperand(text: string, metric: MetricDef): Operand | string {
  const baseline = BASELINE.exec(text);
  if (baseline !== null) {
    const [, sign, amount] = baseline;
    if (sign === undefined || amount === undefined) return { kind: "baseline", offset: null };
    const offset = parseOffset(amount.trim(), metric);
    if (typeof offset === "string") return offset;
    return { kind: "baseline", offset: { ...offset, value: sign === "-" ? -offset.value : offset.value } };
  }
  const value = parseValue(text, metric, false);
  if (typeof value === "string") return value;
  return { kind: "value", value: value.value };
}

function parseOffset(text: string, metric: MetricDef): Offset | string {
  const value = parseValue(text, metric, true);
  if (typeof value === "string") return value;
  if (value.value < 0) return `write the sign once: baseline - ${text.replace(/^-/, "")}`;
  return value;
}

/** A number with its unit, in the metric's units; after `baseline +`/`-`, `%` is relative and `pp` absolute. */
function parseValue(text: string, metric: MetricDef, offset: boolean): Offset | string {
  const match = NUMBER_UNIT.exec(text);
  if (match === null) {
    const word = /^[A-Za-z_]\w*/.exec(text)?.[0];
    if (word !== undefined && !offset)
      return `expected a number or baseline after the comparator, not "${text}"${didYouMean(word, ["baseline"])}`;
    return `expected a number with an optional unit (${unitsOf(metric.kind, offset)}), not "${text}"`;
  }
  const [, digits = "", unitText] = match;
  const number = Number(digits);
  const unit = unitText?.toLowerCase();
  const absolute = (value: number): Offset => ({ mode: "absolute", value });
  if (unit === undefined) return absolute(number);
  if (!ALL_UNITS.includes(unit)) {
    const meant =
      UNIT_WORDS[unit] === undefined ? didYouMean(unit, ALL_UNITS) : ` (did you mean "${UNIT_WORDS[unit]}"?)`;
    return `unknown unit "${unitText}"${meant} (${metric.name} takes ${unitsOf(metric.kind, offset)})`;
  }
  if (metric.kind === "rate") {
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

const KIND_WORDS: Record<MetricKind, string> = { rate: "rate", duration: "time", count: "count" };

function unitsOf(kind: MetricKind, offset: boolean): string {
  const relative = offset ? ", or N% of the baseline" : "";
  if (kind === "rate")
    return offset ? "Npp (percentage points), N% of the baseline, or a fraction" : "N% or a fraction 0..1";
  if (kind === "duration") return `seconds: N, Nms, Ns, Nm or Nh${relative}`;
  return `a plain number${relative}`;
}

/** ` (did you mean "x"?)` for the closest of `choices` within a few edits (or sharing its start), else "". */
export function didYouMean(word: string, choices: readonly string[]): string {
  const wanted = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(wanted.length / 3)) + 1;
  for (const choice of choices) {
    const distance = editDistance(wanted, choice.toLowerCase());
    if (distance < bestDistance) {
      best = choice;
      bestDistance = distance;
    }
  }
  // Failing that, a name the word starts with, or that starts with the word (asr_rate -> asr), longest first.
  if (best === undefined && wanted.length >= 3)
    best = choices
      .filter(
        (c) => c.length >= 3 && (wanted.startsWith(c.toLowerCase()) || c.toLowerCase().startsWith(wanted)),
      )
      .sort((a, b) => b.length - a.length)[0];
  return best === undefined ? "" : ` (did you mean "${best}"?)`;
}

/** Levenshtein distance (insert, delete, substitute), two rows. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitute = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitute);
    }
    previous = current;
  }
  return previous[b.length] as number;
}
