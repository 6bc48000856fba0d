// Test support: the call timelines of one file, through the real scan, in the order they were finalised.
import { Readable } from "node:stream";
import { buildTimeline, type Timeline } from "../../src/call/timeline.js";
import { inputSources } from "../../src/ingest/read.js";
import { scanInputs } from "../../src/ingest/scan.js";
import { DEFAULT_SESSIONIZE_OPTIONS, type Session } from "../../src/ingest/sessionize.js";
import type { EventValidator } from "../../src/ingest/validate.js";

/** The timelines of the file at `path`, in the order they were finalised. */
export async function fileTimelines(path: string, validator: EventValidator): Promise<Timeline[]> {
  const out: Timeline[] = [];
  const options = { validator, maxLineBytes: 1 << 20, sessionize: DEFAULT_SESSIONIZE_OPTIONS };
  const onSession = (session: Session) => void out.push(buildTimeline(session));
  await scanInputs(inputSources([path], Readable.from([])), options, { add: () => {} }, onSession);
  return out;
}
