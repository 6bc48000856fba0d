// ingest/ main file — bytes in, finalised sessions out: read -> (partition) -> parse -> normalize -> validate -> sessionize.
import type { ProblemSink } from "../problems.js";
import type { Problem, SourcedEvent } from "../types.js";
import { readInputs, type ScanBatch } from "./batch.js";
import { parseTimestamp } from "./datetime.js";
import { emptyInputCounts, type InputCounts } from "./input-counts.js";
import { normalizeEvent } from "./normalize.js";
import { parseLine } from "./parse.js";
import { createLinePeeker, type LinePeeker, type Partition, sessionKeyOf, WHOLE } from "./partition.js";
import type { InputSource, RawLine } from "./read.js";
import { createSessionizer, type Session, type SessionizeOptions } from "./sessionize.js";
import { decodeLine } from "./utf8.js";
import type { EventValidator } from "./validate.js";

/** What the scan needs: a compiled validator, the line limit and the session windows. */
export interface ScanOptions {
  validator: EventValidator;
  maxLineBytes: number;
  sessionize: SessionizeOptions;
  /** Hears, after each stretch of lines, the bytes read so far (before decompression) and the lines seen. */
  onProgress?: (bytesRead: number, lines: number) => void;
}

/**
 * Streams every input through the first stages, handing each finalised session to `onSession`
 * (single-threaded: the whole input is one partition).
 */
export function scanInputs(
  inputs: readonly InputSource[],
  options: ScanOptions,
  problems: ProblemSink,
  onSession: (session: Session) => void,
): Promise<InputCounts> {
  const source = readInputs(inputs, options.maxLineBytes, options.onProgress);
  return scanBatches(source.batches, options, problems, onSession, WHOLE);
}

/**
 * Streams batches through parse -> normalize -> validate -> sessionize, handing each finalised session of
 * this partition to `onSession`. Every line is counted by exactly one partition, and every partition moves
 * its watermark by the same timestamps in the same order, so the figures do not depend on the partitioning.
 */
export async function scanBatches(
  batches: AsyncIterable<ScanBatch>,
  options: ScanOptions,
  problems: ProblemSink,
  onSession: (session: Session) => void,
  partition: Partition,
): Promise<InputCounts> {
  const { validator } = options;
  const { index: me, count } = partition;
  const sessionizer = createSessionizer(options.sessionize);
  const counts = emptyInputCounts();
  let minTs = Number.POSITIVE_INFINITY;
  let maxTs = Number.NEGATIVE_INFINITY;
  const finalised: Session[] = [];
  const found: Problem[] = [];

  for await (const { file, firstLine, firstSeq, buf, starts, ends, sizes, peeked } of batches) {
    // Unpeeked batches (one partition): a valid line's own timestamp moves the watermark, and only a
    // rejected line is peeked, which gives the same watermark as peeking every line (see observeRejected).
    let peeker: LinePeeker | undefined;
    const observeRejected = (start: number, end: number): void => {
      if (peeked !== undefined || start === -1) return;
      peeker ??= createLinePeeker(buf);
      if (peeker.sessionKey(start, end) === -1) return;
      const ts = peeker.timestamp(start, end);
      if (!Number.isNaN(ts)) sessionizer.observe(ts);
    };
    for (let i = 0; i < starts.length; i += 1) {
      const lineSeq = firstSeq + i;
      const start = starts[i] as number;
      const end = ends[i] as number;
      // A peeked line whose bytes name its session and time for certain goes to one partition, unparsed elsewhere.
      const owner = peeked === undefined ? -1 : (peeked.owners[i] as number);
      if (owner !== -1) {
        sessionizer.observe(peeked?.ts[i] as number);
        if (owner !== me) continue;
      }
      const line = firstLine + i;
      const parsed = parseLine(file, rawLine(buf, line, start, end, sizes[i] as number));
      const ownsLine = owner !== -1 || lineSeq % count === me;
      if (parsed.kind === "blank") {
        if (ownsLine) counts.blank += 1;
      } else if (parsed.kind === "invalid") {
        observeRejected(start, end);
        if (ownsLine) {
          counts.invalid += 1;
          problems.add(parsed.problem);
        }
      } else {
        const result = validator(normalizeEvent(parsed.value));
        if (!result.ok) {
          observeRejected(start, end);
          if (ownsLine) {
            counts.invalid += 1;
            if (parsed.warning !== undefined) problems.add(parsed.warning);
            for (const issue of result.issues) problems.add(schemaProblem(file, line, parsed.value, issue));
          }
        } else {
          const ts = parseTimestamp(result.event.timestamp);
          if (Number.isNaN(ts)) {
            // Only reachable with a custom --schema that does not check the timestamp's format.
            observeRejected(start, end);
            if (ownsLine) {
              counts.invalid += 1;
              const issue = {
                code: "bad-format",
                pointer: "/timestamp",
                message: `${result.event.event} "timestamp" is not a date-time`,
              };
              problems.add(schemaProblem(file, line, parsed.value, issue));
              counts.lines += 1;
            }
            continue;
          }
          if (owner === -1) {
            // An unpeeked or uncertain line: its parsed timestamp moves the watermark (a certain line's peeked
            // one is the same instant); it counts for its session's partition only.
            sessionizer.observe(ts);
            if (count > 1 && sessionKeyOf(result.event.session_id) % count !== me) continue;
          }
          // The line is this partition's from here on: its warning is reported once, whatever the outcome.
          if (parsed.warning !== undefined) problems.add(parsed.warning);
          const item: SourcedEvent = { event: result.event, ts, file, line, seq: lineSeq };
          const outcome = sessionizer.push(item, finalised, found);
          if (outcome === "accepted") {
            counts.events += 1;
            if (ts < minTs) minTs = ts;
            if (ts > maxTs) maxTs = ts;
          } else if (outcome === "duplicate") counts.duplicates += 1;
          else if (outcome === "late") counts.late += 1;
          else counts.invalid += 1;
          drain(found, finalised, problems, onSession);
          counts.lines += 1;
          continue;
        }
      }
      if (ownsLine) counts.lines += 1;
    }
  }
  sessionizer.finish(finalised);
  drain(found, finalised, problems, onSession);
  if (counts.events > 0) {
    counts.minTs = minTs;
    counts.maxTs = maxTs;
  }
  return counts;
}

/** One line as the parse stage takes it: decoded, with where its UTF-8 is invalid (start -1: too long). */
function rawLine(buf: Buffer, line: number, start: number, end: number, bytes: number): RawLine {
  if (start === -1) return { line, text: null, bytes };
  const { text, error } = decodeLine(buf, start, end);
  return error === undefined ? { line, text, bytes } : { line, text, bytes, utf8Error: error };
}

function schemaProblem(
  file: string,
  line: number,
  value: Record<string, unknown>,
  issue: { code: string; pointer: string; message: string },
): Problem {
  const problem: Problem = { code: issue.code, file, line, pointer: issue.pointer, message: issue.message };
  if (typeof value.session_id === "string") problem.sessionId = value.session_id;
  if (typeof value.id === "string") problem.eventId = value.id;
  return problem;
}

function drain(
  found: Problem[],
  finalised: Session[],
  problems: ProblemSink,
  onSession: (s: Session) => void,
): void {
  for (const problem of found) problems.add(problem);
  found.length = 0;
  for (const session of finalised) onSession(session);
  finalised.length = 0;
}
