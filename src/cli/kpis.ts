// Command-line wiring of analyze's KPI options: breakdowns, time zone, filters, variants, thresholds.
import { type Command, InvalidArgumentError, Option } from "commander";
import { escapeControls } from "../render/escape.js";
import { DIMENSIONS, type Dimension } from "../report/breakdown.js";
import type { CallStatsOptions } from "../report/callstats.js";
import type { CallFilter } from "../report/filters.js";
import { MISSED_RING_RULES, type MissedRingRule } from "../report/scorecard.js";
import { isTimeZone, parseInstant } from "../report/zone.js";
import { seconds } from "./args.js";
import { addDialerOptions, type DialerFlags } from "./dialer.js";
import { duration } from "./duration.js";
import { thresholds } from "./open-hours.js";

/** The analyze flags this file adds, as commander parses them. */
export interface KpiFlags extends DialerFlags {
  by?: Dimension[];
  tz: string;
  since?: string;
  until?: string;
  direction?: string[];
  type?: string[];
  account?: string[];
  operator?: string[];
  campaign?: string[];
  variants?: boolean;
  maxVariants: number;
  shortAbandon: number;
  slThreshold: number[];
  openHours?: string;
  holidays?: string;
  missedRing: MissedRingRule;
  shortCall: number;
  /** The operator scorecard: the user asked for --by operator (not the HTML default nor a gate's selector). */
  scorecard?: boolean;
}

/** How many variants `--variants` lists unless --max-variants says otherwise. */
export const DEFAULT_VARIANTS = 20;

/** Adds the KPI options to the analyze command. */
export function addKpiOptions(command: Command): Command {
  addDialerOptions(command)
    .option(
      "--by <dimension>",
      `KPIs per group, one breakdown per use (repeatable): ${DIMENSIONS.join(", ")}`,
      oneOf(DIMENSIONS),
    )
    .option(
      "--tz <zone>",
      "IANA time zone for hours, days and weekdays (and dates in --since/--until)",
      zone,
      "UTC",
    )
    .option("--since <time>", "only calls that started at or after this ISO date or date-time")
    .option("--until <time>", "only calls that started before this ISO date or date-time")
    .option("--direction <direction>", "only calls of this direction (repeatable)", oneOf(DIRECTIONS))
    .option("--type <type>", "only calls of this type (repeatable)", oneOf(CALL_TYPES))
    .option("--account <code>", "only calls of this accountcode (repeatable)", collect)
    .option(
      "--operator <user>",
      "only calls taken by this operator (the first SIP user to join; repeatable)",
      collect,
    )
    .option("--campaign <id>", "only autodialer calls of this data.campaign_id (repeatable)", collect)
    .option("--variants", "list the most common event sequences (trace variants)")
    .option(
      "--max-variants <n>",
      "with --variants: list at most this many",
      (value: string) => wholeNumber(value, 1),
      DEFAULT_VARIANTS,
    )
    .option("--short-abandon <seconds>", "abandons shorter than this are short abandons", seconds, 5)
    .addOption(
      new Option(
        "--sl-threshold <seconds>",
        "service level: inbound calls answered within this (several: 10,20,30,60, the first is the headline)",
      )
        .argParser(thresholds)
        .default([20], "20"),
    )
    .option(
      "--open-hours <hours>",
      "inbound calls starting outside these hours (in --tz) are counted apart as closed, e.g. 'Mon-Fri 08:00-18:00, Sat 09:00-13:00'",
    )
    .option("--holidays <file>", "with --open-hours: dates closed all day (one ISO date a line, # comments)");
  return addScorecardOptions(command);
}

/** Adds the scorecard's options (analyze --by operator, export --operators). */
export function addScorecardOptions(command: Command): Command {
  return command
    .option(
      "--missed-ring <rule>",
      "operator scorecard: a ring group nobody answered charges every operator rung, or the first",
      (value: string) => oneOf(MISSED_RING_RULES)(value)[0] as MissedRingRule,
      "every",
    )
    .option(
      "--short-call <duration>",
      "operator scorecard: handled calls with less talk are short calls",
      duration,
      10,
    );
}

/** The KPI options of a run; `fail` reports a usage error (a bad time, a --table that was not asked for). */
export function callStatsOptions(
  flags: KpiFlags,
  table: string | undefined,
  fail: (message: string) => never,
): CallStatsOptions {
  const instant = (name: string, text: string | undefined): number | undefined => {
    if (text === undefined) return undefined;
    const ms = parseInstant(text, flags.tz);
    if (ms === undefined)
      fail(
        `--${name} "${escapeControls(text)}" is not an ISO date or date-time (e.g. 2026-03-04T08:00:00Z).`,
      );
    return ms;
  };
  const filter: CallFilter = {};
  const since = instant("since", flags.since);
  const until = instant("until", flags.until);
  if (since !== undefined) filter.since = since;
  if (until !== undefined) filter.until = until;
  for (const key of ["direction", "type", "account", "operator", "campaign"] as const)
    if (flags[key] !== undefined) filter[key] = [...new Set(flags[key])];
  const by = [...new Set(flags.by ?? [])];
  const variants = flags.variants === true ? flags.maxVariants : 0;
  if (table?.startsWith("by-") === true && !by.some((d) => table === `by-${d}` || table === `by-${d}-times`))
    fail(`--table ${table} needs --by ${table.slice(3).replace(/-times$/, "")}.`);
  if (table === "variants" && variants === 0) fail("--table variants needs --variants.");
  if (table?.startsWith("scorecard") === true && flags.scorecard !== true)
    fail(`--table ${table} needs --by operator.`);
  return {
    timeZone: flags.tz,
    shortAbandonSeconds: flags.shortAbandon,
    slThresholdSeconds: flags.slThreshold[0] ?? 20,
    ...(flags.slThreshold.length > 1 ? { slThresholdsSeconds: flags.slThreshold } : {}),
    by,
    variants,
    filter,
    ...(flags.scorecard === true
      ? { scorecard: { missedRing: flags.missedRing, shortCallSeconds: flags.shortCall } }
      : {}),
  };
}

const DIRECTIONS = ["inbound", "outbound"] as const;
const CALL_TYPES = ["standard", "autodialer", "callback", "transfer"] as const;

function oneOf<T extends string>(choices: readonly T[]): (value: string, previous?: T[]) => T[] {
  return (value, previous = []) => {
    if (!(choices as readonly string[]).includes(value))
      throw new InvalidArgumentError(`expected one of ${choices.join(", ")}.`);
    return [...previous, value as T];
  };
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** The --tz value, its case set right; not a zone: a commander argument error. */
export function zone(value: string): string {
  if (!isTimeZone(value))
    throw new InvalidArgumentError("expected an IANA time zone name such as UTC or Europe/Riga.");
  // The name given, as the report states it: only its case is set right (europe/riga -> Europe/Riga), never
  // ICU's other name for the zone (Asia/Kathmandu is not turned into Asia/Katmandu, nor US/Eastern into
  // America/New_York).
  const lower = value.toLowerCase();
  const resolved = new Intl.DateTimeFormat("en-US", { timeZone: value }).resolvedOptions().timeZone;
  const names = [resolved, ...Intl.supportedValuesOf("timeZone")];
  return names.find((name) => name.toLowerCase() === lower) ?? value;
}

function wholeNumber(value: string, min: number): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min)
    throw new InvalidArgumentError(`expected a whole number, ${min} or more.`);
  return n;
}
