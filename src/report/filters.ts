// Filter stage: which sessions a report covers (--since, --until, --direction, --type, --account, ...).
import type { CallFacts } from "../call/facts.js";

/** The filters of one run; each list keeps a session whose value is any of its entries. Plain data. */
export interface CallFilter {
  /** Epoch ms: keep sessions that started at or after it. */
  since?: number;
  /** Epoch ms: keep sessions that started before it. */
  until?: number;
  direction?: string[];
  type?: string[];
  account?: string[];
  operator?: string[];
  campaign?: string[];
}

/** True when the filter keeps every session. */
export function isEmptyFilter(filter: CallFilter): boolean {
  return (
    filter.since === undefined &&
    filter.until === undefined &&
    [filter.direction, filter.type, filter.account, filter.operator, filter.campaign].every(
      (list) => list === undefined || list.length === 0,
    )
  );
}

/** Whether a session passes every filter (its start time is START's, else its first event's). */
export function matchesFilter(call: CallFacts, filter: CallFilter): boolean {
  if (filter.since !== undefined && call.at < filter.since) return false;
  if (filter.until !== undefined && call.at >= filter.until) return false;
  return (
    oneOf(filter.direction, call.direction) &&
    oneOf(filter.type, call.type) &&
    oneOf(filter.account, call.accountcode) &&
    oneOf(filter.operator, call.operator) &&
    oneOf(filter.campaign, call.campaignId)
  );
}

/** The filter as the report states it: ISO times, lists ([] when not given). */
export interface FilterSummary {
  active: boolean;
  since: string | null;
  until: string | null;
  direction: string[];
  type: string[];
  account: string[];
  operator: string[];
  campaign: string[];
  /** Sessions the filter left out (of every figure but the input counts and problems). */
  sessionsExcluded: number;
}

/** The report's form of a filter and what it excluded. */
export function summarizeFilter(filter: CallFilter, sessionsExcluded: number): FilterSummary {
  const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
  return {
    active: !isEmptyFilter(filter),
    since: iso(filter.since),
    until: iso(filter.until),
    direction: filter.direction ?? [],
    type: filter.type ?? [],
    account: filter.account ?? [],
    operator: filter.operator ?? [],
    campaign: filter.campaign ?? [],
    sessionsExcluded,
  };
}

function oneOf(list: string[] | undefined, value: string | null): boolean {
  return list === undefined || list.length === 0 || (value !== null && list.includes(value));
}
