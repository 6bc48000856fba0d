// Command-line wiring of analyze's dialer figures: repeat callers, dialer compliance, the callback funnel.
import { type Command, InvalidArgumentError } from "commander";
import type { CallStatsOptions } from "../report/callstats.js";
import { DIALER_METRIC_SECTIONS } from "../report/gate-metrics-dialer.js";
import { duration } from "./duration.js";

/** The flags this file adds, as commander parses them. */
export interface DialerFlags {
  repeatCallers?: boolean;
  repeatWindow?: number;
  compliance?: boolean;
  callingHours?: [number, number];
  machineShare?: number;
  callbacks?: boolean;
}

/** Repeat-caller window unless --repeat-window says otherwise: 24 h. */
export const DEFAULT_REPEAT_WINDOW_S = 86_400;
/** Calling hours unless --calling-hours says otherwise: 08:00-21:00 (the US FTC's). */
export const DEFAULT_CALLING_HOURS: [number, number] = [8 * 60, 21 * 60];

/** Adds the dialer options to the analyze command. */
export function addDialerOptions(command: Command): Command {
  return command
    .option("--repeat-callers", "count repeat callers (repeatCallers: a first-call-resolution proxy)")
    .option(
      "--repeat-window <duration>",
      "repeat callers: a call again within this after an answered call (90m, 24h, 2d; default 24h; implies --repeat-callers)",
      duration,
    )
    .option("--compliance", "dialer compliance of autodialer calls, per campaign and day (compliance)")
    .option(
      "--calling-hours <HH:MM-HH:MM>",
      "compliance: calls starting outside these local hours are counted (default 08:00-21:00; implies --compliance)",
      callingHours,
    )
    .option(
      "--machine-share <share>",
      "compliance: estimated share of contact answers that were machines, off the drop rate's base (0.2 or 20%; implies --compliance)",
      share,
    )
    .option("--callbacks", "the callback funnel of callback calls (callbacks)");
}

/** The dialer part of the call statistics options (nothing when no dialer figure is asked for or gated). */
export function dialerOptions(
  flags: DialerFlags & { table?: string },
  metrics: readonly string[],
  fail: (message: string) => never,
): Pick<CallStatsOptions, "repeatWindowS" | "compliance" | "callbacks"> {
  // A gate (or --explain) on a figure asks for it: `--fail-if 'drop_rate{campaign:*} > 3%'` alone computes compliance.
  const gated = new Set(metrics.map((metric) => DIALER_METRIC_SECTIONS.get(metric)));
  const repeat =
    flags.repeatCallers === true || flags.repeatWindow !== undefined || gated.has("repeatCallers");
  const compliance =
    flags.compliance === true ||
    flags.callingHours !== undefined ||
    flags.machineShare !== undefined ||
    gated.has("compliance");
  const callbacks = flags.callbacks === true || gated.has("callbacks");
  const table = flags.table;
  if (table === "repeat-callers" && !repeat) fail("--table repeat-callers needs --repeat-callers.");
  if (table?.startsWith("compliance") === true && !compliance) fail(`--table ${table} needs --compliance.`);
  if (table?.startsWith("callback") === true && !callbacks) fail(`--table ${table} needs --callbacks.`);
  const [fromMinute, toMinute] = flags.callingHours ?? DEFAULT_CALLING_HOURS;
  return {
    ...(repeat ? { repeatWindowS: flags.repeatWindow ?? DEFAULT_REPEAT_WINDOW_S } : {}),
    ...(compliance ? { compliance: { fromMinute, toMinute, machineShare: flags.machineShare ?? 0 } } : {}),
    ...(callbacks ? { callbacks: true } : {}),
  };
}

function callingHours(value: string): [number, number] {
  const match = /^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$/.exec(value);
  const minutes = match?.slice(1).map(Number) ?? [];
  const [h1 = -1, m1 = -1, h2 = -1, m2 = -1] = minutes;
  if (
    match === null ||
    h1 > 24 ||
    h2 > 24 ||
    m1 > 59 ||
    m2 > 59 ||
    (h1 === 24 && m1 > 0) ||
    (h2 === 24 && m2 > 0)
  )
    throw new InvalidArgumentError("expected local hours as HH:MM-HH:MM, e.g. 08:00-21:00.");
  const from = h1 * 60 + m1;
  const to = h2 * 60 + m2;
  if (from === to) throw new InvalidArgumentError("the calling hours are empty (start equals end).");
  return [from, to];
}

function share(value: string): number {
  const match = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(%?)\s*$/.exec(value);
  const n = match === null ? Number.NaN : Number(match[1]) / (match[2] === "%" ? 100 : 1);
  if (!(n >= 0 && n < 1))
    throw new InvalidArgumentError("expected a share from 0 up to (not including) 1, as 0.2 or 20%.");
  return n;
}
