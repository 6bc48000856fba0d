// Command-line wiring of analyze's gates and baseline: the flags, the gates file, the baseline report, all
// parsed and checked before any input is read (a bad gate or baseline is a usage error, exit 2).
import { type Command, Option } from "commander";
import { REPORT_VERSION, type ReportChecks } from "../commands/analyze.js";
import { hasBreakdown, notAReport, type SettingDifference, settingDifferences } from "../report/baseline.js";
import type { Dimension } from "../report/breakdown.js";
import type { CallStatsOptions } from "../report/callstats.js";
import { summarizeFilter } from "../report/filters.js";
import { parseGate } from "../report/gate-expr.js";
import { metricNamed } from "../report/gate-metrics.js";
import type { GateLevel, GateSpec } from "../report/gates.js";
import { UsageError } from "./io.js";
import { type JsonFileKind, readJsonFile } from "./json-file.js";

/**
 * The largest files read whole. A gates file of 1 MiB holds some 20,000 gates; a report is a few MB even
 * with a breakdown of thousands of operators (about 1.6 KB a group): 64 MiB leaves room, and /dev/zero or a
 * dump named by mistake is refused at once instead of filling the memory.
 */
const GATES_FILE: JsonFileKind = { flag: "--gates", what: "gates file", maxBytes: 1024 * 1024 };
const BASELINE_FILE: JsonFileKind = { flag: "--baseline", what: "report", maxBytes: 64 * 1024 * 1024 };

/** The analyze flags this file adds, as commander parses them. */
export interface GateFlags {
  failIf?: string[];
  warnIf?: string[];
  gates?: string;
  baseline?: string;
  baselineAny?: boolean;
  gatesFormat?: string;
  failOnSkip?: boolean;
}

/** Adds the gate and baseline options to the analyze command. */
export function addGateOptions(command: Command): Command {
  return command
    .option(
      "--fail-if <expr>",
      "exit 1 when this holds, e.g. 'asr < 60%' (repeatable; README: Gates)",
      collect,
    )
    .option("--warn-if <expr>", "report a warning when this holds (repeatable)", collect)
    .option("--gates <file>", 'gates from a JSON file: [{ "expr": "...", "level": "error" | "warn" }]')
    .option(
      "--baseline <file>",
      "compare with a previous analyze --format json report (and allow 'baseline' in gates)",
    )
    .option("--baseline-any", "accept a baseline made with other KPI settings (the differences are listed)")
    .option(
      "--fail-on-skip",
      "exit 1 when an error-level gate is skipped (nothing to measure, no baseline value)",
    )
    .addOption(
      new Option(
        "--gates-format <format>",
        "also print failed gates on stderr as GitHub annotations",
      ).choices(["github"]),
    );
}

/** The gates of a run and the dimensions their selectors need; every expression checked. */
export async function loadGates(flags: GateFlags): Promise<{ specs: GateSpec[]; dimensions: Dimension[] }> {
  const given: { expr: unknown; level: GateLevel; where: string }[] = [
    ...(flags.failIf ?? []).map((expr) => ({ expr, level: "error" as const, where: "--fail-if" })),
    ...(flags.warnIf ?? []).map((expr) => ({ expr, level: "warn" as const, where: "--warn-if" })),
    ...(flags.gates === undefined ? [] : await gatesFile(flags.gates)),
  ];
  const specs = given.map(({ expr, level, where }): GateSpec => {
    if (typeof expr !== "string") throw new UsageError(`${where}: "expr" must be a string.`);
    const parsed = parseGate(expr);
    if (!parsed.ok) throw new UsageError(`${where} '${expr.trim()}': ${parsed.reason}.`);
    return { gate: parsed.gate, level };
  });
  if (flags.baseline === undefined) {
    const needs = specs.find((s) => s.gate.operand.kind === "baseline");
    if (needs !== undefined)
      throw new UsageError(`the gate '${needs.gate.text}' compares with the baseline: give --baseline FILE.`);
  }
  const dimensions = [
    ...new Set(
      specs.flatMap((s) =>
        // A section metric's groups are its own (compliance campaigns), not a breakdown's.
        s.gate.selector === null || metricNamed(s.gate.metric)?.section !== undefined
          ? []
          : [s.gate.selector.dimension],
      ),
    ),
  ];
  return { specs, dimensions };
}

async function gatesFile(path: string): Promise<{ expr: unknown; level: GateLevel; where: string }[]> {
  const list = await readJsonFile(path, GATES_FILE);
  if (!Array.isArray(list))
    throw new UsageError(
      `--gates ${path}: expected a JSON list of { "expr": "...", "level": "error" | "warn" }.`,
    );
  return list.map((entry: unknown, i) => {
    const where = `--gates ${path} entry ${i + 1}`;
    if (typeof entry !== "object" || entry === null || Array.isArray(entry))
      throw new UsageError(`${where}: expected an object { "expr": "...", "level": "error" | "warn" }.`);
    const unknown = Object.keys(entry).find((key) => key !== "expr" && key !== "level");
    if (unknown !== undefined)
      throw new UsageError(`${where}: unknown key "${unknown}" (only "expr" and "level").`);
    const { expr, level = "error" } = entry as { expr?: unknown; level?: unknown };
    if (expr === undefined) throw new UsageError(`${where}: no "expr".`);
    if (level !== "error" && level !== "warn")
      throw new UsageError(`${where}: "level" must be "error" or "warn", not ${JSON.stringify(level)}.`);
    return { expr, level, where };
  });
}

/** The baseline of a run, checked against the run's settings (refused on a difference unless --baseline-any). */
export async function loadBaseline(
  flags: GateFlags & { lateness: number; maxLineBytes: number },
  callStats: CallStatsOptions,
  specs: readonly GateSpec[],
): Promise<ReportChecks["baseline"]> {
  const path = flags.baseline;
  if (path === undefined) {
    if (flags.baselineAny === true) throw new UsageError("--baseline-any only applies with --baseline FILE.");
    return undefined;
  }
  const report = await readJsonFile(path, BASELINE_FILE);
  const problem = notAReport(report, REPORT_VERSION);
  if (problem !== null) throw new UsageError(`--baseline ${path} ${problem}.`);
  const current = {
    reportVersion: REPORT_VERSION,
    kpis: {
      shortAbandonSeconds: callStats.shortAbandonSeconds,
      serviceLevelSeconds: callStats.slThresholdSeconds,
      timeZone: callStats.timeZone,
    },
    settings: { latenessSeconds: flags.lateness, maxLineBytes: flags.maxLineBytes },
    filters: summarizeFilter(callStats.filter, 0),
    waits: {
      openHours:
        callStats.openHours === undefined
          ? null
          : { hours: callStats.openHours.text, holidays: callStats.openHours.holidays.length },
    },
  };
  const differences = settingDifferences(current, report);
  if (differences.length > 0 && flags.baselineAny !== true)
    throw new UsageError(
      `--baseline ${path} was made with other settings (${differences.map(describe).join("; ")}): run with the same options, or add --baseline-any.`,
    );
  // A selector compared with the baseline needs the baseline's groups; without them every group would skip.
  for (const { gate } of specs) {
    const dimension = gate.selector?.dimension;
    if (
      dimension === undefined ||
      gate.operand.kind !== "baseline" ||
      hasBreakdown(report, dimension) ||
      metricNamed(gate.metric)?.section !== undefined
    )
      continue;
    if (flags.baselineAny !== true)
      throw new UsageError(
        `the gate '${gate.text}' compares each ${dimension} with the baseline, but ${path} has no breakdown by ${dimension}: make the baseline with --by ${dimension} (or the same gates), or add --baseline-any.`,
      );
  }
  return { file: path, report, differences };
}

function describe(d: SettingDifference): string {
  return `${d.setting} ${JSON.stringify(d.baseline)} there, ${JSON.stringify(d.current)} here`;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
