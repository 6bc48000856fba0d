// prune's and collect --retain-days' words: one line per daily file removed (or that would be, or could not
// be), then a summary. File names hold only a date, never personal data.
import type { PruneResult } from "../collect/retention.js";
import { escapeControls } from "./escape.js";

/** prune's report on stdout: a line per file, then `removed N daily files, kept M`. */
export function renderPrune(result: PruneResult, options: { dryRun: boolean }): string {
  const verb = options.dryRun ? "would remove" : "removed";
  const lines = result.removed.map((file) => `${verb} ${escapeControls(file.name)}`);
  for (const failed of result.failed)
    lines.push(`could not remove ${escapeControls(failed.name)}: ${failed.error}`);
  lines.push(
    `${verb} ${result.removed.length} daily ${result.removed.length === 1 ? "file" : "files"}, kept ${result.kept}` +
      (result.failed.length > 0 ? `; ${result.failed.length} could not be removed` : ""),
  );
  return `${lines.join("\n")}\n`;
}

/** collect's log line after a retention pass that removed or failed something. */
export function retentionLine(result: PruneResult, retainDays: number): string {
  const names = result.removed.map((file) => escapeControls(file.name)).join(", ");
  const failed = result.failed.map((f) => `${escapeControls(f.name)} (${f.error})`).join(", ");
  return [
    result.removed.length > 0 ? `removed daily files older than ${retainDays} days: ${names}` : "",
    result.failed.length > 0 ? `could not remove: ${failed}` : "",
  ]
    .filter((part) => part !== "")
    .join("; ");
}
