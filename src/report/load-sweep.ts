// Load sweep: the merged per-second deltas of calls and phone legs read in time order into local clock hours.
import { BLOCK_SECONDS, type DeltaBlocks } from "./load-deltas.js";
import type { ZoneClock } from "./zone.js";

const HOUR_MS = 3_600_000;
/** Hours without a start or an end but with something in progress that are swept second by second, at most. */
export const GAP_HOURS_SWEPT = 24 * 31;

/** One local clock hour in which a call or a phone leg was in progress. */
export interface HourSlot {
  /** Local ms of the hour's start / 3 600 000 (a ZoneClock's local time). */
  key: number;
  /** Call-seconds and phone-leg-seconds in the hour. */
  callSeconds: number;
  legSeconds: number;
  /** Most calls (phone legs) in progress in one second of the hour, and the local ms of the first such second. */
  peak: number;
  peakLocal: number;
  legPeak: number;
  legPeakLocal: number;
  /** The first UTC second of the hour with something in progress. */
  firstUtc: number;
}

/** The sweep's result: local hours in order, and what was in progress in hours too far to list. */
export interface SweepResult {
  hours: HourSlot[];
  /** Hours with a call or leg in progress but no start or end, beyond GAP_HOURS_SWEPT: counted, not listed. */
  hoursNotListed: number;
  /** Most calls and legs in progress during those hours (constant there), and the UTC ms it began. */
  unlisted: { peak: number; legPeak: number; atMs: number };
}

/** Sweeps both delta sets together, second by second, mapping each second with something in progress to its local hour. */
export function sweepLoad(calls: DeltaBlocks, legs: DeltaBlocks, clock: ZoneClock): SweepResult {
  const keys = [...new Set([...calls.keys(), ...legs.keys()])].sort((a, b) => a - b);
  const slots = new Map<number, HourSlot>();
  const result: SweepResult = { hours: [], hoursNotListed: 0, unlisted: { peak: 0, legPeak: 0, atMs: 0 } };
  const counts = { calls: 0, legs: 0 };
  let budget = GAP_HOURS_SWEPT;
  let previous: number | undefined;
  for (const hour of keys) {
    if (previous !== undefined && hour - previous > 1 && (counts.calls !== 0 || counts.legs !== 0)) {
      const gap = hour - previous - 1;
      const swept = Math.min(gap, budget);
      for (let h = previous + 1; h <= previous + swept; h += 1) sweepHour(h, undefined, undefined);
      budget -= swept;
      if (gap > swept) {
        result.hoursNotListed += gap - swept;
        const u = result.unlisted;
        const atMs = (previous + 1 + swept) * HOUR_MS;
        if (counts.calls > u.peak || counts.legs > u.legPeak) u.atMs = atMs;
        u.peak = Math.max(u.peak, counts.calls);
        u.legPeak = Math.max(u.legPeak, counts.legs);
      }
    }
    sweepHour(hour, calls.get(hour), legs.get(hour));
    previous = hour;
  }
  result.hours = [...slots.values()].sort((a, b) => a.key - b.key);
  return result;

  function sweepHour(hour: number, callDeltas?: Int32Array, legDeltas?: Int32Array): void {
    let slot: HourSlot | undefined;
    for (let s = 0; s < BLOCK_SECONDS; s += 1) {
      if (callDeltas !== undefined) counts.calls += callDeltas[s] as number;
      if (legDeltas !== undefined) counts.legs += legDeltas[s] as number;
      const c = counts.calls;
      const l = counts.legs;
      if (c === 0 && l === 0) continue;
      const utc = hour * BLOCK_SECONDS + s;
      const local = clock(utc * 1000);
      const key = Math.floor(local / HOUR_MS);
      if (slot === undefined || slot.key !== key) slot = slotOf(key, utc);
      slot.callSeconds += c;
      slot.legSeconds += l;
      if (c > slot.peak) {
        slot.peak = c;
        slot.peakLocal = local;
      }
      if (l > slot.legPeak) {
        slot.legPeak = l;
        slot.legPeakLocal = local;
      }
    }
  }

  function slotOf(key: number, utc: number): HourSlot {
    let slot = slots.get(key);
    if (slot === undefined) {
      slot = {
        key,
        callSeconds: 0,
        legSeconds: 0,
        peak: 0,
        peakLocal: 0,
        legPeak: 0,
        legPeakLocal: 0,
        firstUtc: utc,
      };
      slots.set(key, slot);
    }
    return slot;
  }
}
