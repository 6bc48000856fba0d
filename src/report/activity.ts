// Activity stage: calls by START hour and by START day, split by outcome, and a weekday x hour grid of calls.
import type { CallFacts } from "../call/facts.js";
import type { KpiSettings } from "./kpis.js";
import { ratio } from "./metrics.js";
import { localDay, localHour, localWeekday } from "./zone.js";

/** Running outcome counts of one time slot (an hour of the day, or a date). */
export interface SlotCounts {
  calls: number;
  answered: number;
  /** Inbound, not answered, the caller (phone) hung up: the KPIs' abandoned calls. */
  abandoned: number;
  /** Inbound calls minus short abandons: the service level's denominator. */
  slOffered: number;
  /** Inbound calls answered within the service-level threshold. */
  slAnswered: number;
}

/** Running activity of one partition; states of disjoint calls merge by addition. */
export interface ActivityState {
  /** 24 slots, by local START hour. */
  byHour: SlotCounts[];
  /** By local START date (YYYY-MM-DD): grows with the days the dump spans, never with its calls. */
  byDay: Map<string, SlotCounts>;
  /** 7 x 24 call counts: weekday (0 Monday) * 24 + hour. */
  byWeekdayHour: number[];
}

/** An empty state. */
export function createActivity(): ActivityState {
  return {
    byHour: Array.from({ length: 24 }, emptySlot),
    byDay: new Map(),
    byWeekdayHour: new Array<number>(7 * 24).fill(0),
  };
}

/** Counts one call (a complete session) at its local START time (a ZoneClock's local ms). */
export function addActivity(
  state: ActivityState,
  call: CallFacts,
  local: number,
  settings: KpiSettings,
): void {
  const hour = localHour(local);
  addToSlot(state.byHour[hour] as SlotCounts, call, settings);
  const day = localDay(local);
  let slot = state.byDay.get(day);
  if (slot === undefined) {
    slot = emptySlot();
    state.byDay.set(day, slot);
  }
  addToSlot(slot, call, settings);
  const cell = localWeekday(local) * 24 + hour;
  state.byWeekdayHour[cell] = (state.byWeekdayHour[cell] ?? 0) + 1;
}

/** Adds `other` into `into`. */
export function mergeActivity(into: ActivityState, other: ActivityState): void {
  other.byHour.forEach((slot, hour) => {
    addSlots(into.byHour[hour] as SlotCounts, slot);
  });
  for (const [day, slot] of other.byDay) {
    const mine = into.byDay.get(day);
    if (mine === undefined) into.byDay.set(day, { ...slot });
    else addSlots(mine, slot);
  }
  other.byWeekdayHour.forEach((n, i) => {
    into.byWeekdayHour[i] = (into.byWeekdayHour[i] ?? 0) + n;
  });
}

/** One time slot as reported: calls = answered + notAnswered + abandoned; serviceLevel a fraction or null. */
export interface SlotSummary {
  calls: number;
  answered: number;
  notAnswered: number;
  abandoned: number;
  serviceLevel: number | null;
}

/** The report's activity section. */
export interface ActivitySummary {
  byHour: (SlotSummary & { hour: number })[];
  /** In date order. */
  byDay: (SlotSummary & { day: string })[];
  /** weekday (0 Monday .. 6 Sunday) -> 24 call counts by hour. */
  byWeekdayHour: number[][];
}

/** The report's activity section from a state. */
export function summarizeActivity(state: ActivityState): ActivitySummary {
  return {
    byHour: state.byHour.map((slot, hour) => ({ hour, ...summarizeSlot(slot) })),
    byDay: [...state.byDay]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([day, slot]) => ({ day, ...summarizeSlot(slot) })),
    byWeekdayHour: Array.from({ length: 7 }, (_, w) => state.byWeekdayHour.slice(w * 24, w * 24 + 24)),
  };
}

function emptySlot(): SlotCounts {
  return { calls: 0, answered: 0, abandoned: 0, slOffered: 0, slAnswered: 0 };
}

function addToSlot(slot: SlotCounts, call: CallFacts, settings: KpiSettings): void {
  slot.calls += 1;
  if (call.answered) slot.answered += 1;
  if (call.direction !== "inbound") return;
  // The same rules as the KPIs' inbound service (kpis.ts), so the slots add up to its figures.
  const short = call.durationS !== null && call.durationS < settings.shortAbandonSeconds;
  if (call.answered) {
    slot.slOffered += 1;
    if (call.answerS !== null && call.answerS <= settings.slThresholdSeconds) slot.slAnswered += 1;
  } else if (call.hangedBy === "phone") {
    slot.abandoned += 1;
    if (!short) slot.slOffered += 1;
  } else {
    slot.slOffered += 1;
  }
}

function addSlots(into: SlotCounts, other: SlotCounts): void {
  into.calls += other.calls;
  into.answered += other.answered;
  into.abandoned += other.abandoned;
  into.slOffered += other.slOffered;
  into.slAnswered += other.slAnswered;
}

function summarizeSlot(slot: SlotCounts): SlotSummary {
  return {
    calls: slot.calls,
    answered: slot.answered,
    notAnswered: slot.calls - slot.answered - slot.abandoned,
    abandoned: slot.abandoned,
    serviceLevel: ratio(slot.slAnswered, slot.slOffered),
  };
}
