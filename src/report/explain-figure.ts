// --explain's summary: one figure's definition, its value, numerator and denominator as the report gives them,
// and the calls behind each (collected by explain.ts).
import { DEFINITIONS } from "./definitions.js";
import { type ExplainedCall, type ExplainSpec, type ExplainState, explainRule } from "./explain.js";
import type { ExplainShape } from "./explain-rules.js";
import { type MetricKind, metricNamed, readMetric } from "./gate-metrics.js";
import { metricGroups } from "./gates.js";

/** One side of a figure: what it counts, its value in the report, and the first calls behind it. */
export interface ExplainedPart {
  counts: string;
  value: number | null;
  calls: Omit<ExplainedCall, "rank">[];
  /** Calls (or values) behind this side that are not listed. */
  unlisted: number;
}

/** The explanation of one figure, as every format prints it. */
export interface Explanation {
  metric: string;
  group: { dimension: string; key: string } | null;
  kind: MetricKind;
  /**
   * rate: numerator / denominator; count: the calls counted; values: a statistic of the listed values; input: a
   * count of lines or sessions (validate lists them); whole: a figure --explain gives without its calls (a peak,
   * a scorecard or section figure: their calls are not listed yet).
   */
  shape: ExplainShape | "input" | "whole";
  about: string;
  definition: { label: string; formula: string; over?: string; notes?: string } | null;
  value: number | null;
  /** Rates: the numerator; counts: what is counted; statistics: the values, largest first. */
  numerator: ExplainedPart;
  /** Rates only: the denominator; its calls are those not in the numerator. */
  denominator?: ExplainedPart;
  /** The recount through the rule equals the report's figures (false would be a defect: say so, never hide it). */
  consistent: boolean;
}

/** The figures of the input's lines and sessions (their problems list the lines behind them). */
const INPUT_FIGURES: ReadonlySet<string> = new Set([
  "lines",
  "events",
  "invalid",
  "invalid_share",
  "duplicates",
  "late",
  "sessions",
  "incomplete",
  "incomplete_share",
]);

/** The explanation of `spec` from the finished report and the merged state. */
export function explainFigure(report: unknown, state: ExplainState, spec: ExplainSpec): Explanation {
  const metric = metricNamed(spec.metric);
  if (metric === undefined) throw new Error(`no metric ${spec.metric}`);
  const rule = explainRule(spec.metric);
  const selector = spec.selector;
  const group =
    selector === null
      ? undefined
      : metricGroups(metric, report, selector.dimension).find(([key]) => key === selector.key)?.[1];
  const reading =
    selector !== null && group === undefined ? { value: null, n: 0 } : readMetric(metric, report, group);
  const found = rule === undefined ? undefined : DEFINITIONS.find((d) => d.id === rule.definition);
  const definition =
    found === undefined
      ? null
      : {
          label: found.label,
          formula: found.formula,
          ...("over" in found ? { over: found.over } : {}),
          ...("notes" in found ? { notes: found.notes } : {}),
        };
  const head = {
    metric: metric.name,
    group: selector === null ? null : { dimension: selector.dimension, key: selector.key },
    kind: metric.kind,
    about: metric.about,
    definition,
    value: reading.value,
  };
  if (rule === undefined)
    return {
      ...head,
      shape: INPUT_FIGURES.has(metric.name) ? "input" : "whole",
      numerator: { counts: metric.about, value: reading.value, calls: [], unlisted: 0 },
      consistent: true,
    };
  const listed = state.listed.map(withoutRank);
  if (rule.shape === "values")
    return {
      ...head,
      shape: "values",
      numerator: {
        counts: rule.x,
        value: reading.n,
        calls: listed,
        unlisted: state.listedCalls - listed.length,
      },
      consistent: state.n === reading.n,
    };
  const x = rule.shape === "rate" ? (reading.x ?? 0) : reading.value;
  const n = reading.n;
  const numerator = { counts: rule.x, value: x, calls: listed, unlisted: state.listedCalls - listed.length };
  if (rule.shape === "count")
    return { ...head, shape: "count", numerator, consistent: (x ?? 0) === state.x && n === state.n };
  const rest = state.rest.map(withoutRank);
  return {
    ...head,
    shape: "rate",
    numerator,
    denominator: { counts: rule.n, value: n, calls: rest, unlisted: state.restCalls - rest.length },
    consistent: (x ?? 0) === state.x && n === state.n,
  };
}

function withoutRank(call: ExplainedCall): Omit<ExplainedCall, "rank"> {
  const { rank: _rank, ...rest } = call;
  return rest;
}
