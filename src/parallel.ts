// Runs analyze or validate in worker threads by byte range: this thread only cuts the inputs into chunks of
// whole lines (ingest/chunks.ts) and hands them out in order; the workers read, split and peek each chunk once
// between them, then each scans every chunk's lines for its share of the sessions (ingest/chunk-walk.ts).
import { closeSync } from "node:fs";
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
import {
  ABORTED,
  type ChunkMessage,
  controlBuffer,
  LINES,
  POSTED,
  POSTED_CHUNK,
  STATE,
  slotWord,
  tableBuffer,
  type WalkInput,
} from "./ingest/chunk-walk.js";
import { cutInputs } from "./ingest/chunks.js";
import { InputError, type InputSource } from "./ingest/read.js";
import { SchemaError } from "./ingest/schema-error.js";

/** Options as they travel to a worker: everything but the compiled validator, which each worker compiles. */
export type WorkerOptions<T> = Omit<T, "validator" | "onProgress">;

/** What every worker of a run does: which command, with which options and schema, over which files. */
export type JobSpec =
  | ({ command: "analyze"; options: WorkerOptions<AnalyzeOptions> } & JobBase)
  | ({ command: "validate"; options: WorkerOptions<ValidateOptions> } & JobBase);

/** One worker's job: the run's spec, the partition of the sessions it owns and the run's control words. */
export type WorkerJob = JobSpec & { partition: { index: number; count: number }; control: SharedArrayBuffer };

interface JobBase {
  fileNames: string[];
  schema: Record<string, unknown>;
}

/** What a worker posts back: that it is done with a chunk, then its partial or the error that stopped it. */
export type WorkerReply =
  | { done: 1 }
  | { ok: true; partial: unknown }
  | { ok: false; kind: string; message: string };

/** Hears the progress of a run (bytes read, lines seen). */
export type ProgressListener = (bytesRead: number, lines: number) => void;

/** Young-generation size of each worker's heap (V8's default is 16-32 MB). */
const WORKER_YOUNG_GENERATION_MB = 4;
/** A chunk's size before the newline that ends it: 1 MiB (8 MiB took 35 MiB more memory and no less time). */
export const CHUNK_BYTES = 1 << 20;
/** Room in a slot past the chunk size: the cut's window, or a streamed input's last piece (up to 1 MiB). */
const SLOT_SPARE = 1 << 20;

// From src/ (tests) and from dist/ alike this resolves to the built worker.
const WORKER_URL = new URL("../dist/worker.js", import.meta.url);

/** analyze over `threads` workers. */
export async function analyzeInWorkers(
  inputs: readonly InputSource[],
  schema: Record<string, unknown>,
  options: WorkerOptions<AnalyzeOptions>,
  threads: number,
  onProgress?: ProgressListener,
  chunkBytes = CHUNK_BYTES,
): Promise<AnalyzeReport> {
  const fileNames = inputs.map((input) => input.name);
  const spec: JobSpec = { command: "analyze", options, fileNames, schema };
  const partials = await runWorkers(inputs, spec, options.maxLineBytes, threads, onProgress, chunkBytes);
  return mergeAnalyze(partials as AnalyzePartial[], options as AnalyzeOptions, fileNames);
}

/** validate over `threads` workers. */
export async function validateInWorkers(
  inputs: readonly InputSource[],
  schema: Record<string, unknown>,
  options: WorkerOptions<ValidateOptions>,
  threads: number,
  onProgress?: ProgressListener,
  chunkBytes = CHUNK_BYTES,
): Promise<ValidateResult> {
  const fileNames = inputs.map((input) => input.name);
  const spec: JobSpec = { command: "validate", options, fileNames, schema };
  const partials = await runWorkers(inputs, spec, options.maxLineBytes, threads, onProgress, chunkBytes);
  return mergeValidate(partials as ValidatePartial[], options as ValidateOptions, fileNames);
}

/** One running worker: its thread, the chunks it is through with, and who waits for it to catch up. */
interface Running {
  worker: Worker;
  finished: number;
  wake: (() => void) | undefined;
  result: Promise<unknown>;
}

/** What this thread remembers of a chunk in flight: its input bytes and the file to close after it. */
interface InFlight {
  rawBytes: number;
  closeFd: number | undefined;
}

async function runWorkers(
  inputs: readonly InputSource[],
  spec: JobSpec,
  maxLineBytes: number,
  threads: number,
  onProgress: ProgressListener | undefined,
  chunkBytes: number,
): Promise<unknown[]> {
  // A chunk per worker ahead of the oldest one still walked: each may scan one while the others walk.
  const slots = threads + 1;
  const control = controlBuffer(slots);
  const words = new Int32Array(control);
  const running: Running[] = [];
  const inFlight: InFlight[] = [];
  const openFds = new Set<number>();
  let posted = 0;
  let through = 0;
  let bytesRead = 0;
  let lines = 0;
  // Chunks every worker is through with: progress is told, their files closed, their slots free.
  const advance = (): void => {
    while (through < posted && running.every((r) => r.finished > through)) {
      const slot = through % slots;
      const chunk = inFlight[slot] as InFlight;
      bytesRead += chunk.rawBytes;
      lines += Atomics.load(words, slotWord(slot, LINES));
      if (chunk.closeFd !== undefined) {
        closeSync(chunk.closeFd);
        openFds.delete(chunk.closeFd);
      }
      through += 1;
      onProgress?.(bytesRead, lines);
    }
  };
  // The first worker to fail stops the reading at once, and wakes the others wherever they wait.
  let failed: { error: unknown } | undefined;
  const abort = (): void => {
    Atomics.store(words, ABORTED, 1);
    Atomics.notify(words, POSTED);
    for (let slot = 0; slot < slots; slot += 1) Atomics.notify(words, slotWord(slot, STATE));
  };
  try {
    for (let index = 0; index < threads; index += 1) {
      const r = startWorker({ ...spec, partition: { index, count: threads }, control }, advance);
      r.result.catch((error: unknown) => {
        failed ??= { error };
        abort();
        for (const other of running) other.wake?.();
      });
      running.push(r);
    }
    const buffers: SharedArrayBuffer[] = [];
    const tables: SharedArrayBuffer[] = [];
    const tableLines = Math.max(4, chunkBytes >> 5);
    for await (const plan of cutInputs(inputs, { chunkBytes, maxLineBytes })) {
      if (plan.fd !== -1) openFds.add(plan.fd);
      // The slot of chunk `posted - slots` is free once every worker is through with that chunk.
      for (const r of running) {
        while (r.finished <= posted - slots && failed === undefined) {
          await new Promise<void>((resolve) => {
            r.wake = resolve;
          });
          r.wake = undefined;
        }
      }
      if (failed !== undefined) break;
      const slot = posted % slots;
      let buf = buffers[slot];
      if (plan.length > chunkBytes + SLOT_SPARE) {
        // A chunk holding one very long line (a large --max-line-bytes) gets a buffer of its own, let go after.
        buf = new SharedArrayBuffer(plan.length);
      } else if (buf === undefined) {
        buf = new SharedArrayBuffer(chunkBytes + SLOT_SPARE);
        buffers[slot] = buf;
      }
      const { parts, ...rest } = plan;
      if (parts !== undefined) {
        const into = new Uint8Array(buf);
        let at = 0;
        for (const part of parts) {
          into.set(part, at);
          at += part.length;
        }
      }
      tables[slot] ??= tableBuffer(tableLines);
      inFlight[slot] = { rawBytes: plan.rawBytes, closeFd: plan.closeFd };
      Atomics.store(words, slotWord(slot, STATE), POSTED_CHUNK);
      const input = inputs[plan.input] as InputSource;
      const message: ChunkMessage = {
        plan: rest,
        file: input.name,
        slot,
        buf,
        table: tables[slot],
        ...(plan.first && input.placement !== undefined ? { placement: input.placement } : {}),
      };
      post(running, words, message);
      posted += 1;
    }
    if (failed !== undefined) throw failed.error;
    post(running, words, { end: true });
    return await Promise.all(running.map((r) => r.result));
  } finally {
    if (failed === undefined) abort();
    await Promise.all(running.map((r) => r.worker.terminate()));
    for (const fd of openFds) closeSync(fd);
  }
}

/** Posts one message to every worker, then counts it in the control words that sleeping workers watch. */
function post(running: readonly Running[], words: Int32Array, message: WalkInput): void {
  for (const r of running) r.worker.postMessage(message);
  Atomics.add(words, POSTED, 1);
  Atomics.notify(words, POSTED);
}

function startWorker(workerJob: WorkerJob, onThrough: () => void): Running {
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
        onThrough();
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
