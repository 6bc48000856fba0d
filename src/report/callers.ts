// The missed-caller worklist stage: missed inbound calls matched to the later calls that returned them, as
// finalised call timelines come in; a caller's row is handed on once it is settled.
import { callFacts } from "../call/facts.js";
import type { Timeline } from "../call/timeline.js";
import { calledNumbers, callerNumber } from "./callers-number.js";
import { addDuration, createHistogram, durationStats } from "./histogram.js";

/** What became of a missed caller. */
export type CallerStatus = "returned" | "called-again" | "attempted" | "open" | "window-not-over";

/** One missed caller: a number's missed inbound calls until one later call settles them. Times in epoch ms. */
export interface CallerRow {
  /** The caller's number, normalised (callers-number.ts). */
  number: string;
  /** START of the first missed call. */
  missedAt: number;
  /** START of the last missed call (the same as missedAt for one). */
  lastMissedAt: number;
  missedCalls: number;
  /** Seconds from START to COMPLETED of each missed call, summed. */
  waitedS: number;
  status: CallerStatus;
  /** START of the call that settled the row: returned, called again, or the first unanswered attempt. */
  resolvedAt: number | null;
  /** resolvedAt − COMPLETED of the first missed call, in seconds. */
  afterS: number | null;
  /** The operator of that call (export's `operator`, else its first SIP party). */
  by: string | null;
  /** Unanswered outbound calls that named the number, from the first missed call to the row's end. */
  attempts: number;
  /** The first missed call's session, and the settling call's. */
  sessionId: string;
  resolvedSessionId: string | null;
}

/** The figures over every row (whatever `--open` lists). */
export interface CallersSummary {
  missedCallers: number;
  missedCalls: number;
  /** Missed inbound calls whose events name no phone number: counted here, in no row. */
  missedWithoutNumber: number;
  returned: number;
  returnedWithin1h: number;
  /** Median of afterS over the returned rows (nearest rank, 0.1 s), null when none. */
  medianReturnS: number | null;
  calledAgain: number;
  attempted: number;
  open: number;
  windowNotOver: number;
}

/** The stage's settings, in seconds. */
export interface CallersOptions {
  /** How long after a missed call's end a call still counts as its return (--return-window). */
  windowS: number;
  /** The longest call: a row is settled as open once calls this much past its window have ended. */
  maxCallS: number;
}

/** Takes every finalised call timeline in turn, then finish() settles the rest and gives the summary. */
export interface CallerMatcher {
  add(timeline: Timeline): void;
  finish(): CallersSummary;
}

interface Episode {
  row: CallerRow;
  firstEnd: number;
  lastEnd: number;
  /** The missed calls' waits in whole ms: the sum is exact, however many there are. */
  waitedMs: number;
  settled: boolean;
}

const HOUR_S = 3600;

/**
 * The matcher: rows go to `onRow` in the order their first missed call was finalised, each once it is
 * settled. Memory holds the callers whose window (plus maxCallS) the calls seen so far have not passed.
 */
export function callerMatcher(options: CallersOptions, onRow: (row: CallerRow) => void): CallerMatcher {
  const windowMs = options.windowS * 1000;
  const graceMs = options.maxCallS * 1000;
  const pending = new Map<string, Episode>();
  let queue: Episode[] = [];
  let head = 0;
  let lastEnded = Number.NEGATIVE_INFINITY;
  let dumpEnd = Number.NEGATIVE_INFINITY;
  const summary: CallersSummary = {
    missedCallers: 0,
    missedCalls: 0,
    missedWithoutNumber: 0,
    returned: 0,
    returnedWithin1h: 0,
    medianReturnS: null,
    calledAgain: 0,
    attempted: 0,
    open: 0,
    windowNotOver: 0,
  };
  const returns = createHistogram();

  const settle = (episode: Episode, status: CallerStatus): void => {
    episode.settled = true;
    episode.row.status = status;
    if (pending.get(episode.row.number) === episode) pending.delete(episode.row.number);
  };
  const windowOver = (episode: Episode): void =>
    settle(episode, episode.row.attempts > 0 ? "attempted" : "open");
  const emit = (episode: Episode): void => {
    const row = episode.row;
    summary.missedCallers += 1;
    summary.missedCalls += row.missedCalls;
    if (row.status === "returned") {
      summary.returned += 1;
      const after = row.afterS as number;
      if (after <= HOUR_S) summary.returnedWithin1h += 1;
      addDuration(returns, after);
    } else if (row.status === "called-again") summary.calledAgain += 1;
    else if (row.status === "attempted") summary.attempted += 1;
    else if (row.status === "open") summary.open += 1;
    else summary.windowNotOver += 1;
    onRow(row);
  };
  const flush = (): void => {
    while (head < queue.length) {
      const episode = queue[head] as Episode;
      if (!episode.settled && lastEnded > episode.lastEnd + windowMs + graceMs) windowOver(episode);
      if (!episode.settled) break;
      emit(episode);
      head += 1;
    }
    if (head > 1024 && head * 2 > queue.length) {
      queue = queue.slice(head);
      head = 0;
    }
  };

  const missed = (timeline: Timeline, number: string, at: number, end: number): void => {
    const waited = end - at;
    const open = pending.get(number);
    if (open !== undefined && at <= open.lastEnd + windowMs) {
      open.row.missedCalls += 1;
      open.waitedMs += waited;
      open.row.waitedS = open.waitedMs / 1000;
      open.row.lastMissedAt = at;
      open.lastEnd = Math.max(open.lastEnd, end);
      return;
    }
    if (open !== undefined) windowOver(open);
    const episode: Episode = {
      row: {
        number,
        missedAt: at,
        lastMissedAt: at,
        missedCalls: 1,
        waitedS: waited / 1000,
        status: "open",
        resolvedAt: null,
        afterS: null,
        by: null,
        attempts: 0,
        sessionId: timeline.sessionId,
        resolvedSessionId: null,
      },
      firstEnd: end,
      lastEnd: end,
      waitedMs: waited,
      settled: false,
    };
    pending.set(number, episode);
    queue.push(episode);
  };

  /** A later call to or from the number: answered (returned, called again) or an unanswered attempt. */
  const later = (timeline: Timeline, number: string, at: number, kind: CallerStatus): void => {
    const episode = pending.get(number);
    if (episode === undefined || at < episode.firstEnd || at > episode.lastEnd + windowMs) return;
    const row = episode.row;
    if (kind === "attempted") {
      row.attempts += 1;
      if (row.resolvedAt !== null) return;
    } else if (at < episode.lastEnd) return;
    row.resolvedAt = at;
    row.afterS = (at - episode.firstEnd) / 1000;
    row.by = operatorOf(timeline);
    row.resolvedSessionId = timeline.sessionId;
    if (kind !== "attempted") settle(episode, kind);
  };

  return {
    add(timeline) {
      const last = timeline.events[timeline.events.length - 1];
      if (last !== undefined && last.ts > dumpEnd) dumpEnd = last.ts;
      const { outcome, startedAt } = timeline;
      if (outcome === undefined || startedAt === undefined) return;
      if (outcome.at > lastEnded) lastEnded = outcome.at;
      if (timeline.direction === "inbound" && (!outcome.isAnswered || pending.size > 0)) {
        const number = callerNumber(timeline);
        if (number === null) {
          if (!outcome.isAnswered) summary.missedWithoutNumber += 1;
        } else if (!outcome.isAnswered) missed(timeline, number, startedAt, outcome.at);
        else later(timeline, number, startedAt, "called-again");
      } else if (timeline.direction === "outbound" && pending.size > 0) {
        const kind = outcome.isAnswered ? "returned" : "attempted";
        for (const number of calledNumbers(timeline)) later(timeline, number, startedAt, kind);
      }
      flush();
    },
    finish() {
      for (let i = head; i < queue.length; i += 1) {
        const episode = queue[i] as Episode;
        if (episode.settled) continue;
        if (episode.lastEnd + windowMs > dumpEnd && episode.row.attempts === 0)
          settle(episode, "window-not-over");
        else windowOver(episode);
      }
      flush();
      summary.medianReturnS = durationStats(returns).median;
      return summary;
    },
  };
}

/** export's `operator` (the first SIP party to JOIN), else the first SIP party named at all. */
function operatorOf(timeline: Timeline): string | null {
  const joined = callFacts(timeline).operator;
  if (joined !== null) return joined;
  for (const item of timeline.events) {
    const e = item.event;
    if (e.subject_type === "sip" && e.subject !== undefined) return e.subject_user ?? e.subject;
  }
  return null;
}
