// Dialer compliance stage: per autodialer campaign and per local day, the contacts reached, dropped (no
// operator joined), late connects, short rings, calls outside the calling hours and attempts per contact.
// The state is plain data (Maps, arrays, histograms): worker partials merge after structured clone.
import type { Timeline } from "../call/timeline.js";
import type { EventColumns } from "../ingest/event-columns.js";
import { addDuration, createHistogram, type Histogram, mergeHistograms } from "./histogram.js";
import { localDay } from "./zone.js";

/** What --compliance computes (plain data: it travels to workers). */
export interface ComplianceOptions {
  /** Calling hours as minutes of the local day, [start, end) (--calling-hours 08:00-21:00). */
  fromMinute: number;
  toMinute: number;
  /** Estimated share 0..1 of contact answers that were machines, taken off the drop rate's base (--machine-share). */
  machineShare: number;
}

/** The regulators' thresholds (US FTC/FCC): an operator within 2 s of the answer, a ring of at least 15 s. */
export const LATE_CONNECT_S = 2;
export const SHORT_RING_S = 15;

/** Counters of one campaign or one day, in COUNTER order. */
export type Counters = number[];
/** dialled, reached, dropped, connected, late connects, short rings, outside calling hours. */
export const COUNTERS = [
  "dialled",
  "reached",
  "dropped",
  "connected",
  "lateConnects",
  "shortRings",
  "outsideHours",
];
const DIALLED = 0;
const REACHED = 1;
const DROPPED = 2;
const CONNECTED = 3;
const LATE = 4;
const SHORT = 5;
const OUTSIDE = 6;

/** One campaign's running figures. */
export interface CampaignState {
  counts: Counters;
  /** Contact answer to operator JOIN, seconds, of the connected calls. */
  wait: Histogram;
  /** data.contact_id -> 1 once one of its calls reached the contact, else 0 (grows with distinct contacts). */
  contacts: Map<string, number>;
  /** Calls with no contact_id (not in attempts per contact). */
  noContact: number;
  /** Local day (YYYY-MM-DD) -> its counters. */
  days: Map<string, Counters>;
}

/** Running compliance figures of one partition, by campaign id (null: calls with no campaign_id). */
export interface ComplianceState {
  campaigns: Map<string | null, CampaignState>;
}

/** An empty state. */
export function createCompliance(): ComplianceState {
  return { campaigns: new Map() };
}

/** Zeroed counters. */
export function zeroCounters(): Counters {
  return new Array<number>(COUNTERS.length).fill(0);
}

function createCampaign(): CampaignState {
  return {
    counts: zeroCounters(),
    wait: createHistogram(),
    contacts: new Map(),
    noContact: 0,
    days: new Map(),
  };
}

/** Whether a minute of the day is inside [from, to) (a range past midnight, 21:00-08:00, wraps). */
export function insideHours(minute: number, from: number, to: number): boolean {
  return from <= to ? minute >= from && minute < to : minute >= from || minute < to;
}

const MINUTE_MS = 60_000;
const DAY_MINUTES = 1440;

/**
 * Adds one complete autodialer call: `columns` are its events, `local` its START as local ms (zone.ts). The
 * contact is reached at its leg's first RINGRESULT ANSWER; an operator joined at the first SIP JOIN after it.
 */
export function addCompliance(
  state: ComplianceState,
  timeline: Timeline,
  c: EventColumns,
  local: number,
  options: ComplianceOptions,
): void {
  const key = timeline.campaignId ?? null;
  let campaign = state.campaigns.get(key);
  if (campaign === undefined) {
    campaign = createCampaign();
    state.campaigns.set(key, campaign);
  }
  const day = localDay(local);
  let daily = campaign.days.get(day);
  if (daily === undefined) {
    daily = zeroCounters();
    campaign.days.set(day, daily);
  }
  let answeredAt = Number.NaN;
  let shortRings = 0;
  for (const attempt of timeline.ringAttempts) {
    if (attempt.leg === "operator") continue;
    if (attempt.state === "ANSWER" && Number.isNaN(answeredAt)) answeredAt = attempt.resultAt ?? Number.NaN;
    const { ringAt, resultAt } = attempt;
    if (
      (attempt.state === "NOANSWER" || attempt.state === "CANCEL") &&
      ringAt !== undefined &&
      resultAt !== undefined &&
      resultAt - ringAt < SHORT_RING_S * 1000
    )
      shortRings += 1;
  }
  const reached = !Number.isNaN(answeredAt);
  let joinedAt = Number.NaN;
  if (reached)
    for (let i = 0; i < c.length; i += 1)
      if (c.event[i] === "JOIN" && c.subject_type[i] === "sip" && (c.ts[i] as number) >= answeredAt) {
        joinedAt = c.ts[i] as number;
        break;
      }
  const connected = !Number.isNaN(joinedAt);
  const waitS = (joinedAt - answeredAt) / 1000;
  const minute = Math.floor(local / MINUTE_MS) - Math.floor(local / (MINUTE_MS * DAY_MINUTES)) * DAY_MINUTES;
  const outside = !insideHours(minute, options.fromMinute, options.toMinute);
  for (const counts of [campaign.counts, daily]) {
    counts[DIALLED] = (counts[DIALLED] as number) + 1;
    if (reached) counts[REACHED] = (counts[REACHED] as number) + 1;
    if (reached && !connected) counts[DROPPED] = (counts[DROPPED] as number) + 1;
    if (connected) counts[CONNECTED] = (counts[CONNECTED] as number) + 1;
    if (connected && waitS > LATE_CONNECT_S) counts[LATE] = (counts[LATE] as number) + 1;
    counts[SHORT] = (counts[SHORT] as number) + shortRings;
    if (outside) counts[OUTSIDE] = (counts[OUTSIDE] as number) + 1;
  }
  if (connected) addDuration(campaign.wait, waitS);
  const contact = timeline.contactId;
  if (contact === undefined) campaign.noContact += 1;
  else if (reached) campaign.contacts.set(contact, 1);
  else if (!campaign.contacts.has(contact)) campaign.contacts.set(contact, 0);
}

/** Adds counters `other` into `into`. */
export function addCounters(into: Counters, other: Counters): void {
  for (let i = 0; i < into.length; i += 1) into[i] = (into[i] as number) + (other[i] as number);
}

/** Adds `other` into `into` (partials of disjoint partitions). */
export function mergeCompliance(into: ComplianceState, other: ComplianceState): void {
  for (const [key, theirs] of other.campaigns) {
    const mine = into.campaigns.get(key);
    if (mine === undefined) {
      into.campaigns.set(key, theirs);
      continue;
    }
    addCounters(mine.counts, theirs.counts);
    mergeHistograms(mine.wait, theirs.wait);
    mine.noContact += theirs.noContact;
    for (const [contact, reached] of theirs.contacts)
      mine.contacts.set(contact, Math.max(mine.contacts.get(contact) ?? 0, reached));
    for (const [day, counts] of theirs.days) {
      const ours = mine.days.get(day);
      if (ours === undefined) mine.days.set(day, counts);
      else addCounters(ours, counts);
    }
  }
}
