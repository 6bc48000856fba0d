// Worker-thread entry: compiles the schema, scans the batches the main thread posts for one partition of
// analyze or validate, and posts the partial back.
import { parentPort, workerData } from "node:worker_threads";
import { analyzePartition } from "./commands/analyze.js";
import { validatePartition } from "./commands/validate.js";
import type { ScanBatch, ScanSource } from "./ingest/batch.js";
import { InputError } from "./ingest/read.js";
import { createEventValidator, SchemaError } from "./ingest/validate.js";
import { tableViews, type WorkerInput, type WorkerJob, type WorkerReply } from "./parallel.js";

/** The batches as they arrive, one at a time; each is acknowledged once the scan asks for the next. */
async function* receiveBatches(): AsyncGenerator<ScanBatch> {
  const waiting: WorkerInput[] = [];
  let wake: (() => void) | undefined;
  parentPort?.on("message", (input: WorkerInput) => {
    waiting.push(input);
    wake?.();
  });
  for (;;) {
    const input = waiting.shift();
    if (input === undefined) {
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = undefined;
      continue;
    }
    if ("end" in input) return;
    // The bytes, spans and peeks stay in shared memory (no copy) until this worker says it is done with them.
    yield {
      ...input.batch,
      ...tableViews(input.table, input.lines),
      buf: Buffer.from(input.slot, 0, input.length),
    };
    parentPort?.postMessage({ done: 1 } satisfies WorkerReply);
  }
}

async function runJob(job: WorkerJob): Promise<WorkerReply> {
  try {
    const validator = createEventValidator(job.schema);
    const source: ScanSource = { fileNames: job.fileNames, batches: receiveBatches() };
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
