// --explain's collection stage: while the calls are counted, the calls behind one figure are kept (at most
// `limit` per side, the same ones whatever the number of threads) with the events that decided their part.
import type { CallFacts } from "../call/facts.js";
import type { Timeline } from "../call/timeline.js";
import type { EventColumns } from "../ingest/event-columns.js";
import { groupKey } from "./breakdown.js";
import { type Contribution, EXPLAIN_RULES, type ExplainRule } from "./explain-rules.js";
import type { Selector } from "./gate-expr.js";
import type { KpiSettings } from "./kpis.js";

/** What to explain: a metric of the gate catalogue, over every call or one group, listing at most `limit` calls. */
export interface ExplainSpec {
  metric: string;
  selector: Selector | null;
  limit: number;
}

/** One event that decided a call's part. */
export interface DecisiveEvent {
  event: string;
  /** RINGRESULT's state. */
  state?: string;
  at: number;
  line: number;
}

/** One call behind a figure. */
export interface ExplainedCall {
  sessionId: string;
  /** START's time (the first event's when START is missing), epoch ms. */
  start: number;
  direction: string;
  type: string;
  file: string;
  line: number;
  /** Its part: numerator and denominator of a rate, a count, or its values of a statistic. */
  x: number;
  n: number;
  values?: number[];
  events: DecisiveEvent[];
  /** Input order (file index, line) packed in one number: the lists keep the first calls of the input. */
  rank: number;
}

/** The calls behind one figure, recounted by its rule; partials of disjoint sessions merge. */
export interface ExplainState {
  x: number;
  n: number;
  /** Calls behind `listed` and `rest`, listed or not. */
  listedCalls: number;
  restCalls: number;
  /** Rates and counts: the first calls with x > 0; statistics: the calls with the largest values. */
  listed: ExplainedCall[];
  /** Rates: the first calls in the denominator only (n > 0, x = 0). */
  rest: ExplainedCall[];
}

/** Events listed per call at most (a call may ring a hundred times). */
const EVENTS_PER_CALL = 8;

/** An empty state. */
export function createExplain(): ExplainState {
  return { x: 0, n: 0, listedCalls: 0, restCalls: 0, listed: [], rest: [] };
}

/** The rule of a metric, or undefined for a figure of the whole input. */
export function explainRule(metric: string): ExplainRule | undefined {
  return EXPLAIN_RULES.get(metric);
}

/** A collector of one partition's calls behind a figure (`fileIndex`: an input's place on the command line). */
export function explainCollector(
  spec: ExplainSpec,
  settings: KpiSettings,
  fileIndex: (file: string) => number,
): {
  state: ExplainState;
  add(call: CallFacts, timeline: Timeline, local: number, columns: EventColumns, closed: boolean): void;
} {
  const state = createExplain();
  const rule = explainRule(spec.metric);
  const part: Contribution = { x: 0, n: 0, values: [] };
  return {
    state,
    add(call, timeline, local, columns, closed) {
      if (rule === undefined) return;
      const selector = spec.selector;
      if (selector !== null && groupKey(call, selector.dimension, local) !== selector.key) return;
      part.x = 0;
      part.n = 0;
      part.values.length = 0;
      rule.of(call, settings, part, closed);
      const rank = fileIndex(timeline.first.file) * 2 ** 32 + timeline.first.line;
      if (rule.shape === "values") {
        if (part.values.length === 0) return;
        state.x += part.values.length;
        state.n += part.values.length;
        state.listedCalls += 1;
        const top = Math.max(...part.values);
        if (keeps(state.listed, spec.limit, byValue, top, rank))
          insert(state.listed, spec.limit, byValue, made(call, timeline, columns, rule, part, rank));
        return;
      }
      state.x += part.x;
      state.n += part.n;
      const list = part.x > 0 ? state.listed : part.n > 0 && rule.shape === "rate" ? state.rest : undefined;
      if (list === state.listed) state.listedCalls += 1;
      else if (list === state.rest) state.restCalls += 1;
      if (list !== undefined && keeps(list, spec.limit, byRank, 0, rank))
        insert(list, spec.limit, byRank, made(call, timeline, columns, rule, part, rank));
    },
  };
}

/** Adds `other` into `into`, keeping the same calls a single partition would have kept. */
export function mergeExplain(into: ExplainState, other: ExplainState, spec: ExplainSpec): void {
  into.x += other.x;
  into.n += other.n;
  into.listedCalls += other.listedCalls;
  into.restCalls += other.restCalls;
  const order = explainRule(spec.metric)?.shape === "values" ? byValue : byRank;
  for (const call of other.listed) insert(into.listed, spec.limit, order, call);
  for (const call of other.rest) insert(into.rest, spec.limit, byRank, call);
}

type Order = (a: ExplainedCall, b: ExplainedCall) => number;

const topOf = (call: ExplainedCall): number => Math.max(...(call.values ?? [0]));
// The input's first calls first; for a statistic the largest values first (ties: the input's first).
const byRank: Order = (a, b) => a.rank - b.rank;
const byValue: Order = (a, b) => topOf(b) - topOf(a) || a.rank - b.rank;

/** Whether a call of this rank (and top value) would enter a full list: checked before the call is made. */
function keeps(list: ExplainedCall[], limit: number, order: Order, top: number, rank: number): boolean {
  if (list.length < limit) return true;
  const last = list[list.length - 1] as ExplainedCall;
  const probe = { rank, values: [top] } as ExplainedCall;
  return order(probe, last) < 0;
}

function insert(list: ExplainedCall[], limit: number, order: Order, call: ExplainedCall): void {
  if (limit <= 0) return;
  let at = list.length;
  while (at > 0 && order(call, list[at - 1] as ExplainedCall) < 0) at -= 1;
  if (at >= limit) return;
  list.splice(at, 0, call);
  if (list.length > limit) list.pop();
}

function made(
  call: CallFacts,
  timeline: Timeline,
  c: EventColumns,
  rule: ExplainRule,
  part: Contribution,
  rank: number,
): ExplainedCall {
  const events: DecisiveEvent[] = [];
  for (let i = 0; i < c.length && events.length < EVENTS_PER_CALL; i += 1) {
    const event = c.event[i] as string;
    if (!rule.decisive.includes(event)) continue;
    const state = c.state[i];
    events.push({
      event,
      ...(state === undefined ? {} : { state }),
      at: c.ts[i] as number,
      line: c.line[i] as number,
    });
  }
  return {
    sessionId: timeline.sessionId,
    start: call.at,
    direction: call.direction,
    type: call.type,
    file: timeline.first.file,
    line: timeline.first.line,
    x: part.x,
    n: part.n,
    ...(rule.shape === "values" ? { values: [...part.values] } : {}),
    events,
    rank,
  };
}
