// Worker-thread entry: compiles the schema, runs one partition of analyze or validate, posts the partial back.
import { Readable } from "node:stream";
import { parentPort, workerData } from "node:worker_threads";
import { analyzePartition } from "./commands/analyze.js";
import { validatePartition } from "./commands/validate.js";
import type { WorkerJob, WorkerReply } from "./parallel.js";
import { InputError, inputSources } from "./pipeline/read.js";
import { createEventValidator, SchemaError } from "./pipeline/validate.js";

async function runJob(job: WorkerJob): Promise<WorkerReply> {
  try {
    const validator = createEventValidator(job.schema);
    // Workers read files only; stdin is read by a single-threaded run.
    const inputs = inputSources(job.paths, Readable.from([]));
    // Every worker reads every byte; the first one reports progress for all.
    const onProgress =
      job.partition.index === 0
        ? (bytesRead: number, lines: number) => parentPort?.postMessage({ progress: [bytesRead, lines] })
        : undefined;
    const extra = { validator, ...(onProgress ? { onProgress } : {}) };
    const partial =
      job.command === "analyze"
        ? await analyzePartition(inputs, { ...job.options, ...extra }, job.partition)
        : await validatePartition(inputs, { ...job.options, ...extra }, job.partition);
    return { ok: true, partial };
  } catch (error) {
    const kind = error instanceof InputError ? "input" : error instanceof SchemaError ? "schema" : "internal";
    return { ok: false, kind, message: error instanceof Error ? error.message : String(error) };
  }
}

parentPort?.postMessage(await runJob(workerData as WorkerJob));
