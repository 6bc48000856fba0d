// Runs analyze or validate in worker threads, one partition of the sessions each, and merges their partials.
import { Worker } from "node:worker_threads";
import { type AnalyzeOptions, type AnalyzeReport, mergeAnalyze } from "./commands/analyze.js";
import { mergeValidate, type ValidateOptions, type ValidateResult } from "./commands/validate.js";
import type { Partition } from "./pipeline/partition.js";
import { InputError } from "./pipeline/read.js";
import { SchemaError } from "./pipeline/validate.js";

/** Options as they travel to a worker: everything but the compiled validator, which each worker compiles. */
export type WorkerOptions<T> = Omit<T, "validator">;

/** One worker's job: which command, on which files, with which schema, for which partition. */
export type WorkerJob =
  | ({ command: "analyze"; options: WorkerOptions<AnalyzeOptions> } & JobBase)
  | ({ command: "validate"; options: WorkerOptions<ValidateOptions> } & JobBase);

interface JobBase {
  paths: string[];
  schema: Record<string, unknown>;
  partition: Partition;
}

/** What a worker posts back: progress (worker 0 only), then its partial or the error that stopped it. */
export type WorkerReply =
  | { progress: [bytesRead: number, lines: number] }
  | { ok: true; partial: unknown }
  | { ok: false; kind: string; message: string };

/** Hears the progress of a run (bytes read, lines seen). */
export type ProgressListener = (bytesRead: number, lines: number) => void;

/** Young-generation size of each worker's heap (V8's default is 16-32 MB). */
const WORKER_YOUNG_GENERATION_MB = 8;

// From src/ (tests) and from dist/ alike this resolves to the built worker.
const WORKER_URL = new URL("../dist/worker.js", import.meta.url);

/** analyze over `threads` workers. */
export async function analyzeInWorkers(
  paths: string[],
  schema: Record<string, unknown>,
  options: WorkerOptions<AnalyzeOptions>,
  threads: number,
  onProgress?: ProgressListener,
): Promise<AnalyzeReport> {
  const job = (partition: Partition): WorkerJob => ({
    command: "analyze",
    options,
    paths,
    schema,
    partition,
  });
  const partials = await runWorkers(threads, job, onProgress);
  return mergeAnalyze(partials as Parameters<typeof mergeAnalyze>[0], options as AnalyzeOptions, paths);
}

/** validate over `threads` workers. */
export async function validateInWorkers(
  paths: string[],
  schema: Record<string, unknown>,
  options: WorkerOptions<ValidateOptions>,
  threads: number,
  onProgress?: ProgressListener,
): Promise<ValidateResult> {
  const job = (partition: Partition): WorkerJob => ({
    command: "validate",
    options,
    paths,
    schema,
    partition,
  });
  const partials = await runWorkers(threads, job, onProgress);
  return mergeValidate(partials as Parameters<typeof mergeValidate>[0], options as ValidateOptions, paths);
}

async function runWorkers(
  threads: number,
  job: (partition: Partition) => WorkerJob,
  onProgress: ProgressListener | undefined,
): Promise<unknown[]> {
  const workers: Worker[] = [];
  try {
    const replies = await Promise.all(
      Array.from({ length: threads }, (_, index) => {
        const worker = new Worker(WORKER_URL, {
          workerData: job({ index, count: threads }),
          // A small young generation: the scan's garbage dies young anyway, and peak RSS drops by ~35 MB a worker.
          resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
        });
        workers.push(worker);
        return new Promise<Exclude<WorkerReply, { progress: unknown }>>((resolve, reject) => {
          worker.on("message", (reply: WorkerReply) => {
            if ("progress" in reply) onProgress?.(...reply.progress);
            else resolve(reply);
          });
          worker.once("error", reject);
          worker.once("exit", (code) => reject(new Error(`worker stopped with exit code ${code}`)));
        });
      }),
    );
    return replies.map((reply) => {
      if (reply.ok) return reply.partial;
      if (reply.kind === "input") throw new InputError(reply.message);
      if (reply.kind === "schema") throw new SchemaError(reply.message);
      throw new Error(reply.message);
    });
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
