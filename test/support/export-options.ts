// The options of an export run as the command tests give them: the bundled schema's validator, default windows,
// a 24 h call length, and whatever the test sets on top.
import type { ExportOptions } from "../../src/commands/export.js";
import { DEFAULT_SESSIONIZE_OPTIONS } from "../../src/ingest/sessionize.js";
import type { EventValidator } from "../../src/ingest/validate.js";

/** Export options of `rows` (NDJSON unless `extra` says otherwise). */
export function exportOptions(
  validator: EventValidator,
  rows: "calls" | "events",
  extra: Partial<ExportOptions> = {},
): ExportOptions {
  return {
    validator,
    maxLineBytes: 1 << 20,
    sessionize: DEFAULT_SESSIONIZE_OPTIONS,
    lifecycle: { maxCallMs: 86_400_000 },
    format: "ndjson",
    rows,
    ...extra,
  };
}
