// The dialer figures' part of the call statistics (repeat callers, dialer compliance, the callback funnel):
// each state present only when its option asks for it, so the report is unchanged without them.
import type { CallFacts } from "../call/facts.js";
import type { Timeline } from "../call/timeline.js";
import type { EventColumns } from "../ingest/event-columns.js";
import {
  addCallback,
  type CallbacksState,
  type CallbacksSummary,
  createCallbacks,
  mergeCallbacks,
  summarizeCallbacks,
} from "./callbacks.js";
import {
  addCompliance,
  type ComplianceOptions,
  type ComplianceState,
  createCompliance,
  mergeCompliance,
} from "./compliance.js";
import { type ComplianceSummary, summarizeCompliance } from "./compliance-summary.js";
import {
  addRepeat,
  createRepeat,
  mergeRepeat,
  type RepeatState,
  type RepeatSummary,
  summarizeRepeat,
} from "./repeat.js";

/** The options that ask for the dialer figures (plain data: they travel to workers). */
export interface DialerOptions {
  /** Repeat callers within this many seconds (--repeat-callers, --repeat-window); absent: not computed. */
  repeatWindowS?: number;
  /** Dialer compliance of autodialer calls (--compliance); absent: not computed. */
  compliance?: ComplianceOptions;
  /** The callback funnel (--callbacks). */
  callbacks?: boolean;
}

/** The running dialer states of one partition. */
export interface DialerState {
  repeat?: RepeatState;
  compliance?: ComplianceState;
  callbacks?: CallbacksState;
}

/** The report keys of the dialer figures, each only when asked for. */
export interface DialerSummary {
  /** With --repeat-callers: repeat callers, a first-call-resolution proxy. */
  repeatCallers?: RepeatSummary;
  /** With --compliance: dialer compliance of autodialer calls (no campaigns when the dump has none). */
  compliance?: ComplianceSummary;
  /** With --callbacks: the callback funnel (of no calls when the dump has none). */
  callbacks?: CallbacksSummary;
}

/** Empty states of the figures asked for. */
export function createDialer(options: DialerOptions): DialerState {
  return {
    ...(options.repeatWindowS === undefined ? {} : { repeat: createRepeat() }),
    ...(options.compliance === undefined ? {} : { compliance: createCompliance() }),
    ...(options.callbacks === true ? { callbacks: createCallbacks() } : {}),
  };
}

/** Adds one complete call that passed the filters; `local` is its START as local ms. */
export function addDialer(
  state: DialerState,
  options: DialerOptions,
  timeline: Timeline,
  events: EventColumns,
  call: CallFacts,
  local: number,
): void {
  if (state.repeat !== undefined) addRepeat(state.repeat, timeline, (options.repeatWindowS ?? 0) * 1000);
  if (state.compliance !== undefined && call.type === "autodialer")
    addCompliance(state.compliance, timeline, events, local, options.compliance as ComplianceOptions);
  if (state.callbacks !== undefined && call.type === "callback")
    addCallback(state.callbacks, timeline, events);
}

/** Adds `other` into `into` (partials of disjoint partitions, same options). */
export function mergeDialer(into: DialerState, other: DialerState, options: DialerOptions): void {
  if (into.repeat !== undefined && other.repeat !== undefined)
    mergeRepeat(into.repeat, other.repeat, (options.repeatWindowS ?? 0) * 1000);
  if (into.compliance !== undefined && other.compliance !== undefined)
    mergeCompliance(into.compliance, other.compliance);
  if (into.callbacks !== undefined && other.callbacks !== undefined)
    mergeCallbacks(into.callbacks, other.callbacks);
}

/** The report keys from a merged state. */
export function summarizeDialer(state: DialerState, options: DialerOptions, timeZone: string): DialerSummary {
  return {
    ...(state.repeat === undefined
      ? {}
      : { repeatCallers: summarizeRepeat(state.repeat, options.repeatWindowS ?? 0) }),
    ...(state.compliance === undefined
      ? {}
      : {
          compliance: summarizeCompliance(
            state.compliance,
            options.compliance as ComplianceOptions,
            timeZone,
          ),
        }),
    ...(state.callbacks === undefined ? {} : { callbacks: summarizeCallbacks(state.callbacks) }),
  };
}
