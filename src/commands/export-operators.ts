// export --operators: the operator scorecard as one flat row per operator (CSV, JSON, NDJSON or Parquet).
import type { InputSource } from "../ingest/read.js";
import { exportRenderer } from "../render/export.js";
import { type ParquetColumn, type ParquetKind, parquetEncoder } from "../render/parquet.js";
import { DEFAULT_CALL_STATS_OPTIONS } from "../report/callstats.js";
import type { ScorecardOptions } from "../report/scorecard.js";
import type { OperatorRow } from "../report/scorecard-summary.js";
import { type AnalyzeOptions, analyze } from "./analyze.js";
import type { ExportOptions } from "./export.js";

/** One operator's export row: the scorecard's columns (README, Operator scorecard), times in seconds. */
export interface OperatorRecord {
  operator: string;
  rings_offered: number;
  rings_answered: number;
  answer_rate: number | null;
  missed_rings: number;
  calls_handled: number;
  talk_mean_s: number | null;
  talk_median_s: number | null;
  talk_p90_s: number | null;
  talk_total_s: number;
  hung_up_first: number;
  short_calls: number;
  gaps: number;
  gap_median_s: number | null;
  busy_share: number | null;
}

/** How each column is stored in Parquet; `true`: never null. */
const KINDS: Record<keyof OperatorRecord, [ParquetKind, boolean]> = {
  operator: ["string", true],
  rings_offered: ["int64", true],
  rings_answered: ["int64", true],
  answer_rate: ["double", false],
  missed_rings: ["int64", true],
  calls_handled: ["int64", true],
  talk_mean_s: ["double", false],
  talk_median_s: ["double", false],
  talk_p90_s: ["double", false],
  talk_total_s: ["double", true],
  hung_up_first: ["int64", true],
  short_calls: ["int64", true],
  gaps: ["int64", true],
  gap_median_s: ["double", false],
  busy_share: ["double", false],
};

/** The columns of `export --operators`, in order. */
export const OPERATOR_COLUMNS = Object.keys(KINDS) as (keyof OperatorRecord)[];

/** The Parquet columns of `export --operators --format parquet`. */
export const OPERATOR_PARQUET_COLUMNS: readonly ParquetColumn[] = OPERATOR_COLUMNS.map((name) => {
  const [kind, required] = KINDS[name];
  return { name, kind, required };
});

/** The scorecard's rows of the inputs (one thread), most calls handled first. */
export async function operatorRecords(
  inputs: readonly InputSource[],
  options: Omit<AnalyzeOptions, "maxProblems" | "callStats">,
  scorecard: ScorecardOptions,
  timeZone: string,
): Promise<OperatorRecord[]> {
  const callStats = { ...DEFAULT_CALL_STATS_OPTIONS, timeZone, scorecard };
  const report = await analyze(inputs, { ...options, maxProblems: 0, callStats });
  return (report.operators?.rows ?? []).map(record);
}

/** Writes the rows in `options.format`: text to `write`, Parquet bytes to `writeBytes`; returns the row count. */
export async function exportOperators(
  inputs: readonly InputSource[],
  options: ExportOptions,
  scan: { scorecard: ScorecardOptions; timeZone: string },
  write: (chunk: string) => void,
  writeBytes: (chunk: Uint8Array) => void,
): Promise<number> {
  const rows = await operatorRecords(inputs, options, scan.scorecard, scan.timeZone);
  if (options.format === "parquet") {
    const encoder = parquetEncoder<OperatorRecord>(OPERATOR_PARQUET_COLUMNS);
    for (const row of rows) for (const chunk of encoder.add(row)) writeBytes(chunk);
    for (const chunk of encoder.finish()) writeBytes(chunk);
    return rows.length;
  }
  const renderer = exportRenderer<OperatorRecord>(options.format, OPERATOR_COLUMNS, options.render);
  write(
    [renderer.head(), ...rows.map((row, i) => renderer.row(row, i)), renderer.tail(rows.length)].join(""),
  );
  return rows.length;
}

function record(row: OperatorRow): OperatorRecord {
  return {
    operator: row.operator,
    rings_offered: row.ringsOffered,
    rings_answered: row.ringsAnswered,
    answer_rate: row.answerRate,
    missed_rings: row.missedRings,
    calls_handled: row.callsHandled,
    talk_mean_s: row.talk.mean,
    talk_median_s: row.talk.median,
    talk_p90_s: row.talk.p90,
    talk_total_s: row.talkTotalS,
    hung_up_first: row.hangups,
    short_calls: row.shortCalls,
    gaps: row.gap.count,
    gap_median_s: row.gap.median,
    busy_share: row.busyShare,
  };
}
