// Input accounting: where every line went, per partition and merged, and the report's input section.

/** Where every line of a partition went (lines = blank + events + invalid + duplicates + late); mergeable. */
export interface InputCounts {
  lines: number;
  blank: number;
  events: number;
  invalid: number;
  duplicates: number;
  late: number;
  minTs: number | null;
  maxTs: number | null;
}

/** The report's input section. Times are ISO 8601 UTC or null. */
export interface InputSummary {
  files: number;
  fileNames: string[];
  lines: number;
  blank: number;
  events: number;
  invalid: number;
  duplicates: number;
  late: number;
  timeRange: { from: string | null; to: string | null };
}

/** Counts with nothing in them. */
export function emptyInputCounts(): InputCounts {
  return { lines: 0, blank: 0, events: 0, invalid: 0, duplicates: 0, late: 0, minTs: null, maxTs: null };
}

/** Adds the counts of another partition into `into`. */
export function mergeInputCounts(into: InputCounts, other: InputCounts): void {
  into.lines += other.lines;
  into.blank += other.blank;
  into.events += other.events;
  into.invalid += other.invalid;
  into.duplicates += other.duplicates;
  into.late += other.late;
  if (other.minTs !== null)
    into.minTs = into.minTs === null ? other.minTs : Math.min(into.minTs, other.minTs);
  if (other.maxTs !== null)
    into.maxTs = into.maxTs === null ? other.maxTs : Math.max(into.maxTs, other.maxTs);
}

/** The report's input section from merged counts. */
export function summarizeInput(counts: InputCounts, fileNames: readonly string[]): InputSummary {
  const { minTs, maxTs, ...lines } = counts;
  return {
    files: fileNames.length,
    fileNames: [...fileNames],
    ...lines,
    timeRange: {
      from: minTs === null ? null : new Date(minTs).toISOString(),
      to: maxTs === null ? null : new Date(maxTs).toISOString(),
    },
  };
}
