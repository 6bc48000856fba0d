// collect's stderr lines: startup, an access line per refused request (those of strangers past a few a minute
// counted in one line), disk state, a summary per minute.
import type { CollectNotice } from "../commands/collect.js";
import { escapeControls } from "./escape.js";
import { retentionLine } from "./prune.js";

const PREFIX = "teltel-events collect:";

/** One notice as one stderr line (with its line ending), stamped with the time; client values escaped. */
export function renderCollectNotice(notice: CollectNotice, at: Date): string {
  return `${at.toISOString().slice(0, 19)}Z ${PREFIX} ${text(notice)}\n`;
}

function text(notice: CollectNotice): string {
  switch (notice.kind) {
    case "listening":
      return `listening on ${notice.url}, writing to ${escapeControls(notice.dir)}${notice.auth ? "" : " (no authentication)"}`;
    case "refused": {
      // Method and path come from the client: escaped and clipped; the query string is never logged.
      const path = clip(escapeControls(notice.path), 200);
      const method = clip(escapeControls(notice.method), 20);
      return `refused ${notice.status} ${method} ${path} from ${escapeControls(notice.remote)}: ${escapeControls(notice.reason)}`;
    }
    case "server-error":
      return `server error: ${escapeControls(notice.error)}; still listening`;
    case "repaired":
      return `${notice.file}: the last line had no line ending (a crash?); ended it so it stays one line`;
    case "disk-failed":
      return `cannot write ${notice.file}: ${escapeControls(notice.error)}; answering 503 until a write succeeds`;
    case "disk-recovered":
      return `writing ${notice.file} again; acknowledging events`;
    case "refusals-held": {
      const statuses = notice.held.byStatus.map(([status, n]) => `${status}: ${n}`).join(", ");
      return (
        `${notice.held.total} more refused requests that did not authenticate in the ${span(notice.intervalMs)}, ` +
        `not logged one by one (${statuses})`
      );
    }
    case "summary": {
      const rate = (notice.accepted / (notice.intervalMs / 1000)).toFixed(1);
      return (
        `${events(notice.accepted)} accepted in the ${span(notice.intervalMs)} (${rate}/s), ${notice.rejected} rejected, ` +
        `${notice.unauthorised} unauthorised, ${notice.unavailable} refused with 503; ` +
        `${notice.totalAccepted} in all; file ${notice.file ?? "none"}`
      );
    }
    case "retention":
      return retentionLine(notice.result, notice.retainDays);
    case "stopping":
      return "stopping: no new connections; finishing the requests in flight";
    case "stopped":
      return (
        `stopped: ${events(notice.counts.accepted)} accepted, ${notice.counts.rejected} rejected, ` +
        `${notice.counts.unauthorised} unauthorised; every file synced`
      );
  }
}

/** An interval in words: `last minute`, or `last 30 s`. */
function span(intervalMs: number): string {
  return intervalMs === 60_000 ? "last minute" : `last ${(intervalMs / 1000).toFixed(0)} s`;
}

/** A count of events, "1 event" or "2 events": digits only, without separators, so a log stays easy to grep. */
function events(n: number): string {
  return `${n} ${n === 1 ? "event" : "events"}`;
}

function clip(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max)}...` : value;
}
