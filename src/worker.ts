// Worker-thread entry: compiles the schema, takes its turn at reading and splitting the chunks the main thread
// posts, scans every chunk's lines for one partition of analyze or validate, and posts the partial back.
import { parentPort, receiveMessageOnPort, workerData } from "node:worker_threads";
import { analyzePartition } from "./commands/analyze.js";
import { validatePartition } from "./commands/validate.js";
import type { ScanSource } from "./ingest/batch.js";
import { type WalkInput, walkChunks } from "./ingest/chunk-walk.js";
import { InputError } from "./ingest/read.js";
import { createEventValidator, SchemaError } from "./ingest/validate.js";
import type { WorkerJob, WorkerReply } from "./parallel.js";

async function runJob(job: WorkerJob): Promise<WorkerReply> {
  try {
    const validator = createEventValidator(job.schema);
    const port = parentPort;
    if (port === null) throw new Error("not a worker thread");
    // Messages are taken when wanted (never as events): the walk blocks on shared memory, not on the loop.
    const receive = (): WalkInput | undefined => receiveMessageOnPort(port)?.message as WalkInput | undefined;
    const rule = { maxLineBytes: job.options.maxLineBytes, partitions: job.partition.count };
    const through = (): void => port.postMessage({ done: 1 } satisfies WorkerReply);
    const batches = walkChunks(new Int32Array(job.control), receive, rule, through);
    const source: ScanSource = { fileNames: job.fileNames, batches };
    const partial =
      job.command === "analyze"
        ? await analyzePartition(source, { ...job.options, validator }, job.partition)
        : await validatePartition(source, { ...job.options, validator }, job.partition);
    return { ok: true, partial };
  } catch (error) {
    const kind = error instanceof InputError ? "input" : error instanceof SchemaError ? "schema" : "internal";
    return { ok: false, kind, message: error instanceof Error ? error.message : String(error) };
  }
}

parentPort?.postMessage(await runJob(workerData as WorkerJob));
