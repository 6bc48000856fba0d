// Runs analyze or validate in worker threads: this thread reads and splits the inputs once, peeks at each
// line's session and time, and hands every worker the same batches; each parses its share of the sessions.
import { Worker } from "node:worker_threads";
import {
  type AnalyzeOptions,
  type AnalyzePartial,
  type AnalyzeReport,
  mergeAnalyze,
} from "./commands/analyze.js";
import {
  mergeValidate,
  type ValidateOptions,
  type ValidatePartial,
  type ValidateResult,
} from "./commands/validate.js";
import { readInputs, type ScanBatch } from "./ingest/batch.js";
import { type PeekedLines, peekLines } from "./ingest/partition.js";
import { InputError, type InputSource } from "./ingest/read.js";
import { SchemaError } from "./ingest/schema-error.js";

/** Options as they travel to a worker: everything but the compiled validator, which each worker compiles. */
export type WorkerOptions<T> = Omit<T, "validator" | "onProgress">;

/** What every worker of a run does: which command, with which options and schema, over which files. */
export type JobSpec =
  | ({ command: "analyze"; options: WorkerOptions<AnalyzeOptions> } & JobBase)
  | ({ command: "validate"; options: WorkerOptions<ValidateOptions> } & JobBase);

/** One worker's job: the run's spec and the partition of the sessions it owns. */
export type WorkerJob = JobSpec & { partition: { index: number; count: number } };

interface JobBase {
  fileNames: string[];
  schema: Record<string, unknown>;
}

/**
 * What this thread posts to a worker: the next batch of `lines` lines, its bytes in the first `length` bytes of
 * a shared slot and its spans and peeks in the slot's shared table (see tableViews), both read by every worker
 * and reused once all are done with them; or the end of the input.
 */
export type WorkerInput =
  | {
      batch: Omit<ScanBatch, "buf" | "starts" | "ends" | "sizes" | "peeked">;
      slot: SharedArrayBuffer;
      length: number;
      table: SharedArrayBuffer;
      lines: number;
    }
  | { end: true };

/** Bytes of a slot's table per line: size and time (float64), start, end and owner (int32). */
const TABLE_BYTES_PER_LINE = 28;

/** The first `lines` rows of a shared table: the batch's spans and peeks, each a view, none copied. */
export function tableViews(
  table: SharedArrayBuffer,
  lines: number,
): { starts: Int32Array; ends: Int32Array; sizes: Float64Array; peeked: PeekedLines } {
  const capacity = table.byteLength / TABLE_BYTES_PER_LINE;
  return {
    sizes: new Float64Array(table, 0, lines),
    peeked: {
      ts: new Float64Array(table, 8 * capacity, lines),
      owners: new Int32Array(table, 24 * capacity, lines),
    },
    starts: new Int32Array(table, 16 * capacity, lines),
    ends: new Int32Array(table, 20 * capacity, lines),
  };
}

/** What a worker posts back: that it is done with a batch, then its partial or the error that stopped it. */
export type WorkerReply =
  | { done: 1 }
  | { ok: true; partial: unknown }
  | { ok: false; kind: string; message: string };

/** Hears the progress of a run (bytes read, lines seen). */
export type ProgressListener = (bytesRead: number, lines: number) => void;

/** Young-generation size of each worker's heap (V8's default is 16-32 MB). */
const WORKER_YOUNG_GENERATION_MB = 4;
/** Shared slots for batches (about 1 MiB each): how far the reader may run ahead of the slowest worker. */
const BATCH_SLOTS = 4;
/** A slot's size: a read chunk plus the default longest line carried over from the chunk before. */
const SLOT_BYTES = 2 << 20;
/** A slot's table holds at least this many lines (a 1 MiB read of 350-byte events is about 3,000). */
const TABLE_MIN_LINES = 8192;

// From src/ (tests) and from dist/ alike this resolves to the built worker.
const WORKER_URL = new URL("../dist/worker.js", import.meta.url);

/** analyze over `threads` workers. */
export async function analyzeInWorkers(
  inputs: readonly InputSource[],
  schema: Record<string, unknown>,
  options: WorkerOptions<AnalyzeOptions>,
  threads: number,
  onProgress?: ProgressListener,
): Promise<AnalyzeReport> {
  const fileNames = inputs.map((input) => input.name);
  const spec: JobSpec = { command: "analyze", options, fileNames, schema };
  const partials = await runWorkers(inputs, spec, options.maxLineBytes, threads, onProgress);
  return mergeAnalyze(partials as AnalyzePartial[], options as AnalyzeOptions, fileNames);
}

/** validate over `threads` workers. */
export async function validateInWorkers(
  inputs: readonly InputSource[],
  schema: Record<string, unknown>,
  options: WorkerOptions<ValidateOptions>,
  threads: number,
  onProgress?: ProgressListener,
): Promise<ValidateResult> {
  const fileNames = inputs.map((input) => input.name);
  const spec: JobSpec = { command: "validate", options, fileNames, schema };
  const partials = await runWorkers(inputs, spec, options.maxLineBytes, threads, onProgress);
  return mergeValidate(partials as ValidatePartial[], options as ValidateOptions, fileNames);
}

/** One running worker: its thread, the batches it has finished, and who waits for it to catch up. */
interface Running {
  worker: Worker;
  finished: number;
  wake: (() => void) | undefined;
  result: Promise<unknown>;
}

async function runWorkers(
  inputs: readonly InputSource[],
  spec: JobSpec,
  maxLineBytes: number,
  threads: number,
  onProgress: ProgressListener | undefined,
): Promise<unknown[]> {
  const running: Running[] = [];
  // The first worker to fail stops the reading at once.
  let failed: { error: unknown } | undefined;
  try {
    for (let index = 0; index < threads; index += 1) {
      const r = startWorker({ ...spec, partition: { index, count: threads } });
      r.result.catch((error: unknown) => {
        failed ??= { error };
        for (const other of running) other.wake?.();
      });
      running.push(r);
    }
    const slots: SharedArrayBuffer[] = [];
    const tables: SharedArrayBuffer[] = [];
    let posted = 0;
    for await (const batch of readInputs(inputs, maxLineBytes, onProgress).batches) {
      // The slot of batch `posted - BATCH_SLOTS` is free once every worker has finished that batch.
      for (const r of running) {
        while (r.finished <= posted - BATCH_SLOTS && failed === undefined) {
          await new Promise<void>((resolve) => {
            r.wake = resolve;
          });
          r.wake = undefined;
        }
      }
      if (failed !== undefined) break;
      const index = posted % BATCH_SLOTS;
      let slot = slots[index];
      if (batch.buf.length > SLOT_BYTES) {
        // A batch holding a very long line (a large --max-line-bytes) gets a buffer of its own, let go after.
        slot = new SharedArrayBuffer(batch.buf.length);
      } else if (slot === undefined) {
        slot = new SharedArrayBuffer(SLOT_BYTES);
        slots[index] = slot;
      }
      new Uint8Array(slot).set(batch.buf);
      // The spans and peeks go in the slot's table, which grows to the longest batch seen (in lines).
      const lines = batch.starts.length;
      let table = tables[index];
      if (table === undefined || table.byteLength < lines * TABLE_BYTES_PER_LINE) {
        table = new SharedArrayBuffer(Math.max(lines, TABLE_MIN_LINES) * TABLE_BYTES_PER_LINE);
        tables[index] = table;
      }
      const views = tableViews(table, lines);
      views.starts.set(batch.starts);
      views.ends.set(batch.ends);
      views.sizes.set(batch.sizes);
      peekLines(batch.buf, batch.starts, batch.ends, threads, views.peeked);
      const { buf, starts, ends, sizes, peeked, ...header } = batch;
      const input: WorkerInput = { batch: header, slot, length: buf.length, table, lines };
      for (const r of running) r.worker.postMessage(input);
      posted += 1;
    }
    if (failed !== undefined) throw failed.error;
    for (const r of running) r.worker.postMessage({ end: true } satisfies WorkerInput);
    return await Promise.all(running.map((r) => r.result));
  } finally {
    await Promise.all(running.map((r) => r.worker.terminate()));
  }
}

function startWorker(workerJob: WorkerJob): Running {
  const worker = new Worker(WORKER_URL, {
    workerData: workerJob,
    // A small young generation: the scan's garbage dies young anyway, and peak RSS drops by ~35 MB a worker.
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
  });
  const running: Running = { worker, finished: 0, wake: undefined, result: Promise.resolve() };
  running.result = new Promise<unknown>((resolve, reject) => {
    worker.on("message", (reply: WorkerReply) => {
      if ("done" in reply) {
        running.finished += 1;
        running.wake?.();
      } else if (reply.ok) resolve(reply.partial);
      else if (reply.kind === "input") reject(new InputError(reply.message));
      else if (reply.kind === "schema") reject(new SchemaError(reply.message));
      else reject(new Error(reply.message));
    });
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`worker stopped with exit code ${code}`)));
  });
  return running;
}
