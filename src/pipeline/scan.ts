// The streaming front of every command: read -> parse -> normalize -> validate -> sessionize, with exact accounting.
import type { ProblemLog } from "../problems.js";
import type { Problem, SourcedEvent } from "../types.js";
import { normalizeEvent } from "./normalize.js";
import { parseLine } from "./parse.js";
import { type InputSource, readLines } from "./read.js";
import { createSessionizer, type Session, type SessionizeOptions } from "./sessionize.js";
import type { EventValidator } from "./validate.js";

/** What the scan needs: a compiled validator, the line limit and the session windows. */
export interface ScanOptions {
  validator: EventValidator;
  maxLineBytes: number;
  sessionize: SessionizeOptions;
}

/** Where every line went: lines = blank + events + invalid + duplicates + late. Times are ISO or null. */
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

/** Streams every input through the first stages, handing each finalised session to `onSession`. */
export async function scanInputs(
  inputs: readonly InputSource[],
  options: ScanOptions,
  problems: ProblemLog,
  onSession: (session: Session) => void,
): Promise<InputSummary> {
  const { validator, maxLineBytes } = options;
  const sessionizer = createSessionizer(options.sessionize);
  const summary: InputSummary = {
    files: inputs.length,
    fileNames: inputs.map((input) => input.name),
    lines: 0,
    blank: 0,
    events: 0,
    invalid: 0,
    duplicates: 0,
    late: 0,
    timeRange: { from: null, to: null },
  };
  let minTs = Number.POSITIVE_INFINITY;
  let maxTs = Number.NEGATIVE_INFINITY;
  let seq = 0;
  const finalised: Session[] = [];
  const found: Problem[] = [];

  for (const input of inputs) {
    for await (const batch of readLines(input, maxLineBytes)) {
      const file = batch.file;
      for (const raw of batch.lines) {
        summary.lines += 1;
        const parsed = parseLine(file, raw);
        if (parsed.kind === "blank") {
          summary.blank += 1;
          continue;
        }
        if (parsed.kind === "invalid") {
          summary.invalid += 1;
          problems.add(parsed.problem);
          continue;
        }
        const result = validator(normalizeEvent(parsed.value));
        if (!result.ok) {
          summary.invalid += 1;
          const sessionId = idOf(parsed.value.session_id);
          const eventId = idOf(parsed.value.id);
          for (const issue of result.issues) {
            const problem: Problem = {
              code: issue.code,
              file,
              line: raw.line,
              pointer: issue.pointer,
              message: issue.message,
            };
            if (sessionId !== undefined) problem.sessionId = sessionId;
            if (eventId !== undefined) problem.eventId = eventId;
            problems.add(problem);
          }
          continue;
        }
        const ts = Date.parse(result.event.timestamp);
        const item: SourcedEvent = { event: result.event, ts, file, line: raw.line, seq };
        seq += 1;
        const outcome = sessionizer.push(item, finalised, found);
        if (outcome === "accepted") {
          summary.events += 1;
          if (ts < minTs) minTs = ts;
          if (ts > maxTs) maxTs = ts;
        } else if (outcome === "duplicate") summary.duplicates += 1;
        else if (outcome === "late") summary.late += 1;
        else summary.invalid += 1;
        drain(found, finalised, problems, onSession);
      }
    }
  }
  sessionizer.finish(finalised);
  drain(found, finalised, problems, onSession);
  if (summary.events > 0) {
    summary.timeRange = { from: new Date(minTs).toISOString(), to: new Date(maxTs).toISOString() };
  }
  return summary;
}

function drain(
  found: Problem[],
  finalised: Session[],
  problems: ProblemLog,
  onSession: (s: Session) => void,
): void {
  for (const problem of found) problems.add(problem);
  found.length = 0;
  for (const session of finalised) onSession(session);
  finalised.length = 0;
}

function idOf(id: unknown): string | undefined {
  return typeof id === "string" ? id : undefined;
}
