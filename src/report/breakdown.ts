// Breakdown stage: calls grouped by one dimension (direction, operator, hour, ...), the KPIs of each group.
import type { CallFacts } from "../call/facts.js";
import {
  addCallKpis,
  createKpis,
  type KpiSettings,
  type KpiState,
  type KpiSummary,
  mergeKpis,
  summarizeKpis,
} from "./kpis.js";
import { localDay, localHour, localWeekday, WEEKDAYS } from "./zone.js";

/** The dimensions `--by` accepts. */
export const DIMENSIONS = [
  "direction",
  "type",
  "subtype",
  "accountcode",
  "phase",
  "operator",
  "campaign",
  "hour",
  "day",
  "weekday",
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** At most this many groups are kept per breakdown; calls of further keys go to one "other" group. */
export const MAX_GROUPS = 10_000;

/** The groups of one breakdown; a key is null when the call has no value (no operator, campaign, ...). */
export interface BreakdownState {
  by: Dimension;
  groups: Map<string | null, KpiState>;
  other: KpiState | null;
  /** Operator breakdown: missed RINGs to a SIP party that cannot be named (see callfacts.ts). */
  unattributedMissedRings: number;
}

/** An empty breakdown by `by`. */
export function createBreakdown(by: Dimension): BreakdownState {
  return { by, groups: new Map(), other: null, unattributedMissedRings: 0 };
}

/** "00" .. "23": an hour's key, made once. */
const HOUR_KEYS = Array.from({ length: 24 }, (_, hour) => String(hour).padStart(2, "0"));

/** The key of a call in one dimension; `local` is START's local ms in the report's time zone (zone.ts). */
export function groupKey(call: CallFacts, by: Dimension, local: number): string | null {
  switch (by) {
    case "direction":
      return call.direction;
    case "type":
      return call.type;
    case "subtype":
      return call.subtype;
    case "accountcode":
      return call.accountcode;
    case "phase":
      return call.phase;
    case "operator":
      return call.operator;
    case "campaign":
      return call.campaignId;
    case "hour":
      return HOUR_KEYS[localHour(local)] as string;
    case "day":
      return localDay(local);
    case "weekday":
      return WEEKDAYS[localWeekday(local)] as string;
  }
}

/** Adds one call to its group (and, by operator, its missed rings and hang-up to those operators' groups). */
export function addToBreakdown(
  state: BreakdownState,
  call: CallFacts,
  local: number,
  settings: KpiSettings,
): void {
  addCallKpis(groupOf(state, groupKey(call, state.by, local)), call, settings);
  if (state.by !== "operator") return;
  for (const operator of call.missedOperatorRings) {
    if (operator === null) state.unattributedMissedRings += 1;
    else groupOf(state, operator).missedRings += 1;
  }
  if (call.hangupOperator !== null) groupOf(state, call.hangupOperator).hangups += 1;
}

/** Adds `other` into `into`; beyond MAX_GROUPS the groups with the fewest calls go to "other". */
export function mergeBreakdowns(into: BreakdownState, other: BreakdownState): void {
  for (const [key, kpis] of other.groups) {
    const mine = into.groups.get(key);
    if (mine === undefined) into.groups.set(key, kpis);
    else mergeKpis(mine, kpis);
  }
  if (other.other !== null) mergeKpis(otherGroup(into), other.other);
  into.unattributedMissedRings += other.unattributedMissedRings;
  if (into.groups.size <= MAX_GROUPS) return;
  const ranked = [...into.groups].sort((a, b) => b[1].calls - a[1].calls || compareKeys(a[0], b[0]));
  for (const [key, kpis] of ranked.slice(MAX_GROUPS)) {
    mergeKpis(otherGroup(into), kpis);
    into.groups.delete(key);
  }
}

/** One group of a breakdown: its key and its KPIs (plus missed rings and hang-ups by operator). */
export type GroupSummary = { key: string | null } & KpiSummary & { missedRings?: number; hangups?: number };

/** A breakdown as reported: its groups in order, and the calls of groups beyond MAX_GROUPS. */
export interface BreakdownSummary {
  by: Dimension;
  groups: GroupSummary[];
  other: GroupSummary | null;
  unattributedMissedRings?: number;
}

/** The report's form of a breakdown: times in time order, other groups by calls (most first), no key last. */
export function summarizeBreakdown(state: BreakdownState): BreakdownSummary {
  // Hours ("08") and days ("2026-03-04") sort as text, a day of the year 10000 ("+010000-01-01", see
  // localDay) after all others; weekdays by their ISO number; time keys are never null.
  const byTime =
    state.by === "weekday"
      ? (a: string, b: string) => weekdayIndex(a) - weekdayIndex(b)
      : state.by === "hour"
        ? compareKeys
        : state.by === "day"
          ? (a: string, b: string) =>
              Number(a.startsWith("+")) - Number(b.startsWith("+")) || compareKeys(a, b)
          : undefined;
  const entries = [...state.groups].sort(([a, x], [b, y]) => {
    if (a === null || b === null) return compareKeys(a, b);
    return byTime !== undefined ? byTime(a, b) : y.calls - x.calls || compareKeys(a, b);
  });
  const operator = state.by === "operator";
  const group = (key: string | null, kpis: KpiState): GroupSummary => ({
    key,
    ...summarizeKpis(kpis),
    ...(operator ? { missedRings: kpis.missedRings, hangups: kpis.hangups } : {}),
  });
  return {
    by: state.by,
    groups: entries.map(([key, kpis]) => group(key, kpis)),
    other: state.other === null ? null : group(null, state.other),
    ...(operator ? { unattributedMissedRings: state.unattributedMissedRings } : {}),
  };
}

function groupOf(state: BreakdownState, key: string | null): KpiState {
  let kpis = state.groups.get(key);
  if (kpis === undefined) {
    if (state.groups.size >= MAX_GROUPS) return otherGroup(state);
    kpis = createKpis();
    state.groups.set(key, kpis);
  }
  return kpis;
}

function otherGroup(state: BreakdownState): KpiState {
  if (state.other === null) state.other = createKpis();
  return state.other;
}

/** Keys in code-unit order, null (no value) last. */
function compareKeys(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

function weekdayIndex(key: string): number {
  return (WEEKDAYS as readonly string[]).indexOf(key);
}
