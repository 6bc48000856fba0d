// Load stage: calls in progress (START to COMPLETED) and phone legs in progress, as per-second deltas that merge
// by addition, swept at the end into peak concurrency per local hour and day, the busy hour and Erlangs.
import type { EventColumns } from "../ingest/event-columns.js";
import { addInterval, type DeltaBlocks, mergeDeltas } from "./load-deltas.js";
import { addPhoneLegs } from "./load-legs.js";
import { type HourSlot, sweepLoad } from "./load-sweep.js";
import { createZoneClock, localDay, localHour, type ZoneClock } from "./zone.js";

const HOUR_MS = 3_600_000;

/** Running load of one partition: deltas of calls and of phone legs in progress. */
export interface LoadState {
  calls: DeltaBlocks;
  legs: DeltaBlocks;
}

/** An empty state. */
export function createLoad(): LoadState {
  return { calls: new Map(), legs: new Map() };
}

/** Adds one complete call, START at `startMs` and COMPLETED at `endMs`, with its events as `columns`. */
export function addLoad(state: LoadState, startMs: number, endMs: number, columns: EventColumns): void {
  addInterval(state.calls, startMs, endMs);
  addPhoneLegs(state.legs, columns, endMs);
}

/** Adds `other` into `into`. */
export function mergeLoad(into: LoadState, other: LoadState): void {
  mergeDeltas(into.calls, other.calls);
  mergeDeltas(into.legs, other.legs);
}

/** One local clock hour with a call or phone leg in progress. */
export interface LoadHour {
  day: string;
  hour: number;
  peakConcurrent: number;
  /** Local minute (YYYY-MM-DDTHH:MM) of the first second with peakConcurrent calls in progress; null with none. */
  peakMinute: string | null;
  peakPhoneLegs: number;
  peakPhoneLegsMinute: string | null;
  /** Seconds of all calls in progress within the hour. */
  callSeconds: number;
  /** callSeconds / the hour's length (3600 s; 7200 s for the hour a DST change shows twice). */
  erlangs: number;
}

/** One local day with a call or phone leg in progress. */
export interface LoadDay {
  day: string;
  peakConcurrent: number;
  peakMinute: string | null;
  peakPhoneLegs: number;
  peakPhoneLegsMinute: string | null;
  callSeconds: number;
}

/** The report's `load` section. */
export interface LoadSummary {
  /** Calls and legs are counted in each whole second they touch: one that ends at t is not in progress at t. */
  resolutionSeconds: number;
  peakConcurrent: number;
  peakMinute: string | null;
  peakPhoneLegs: number;
  peakPhoneLegsMinute: string | null;
  callSeconds: number;
  /** The clock hour with the most call-seconds (the first of equals); null without calls. */
  busyHour: { day: string; hour: number; callSeconds: number; erlangs: number } | null;
  byHour: LoadHour[];
  byDay: LoadDay[];
  /** Hours with a call in progress but far from any start or end (a wild clock): in the peaks, not listed. */
  hoursNotListed: number;
}

/** The report's load section from a merged state, in the zone's local hours and days. */
export function summarizeLoad(state: LoadState, timeZone: string): LoadSummary {
  const clock = createZoneClock(timeZone);
  const sweep = sweepLoad(state.calls, state.legs, clock);
  const byHour = sweep.hours.map((slot) => toHour(slot, clock));
  const byDay: LoadDay[] = [];
  for (const [i, hour] of byHour.entries()) {
    const slot = sweep.hours[i] as HourSlot;
    let day = byDay.at(-1);
    if (day?.day !== hour.day) {
      day = {
        day: hour.day,
        peakConcurrent: 0,
        peakMinute: null,
        peakPhoneLegs: 0,
        peakPhoneLegsMinute: null,
        callSeconds: 0,
      };
      byDay.push(day);
    }
    raise(day, slot);
    day.callSeconds += slot.callSeconds;
  }
  const overall: LoadDay = {
    day: "",
    peakConcurrent: 0,
    peakMinute: null,
    peakPhoneLegs: 0,
    peakPhoneLegsMinute: null,
    callSeconds: 0,
  };
  for (const day of byDay) {
    if (day.peakConcurrent > overall.peakConcurrent) {
      overall.peakConcurrent = day.peakConcurrent;
      overall.peakMinute = day.peakMinute;
    }
    if (day.peakPhoneLegs > overall.peakPhoneLegs) {
      overall.peakPhoneLegs = day.peakPhoneLegs;
      overall.peakPhoneLegsMinute = day.peakPhoneLegsMinute;
    }
    overall.callSeconds += day.callSeconds;
  }
  const u = sweep.unlisted;
  if (u.peak > overall.peakConcurrent) {
    overall.peakConcurrent = u.peak;
    overall.peakMinute = minuteOf(clock(u.atMs));
  }
  if (u.legPeak > overall.peakPhoneLegs) {
    overall.peakPhoneLegs = u.legPeak;
    overall.peakPhoneLegsMinute = minuteOf(clock(u.atMs));
  }
  let busy: LoadHour | undefined;
  for (const hour of byHour) if (hour.callSeconds > (busy?.callSeconds ?? 0)) busy = hour;
  return {
    resolutionSeconds: 1,
    peakConcurrent: overall.peakConcurrent,
    peakMinute: overall.peakMinute,
    peakPhoneLegs: overall.peakPhoneLegs,
    peakPhoneLegsMinute: overall.peakPhoneLegsMinute,
    callSeconds: overall.callSeconds,
    busyHour:
      busy === undefined
        ? null
        : { day: busy.day, hour: busy.hour, callSeconds: busy.callSeconds, erlangs: busy.erlangs },
    byHour,
    byDay,
    hoursNotListed: sweep.hoursNotListed,
  };
}

function toHour(slot: HourSlot, clock: ZoneClock): LoadHour {
  const local = slot.key * HOUR_MS;
  // A clock hour shown twice (the autumn DST change): an hour before or after one of its instants is in it too.
  const at = slot.firstUtc * 1000;
  const twice = [at - HOUR_MS, at + HOUR_MS].some((ms) => Math.floor(clock(ms) / HOUR_MS) === slot.key);
  const length = twice ? 7200 : 3600;
  const hour: LoadHour = {
    day: localDay(local),
    hour: localHour(local),
    peakConcurrent: 0,
    peakMinute: null,
    peakPhoneLegs: 0,
    peakPhoneLegsMinute: null,
    callSeconds: slot.callSeconds,
    erlangs: slot.callSeconds / length,
  };
  raise(hour, slot);
  return hour;
}

/** Raises the peaks of `into` to the slot's (the earlier stays on equals). */
function raise(into: LoadDay | LoadHour, slot: HourSlot): void {
  if (slot.peak > into.peakConcurrent) {
    into.peakConcurrent = slot.peak;
    into.peakMinute = minuteOf(slot.peakLocal);
  }
  if (slot.legPeak > into.peakPhoneLegs) {
    into.peakPhoneLegs = slot.legPeak;
    into.peakPhoneLegsMinute = minuteOf(slot.legPeakLocal);
  }
}

/** YYYY-MM-DDTHH:MM of a local ms. */
function minuteOf(local: number): string {
  const iso = new Date(Math.floor(local / 60_000) * 60_000).toISOString();
  return iso.slice(0, iso.indexOf("T") + 6);
}
