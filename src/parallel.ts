// Runs analyze or validate in worker threads, one partition of the sessions each, and merges their partials.
import { Worker } from "node:worker_threads";
import { type AnalyzeOptions, type AnalyzeReport, mergeAnalyze } from "./commands/analyze.js";
import { mergeValidate, type ValidateOptions, type ValidateResult } from "./commands/validate.js";
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
  partition: { index: number; count: number };
}

/** What a worker posts back: its partial, or the error that stopped it. */
export type WorkerReply = { ok: true; partial: unknown } | { ok: false; kind: string; message: string };

// From src/ (tests) and from dist/ alike this resolves to the built worker.
const WORKER_URL = new URL("../dist/worker.js", import.meta.url);

/** analyze over `threads` workers. */
export async function analyzeInWorkers(
  paths: string[],
  schema: Record<string, unknown>,
  options: WorkerOptions<AnalyzeOptions>,
  threads: number,
): Promise<AnalyzeReport> {
  const partials = await runWorkers(threads, (partition) => ({
    command: "analyze",
    options,
    paths,
    schema,
    partition,
  }));
  return mergeAnalyze(partials as Parameters<typeof mergeAnalyze>[0], options as AnalyzeOptions, paths);
}

/** validate over `threads` workers. */
export async function validateInWorkers(
  paths: string[],
  schema: Record<string, unknown>,
  options: WorkerOptions<ValidateOptions>,
  threads: number,
): Promise<ValidateResult> {
  const partials = await runWorkers(threads, (partition) => ({
    command: "validate",
    options,
    paths,
    schema,
    partition,
  }));
  return mergeValidate(partials as Parameters<typeof mergeValidate>[0], options as ValidateOptions, paths);
}

async function runWorkers(
  threads: number,
  job: (partition: { index: number; count: number }) => WorkerJob,
): Promise<unknown[]> {
  const workers: Worker[] = [];
  try {
    const replies = await Promise.all(
      Array.from({ length: threads }, (_, index) => {
        const worker = new Worker(WORKER_URL, { workerData: job({ index, count: threads }) });
        workers.push(worker);
        return new Promise<WorkerReply>((resolve, reject) => {
          worker.once("message", resolve);
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
