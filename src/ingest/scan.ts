// ingest/ main file — bytes in, finalised sessions out: read -> (partition) -> parse -> normalize -> validate -> sessionize.
import type { ProblemSink } from "../problems.js";
import type { Problem, SourcedEvent } from "../types.js";
import { readInputs, type ScanBatch } from "./batch.js";
import { parseTimestamp } from "./datetime.js";
import { emptyInputCounts, type InputCounts } from "./input-counts.js";
import { normalizeEvent } from "./normalize.js";
import { parseLine } from "./parse.js";
import { createLinePeeker, type LinePeeker, type Partition, sessionKeyOf, WHOLE } from "./partition.js";
import { type InputSource, rawLine } from "./read.js";
import { createLineScanner, type ScanEngine } from "./scan/engine.js";
import {
  createSessionizer,
  type PushOutcome,
  type Session,
  type SessionizeOptions,
  type SessionizerOutput,
} from "./sessionize.js";
import { scannedSessionHash } from "./store/scan-codec.js";
import { StoredSession } from "./store/stored-session.js";
import { createTimeOrderWatch } from "./time-order.js";
import type { EventValidator } from "./validate.js";

/** What the scan needs: a compiled validator, the line limit and the session windows. */
export interface ScanOptions {
  validator: EventValidator;
  maxLineBytes: number;
  sessionize: SessionizeOptions;
  /**
   * The engine that answers canonical lines before the reference path (scan/engine.ts): "wasm" or "js" only
   * with the bundled schema, whose rules the scanners implement; "reference" (or absent): the reference alone.
   */
  fastPath?: ScanEngine;
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
  const scanner = createLineScanner(options.fastPath);
  const { index: me, count } = partition;
  const out: SessionizerOutput = { finalised: [], problems: [], decided: [] };
  const sessionizer = createSessionizer(options.sessionize, out);
  const counts = emptyInputCounts();
  const range = { minTs: Number.POSITIVE_INFINITY, maxTs: Number.NEGATIVE_INFINITY };
  out.flush = () => drain(out, counts, range, problems, onSession);
  // Every partition sees every line's time in the same order; the first one reports.
  const timeOrder = me === 0 ? createTimeOrderWatch(options.sessionize.latenessMs) : undefined;

  for await (const batch of batches) {
    const { file, firstLine, firstSeq, buf, starts, ends, sizes, peeked, truncated } = batch;
    if (batch.placement !== undefined) timeOrder?.place(file, batch.placement);
    scanner?.batch(buf);
    // Unpeeked batches (one partition): a valid line's own timestamp moves the watermark, and only a
    // rejected line is peeked, which gives the same watermark as peeking every line (see observeRejected).
    let peeker: LinePeeker | undefined;
    const observeRejected = (start: number, end: number, line: number): void => {
      if (peeked !== undefined || start === -1) return;
      peeker ??= createLinePeeker(buf);
      if (peeker.sessionKey(start, end) === -1) return;
      const ts = peeker.timestamp(start, end);
      if (Number.isNaN(ts)) return;
      timeOrder?.see(file, line, ts, sessionizer.watermark);
      sessionizer.observe(ts);
    };
    for (let i = 0; i < starts.length; i += 1) {
      const lineSeq = firstSeq + i;
      const start = starts[i] as number;
      const end = ends[i] as number;
      const line = firstLine + i;
      // A peeked line whose bytes name its session and time for certain goes to one partition, unparsed elsewhere.
      const owner = peeked === undefined ? -1 : (peeked.owners[i] as number);
      const peekedTs = peeked?.ts[i] as number;
      if (owner !== -1) timeOrder?.see(file, line, peekedTs, sessionizer.watermark);
      if (owner !== -1 && owner !== me) {
        // Its event id and session matter only while the watermark weighs a jump: then every partition
        // parses the line to learn them (rare), so all of them decide alike.
        if (!sessionizer.wantsIdentity(peekedTs)) sessionizer.observe(peekedTs);
        else {
          const event = start !== -1 ? scanner?.event(start, end) : undefined;
          if (event !== undefined) sessionizer.observe(peekedTs, event.id, event.session_id);
          else {
            const parsed = parseLine(file, rawLine(buf, line, start, end, sizes[i] as number));
            const result = parsed.kind === "object" ? validator(normalizeEvent(parsed.value)) : undefined;
            if (result?.ok) sessionizer.observe(peekedTs, result.event.id, result.event.session_id);
            else sessionizer.observe(peekedTs);
          }
        }
        drain(out, counts, range, problems, onSession);
        continue;
      }
      // A canonical line is recognised from its bytes and kept from the scan's outputs, with no event made.
      if (start !== -1 && scanner?.accept(start, end)) {
        const { scanned } = scanner;
        const { ts } = scanned;
        const lineTs = owner === -1 ? ts : peekedTs;
        if (owner === -1) timeOrder?.see(file, line, ts, sessionizer.watermark);
        // Its session's partition, by the hash of its session_id's bytes (ASCII: sessionKeyOf's).
        if (owner === -1 && count > 1 && (scannedSessionHash(scanned) >>> 0) % count !== me) {
          if (!sessionizer.wantsIdentity(lineTs)) sessionizer.observe(lineTs);
          else {
            const { event } = scanned.materialise();
            sessionizer.observe(lineTs, event.id, event.session_id);
          }
          drain(out, counts, range, problems, onSession);
          continue;
        }
        scanned.file = file;
        scanned.line = line;
        scanned.seq = lineSeq;
        const outcome = sessionizer.pushScanned(scanned, lineTs);
        if (outcome !== "held") tally(counts, range, ts, outcome);
        drain(out, counts, range, problems, onSession);
        counts.lines += 1;
        continue;
      }
      const ownsLine = owner !== -1 || lineSeq % count === me;
      // Any other line goes parse -> normalize -> validate.
      const parsed = parseLine(file, rawLine(buf, line, start, end, sizes[i] as number));
      if (parsed.kind === "blank") {
        if (ownsLine) counts.blank += 1;
        drain(out, counts, range, problems, onSession);
        if (ownsLine) counts.lines += 1;
        continue;
      }
      const result = parsed.kind === "invalid" ? undefined : validator(normalizeEvent(parsed.value));
      if (result?.ok !== true) {
        if (owner !== -1) sessionizer.observe(peekedTs);
        else observeRejected(start, end, line);
        if (ownsLine) {
          counts.invalid += 1;
          if (parsed.kind === "invalid") problems.add(parsed.problem);
          else if (result !== undefined && !result.ok) {
            if (parsed.warning !== undefined) problems.add(parsed.warning);
            for (const issue of result.issues) problems.add(schemaProblem(file, line, parsed.value, issue));
          }
        }
        drain(out, counts, range, problems, onSession);
        if (ownsLine) counts.lines += 1;
        continue;
      }
      const { event } = result;

      const ts = parseTimestamp(event.timestamp);
      if (Number.isNaN(ts)) {
        // Only reachable with a custom --schema that does not check the timestamp's format.
        if (owner !== -1) sessionizer.observe(peekedTs);
        else observeRejected(start, end, line);
        if (ownsLine) {
          counts.invalid += 1;
          const issue = {
            code: "bad-format",
            pointer: "/timestamp",
            message: `${event.event} "timestamp" is not a date-time`,
          };
          problems.add(schemaProblem(file, line, event, issue));
          counts.lines += 1;
        }
        drain(out, counts, range, problems, onSession);
        continue;
      }
      // A certain line moves the watermark by its peeked time (the same instant, as every partition saw
      // it); an unpeeked or uncertain one by its parsed time, and counts for its session's partition only.
      const lineTs = owner === -1 ? ts : peekedTs;
      if (owner === -1) timeOrder?.see(file, line, ts, sessionizer.watermark);
      if (owner === -1 && count > 1 && sessionKeyOf(event.session_id) % count !== me) {
        sessionizer.observe(lineTs, event.id, event.session_id);
        drain(out, counts, range, problems, onSession);
        continue;
      }
      // The line is this partition's from here on: its warning is reported once, whatever the outcome.
      if (parsed.kind === "object" && parsed.warning !== undefined) problems.add(parsed.warning);
      const item: SourcedEvent = { event, ts, file, line, seq: lineSeq };
      const outcome = sessionizer.push(item, lineTs);
      if (outcome !== "held") tally(counts, range, ts, outcome);
      drain(out, counts, range, problems, onSession);
      counts.lines += 1;
    }
    // A file-level problem: every partition sees it, the first one reports it.
    if (truncated !== undefined && me === 0)
      problems.add(truncationProblem(file, firstLine + starts.length - 1, truncated));
  }
  sessionizer.finish();
  drain(out, counts, range, problems, onSession);
  for (const problem of timeOrder?.finish() ?? []) problems.add(problem);
  if (counts.events > 0) {
    counts.minTs = range.minTs;
    counts.maxTs = range.maxTs;
  }
  return counts;
}

/** An input whose bytes ended before their end: everything read before is kept. */
function truncationProblem(file: string, lastLine: number, reason: string): Problem {
  return {
    code: "input-truncated",
    file,
    line: lastLine,
    message:
      lastLine === 0
        ? `${reason}; no line could be read`
        : `${reason}; the figures include lines 1-${lastLine} only, anything after them could not be read`,
  };
}

/** Counts one event (at `ts`) in the bucket its outcome names (every pushed line lands in exactly one). */
function tally(
  counts: InputCounts,
  range: { minTs: number; maxTs: number },
  ts: number,
  outcome: PushOutcome,
): void {
  if (outcome === "accepted") {
    counts.events += 1;
    if (ts < range.minTs) range.minTs = ts;
    if (ts > range.maxTs) range.maxTs = ts;
  } else if (outcome === "duplicate") counts.duplicates += 1;
  // Events past an oversized session's cap arrived after it was finalised: late, like late-event ones.
  else if (outcome === "late" || outcome === "oversized") counts.late += 1;
  else counts.invalid += 1;
}

function schemaProblem(
  file: string,
  line: number,
  value: { session_id?: unknown; id?: unknown },
  issue: { code: string; pointer: string; message: string },
): Problem {
  const problem: Problem = { code: issue.code, file, line, pointer: issue.pointer, message: issue.message };
  if (typeof value.session_id === "string") problem.sessionId = value.session_id;
  if (typeof value.id === "string") problem.eventId = value.id;
  return problem;
}

function drain(
  out: SessionizerOutput,
  counts: InputCounts,
  range: { minTs: number; maxTs: number },
  problems: ProblemSink,
  onSession: (s: Session) => void,
): void {
  if (out.decided.length === 0 && out.problems.length === 0 && out.finalised.length === 0) return;
  for (const { item, outcome } of out.decided) tally(counts, range, item.ts, outcome);
  out.decided.length = 0;
  for (const problem of out.problems) problems.add(problem);
  out.problems.length = 0;
  for (const session of out.finalised) {
    onSession(session);
    // The store holds a session's rows until its consumer is done with it.
    if (session instanceof StoredSession) session.release();
  }
  out.finalised.length = 0;
}
