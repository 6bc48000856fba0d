// The compliance section of the report: per campaign (and over all), per local day, and over 30 days when the
// dump spans them, from the merged compliance state.
import {
  addCounters,
  COUNTERS,
  type CampaignState,
  type ComplianceOptions,
  type ComplianceState,
  type Counters,
  LATE_CONNECT_S,
  SHORT_RING_S,
  zeroCounters,
} from "./compliance.js";
import { createHistogram, type DurationStats, durationStats, mergeHistograms } from "./histogram.js";

/** The counts of a campaign, a day or a 30-day window, with the drop rate. */
export interface ComplianceCounts {
  dialled: number;
  /** Calls whose contact answered. */
  reached: number;
  /** Reached, and no operator joined. */
  dropped: number;
  /** Reached, and an operator joined. */
  connected: number;
  /** Connected more than 2 s after the contact answered. */
  lateConnects: number;
  /** Contact-leg rings ended NOANSWER or CANCEL in under 15 s. */
  shortRings: number;
  /** Calls that started outside the calling hours. */
  outsideHours: number;
  /** The drop rate's base: reached less the estimated machine answers (reached x (1 - machineShare)). */
  dropBase: number;
  /** dropped / dropBase; null when nothing was reached. */
  dropRate: number | null;
  /** lateConnects / connected; null when none connected. */
  lateConnectShare: number | null;
}

/** A campaign's (or all campaigns') figures. */
export interface ComplianceFigures extends ComplianceCounts {
  /** Contact answer to operator JOIN of the connected calls, seconds. */
  connectWait: DurationStats;
  /** Distinct data.contact_id values, those reached at least once, and calls without one. */
  contacts: number;
  contactsReached: number;
  callsWithoutContact: number;
  /** Calls with a contact_id / contacts; null with no contact. */
  attemptsPerContact: number | null;
  /** contactsReached / contacts; null with no contact. */
  contactRate: number | null;
}

/** One local day of a campaign. */
export interface ComplianceDay extends ComplianceCounts {
  day: string;
}

/** 30 consecutive local days (the last day included). */
export interface ComplianceWindow extends ComplianceCounts {
  from: string;
  to: string;
}

/** One campaign: its key (null: calls without campaign_id), figures, days, and its 30-day figures. */
export interface ComplianceCampaign extends ComplianceFigures {
  key: string | null;
  days: ComplianceDay[];
  /** When the dump spans 30 days: the last 30 days, and the 30-day window with the highest drop rate. */
  rolling30: { last: ComplianceWindow; worst: ComplianceWindow } | null;
}

/** The report's `compliance` key. */
export interface ComplianceSummary {
  timeZone: string;
  callingHours: string;
  machineShare: number;
  lateConnectSeconds: number;
  shortRingSeconds: number;
  /** Local days from the first to the last autodialer call (of any campaign). */
  spanDays: number;
  total: ComplianceFigures;
  campaigns: ComplianceCampaign[];
}

const DAY_MS = 86_400_000;

/** The section from a merged state. */
export function summarizeCompliance(
  state: ComplianceState,
  options: ComplianceOptions,
  timeZone: string,
): ComplianceSummary {
  const entries = [...state.campaigns].sort(([a, x], [b, y]) =>
    a === null
      ? 1
      : b === null
        ? -1
        : (y.counts[0] ?? 0) - (x.counts[0] ?? 0) || (a < b ? -1 : a > b ? 1 : 0),
  );
  const allDays = entries.flatMap(([, c]) => [...c.days.keys()]).sort();
  const first = allDays[0];
  const last = allDays[allDays.length - 1];
  const spanDays = first === undefined || last === undefined ? 0 : dayNumber(last) - dayNumber(first) + 1;
  const total: CampaignState = {
    counts: zeroCounters(),
    wait: createHistogram(),
    contacts: new Map(),
    noContact: 0,
    days: new Map(),
  };
  // The total's contacts are counted per campaign (a contact id belongs to its campaign's list).
  let contacts = 0;
  let contactsReached = 0;
  for (const [, c] of entries) {
    addCounters(total.counts, c.counts);
    mergeHistograms(total.wait, c.wait);
    total.noContact += c.noContact;
    contacts += c.contacts.size;
    contactsReached += reachedContacts(c);
  }
  const share = options.machineShare;
  return {
    timeZone,
    callingHours: `${clock(options.fromMinute)}-${clock(options.toMinute)}`,
    machineShare: share,
    lateConnectSeconds: LATE_CONNECT_S,
    shortRingSeconds: SHORT_RING_S,
    spanDays,
    total: figures(total, share, contacts, contactsReached),
    campaigns: entries.map(([key, c]) => ({
      key,
      ...figures(c, share, c.contacts.size, reachedContacts(c)),
      days: [...c.days]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([day, counts]) => ({ day, ...counted(counts, share) })),
      rolling30:
        spanDays >= 30 && first !== undefined && last !== undefined
          ? rolling(c, dayNumber(first), dayNumber(last), share)
          : null,
    })),
  };
}

function figures(c: CampaignState, share: number, contacts: number, reached: number): ComplianceFigures {
  const withContact = (c.counts[0] ?? 0) - c.noContact;
  return {
    ...counted(c.counts, share),
    connectWait: durationStats(c.wait),
    contacts,
    contactsReached: reached,
    callsWithoutContact: c.noContact,
    attemptsPerContact: contacts === 0 ? null : withContact / contacts,
    contactRate: contacts === 0 ? null : reached / contacts,
  };
}

function counted(counts: Counters, share: number): ComplianceCounts {
  const named = Object.fromEntries(COUNTERS.map((name, i) => [name, counts[i] ?? 0])) as Record<
    string,
    number
  >;
  const { dialled = 0, reached = 0, dropped = 0, connected = 0, lateConnects = 0 } = named;
  const dropBase = reached * (1 - share);
  return {
    dialled,
    reached,
    dropped,
    connected,
    lateConnects,
    shortRings: named.shortRings ?? 0,
    outsideHours: named.outsideHours ?? 0,
    dropBase,
    dropRate: dropBase > 0 ? dropped / dropBase : null,
    lateConnectShare: connected > 0 ? lateConnects / connected : null,
  };
}

/**
 * The last 30 days up to `lastDay`, and of the 30-day windows inside the dump's days (`firstDay` on) that end
 * on a day of the campaign, the one with the highest drop rate (the last one on a tie).
 */
function rolling(
  c: CampaignState,
  firstDay: number,
  lastDay: number,
  share: number,
): { last: ComplianceWindow; worst: ComplianceWindow } {
  const byNumber = new Map([...c.days].map(([day, counts]) => [dayNumber(day), counts]));
  const window = (end: number): ComplianceWindow => {
    const sum = zeroCounters();
    for (let d = end - 29; d <= end; d += 1) {
      const counts = byNumber.get(d);
      if (counts !== undefined) addCounters(sum, counts);
    }
    return { from: dayName(end - 29), to: dayName(end), ...counted(sum, share) };
  };
  const lastWindow = window(lastDay);
  let worst = lastWindow;
  for (const end of [...byNumber.keys()].sort((a, b) => a - b)) {
    if (end - 29 < firstDay) continue;
    const candidate = window(end);
    if ((candidate.dropRate ?? -1) > (worst.dropRate ?? -1)) worst = candidate;
  }
  return { last: lastWindow, worst };
}

function reachedContacts(c: CampaignState): number {
  let n = 0;
  for (const reached of c.contacts.values()) n += reached;
  return n;
}

function dayNumber(day: string): number {
  return Math.floor(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
}

function dayName(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

function clock(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
}
