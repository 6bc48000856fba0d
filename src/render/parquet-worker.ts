// Worker-thread entry of the threaded Parquet encoder: encodes the row groups posted to it, in order, and
// posts each group's bytes back on its reply port (parquet-thread.ts).
import { type MessagePort, parentPort, workerData } from "node:worker_threads";
import { parquetGroupWriter } from "./parquet-group.js";
import type { EncoderJob, EncoderReply, EncoderTask } from "./parquet-thread.js";

const job = workerData as EncoderJob;
const replies = job.port as MessagePort;
const done = new Int32Array(job.done);
const file = parquetGroupWriter(job.columns, job.createdBy);

/** Posts a reply (its bytes moved, not copied), then counts it so a waiting main thread wakes. */
function reply(message: EncoderReply): void {
  replies.postMessage(
    message,
    "chunks" in message ? message.chunks.map((chunk) => chunk.buffer as ArrayBuffer) : [],
  );
  Atomics.add(done, 0, 1);
  Atomics.notify(done, 0);
}

// The parts of the group being received.
let parts: unknown[][][] = [];
let rows = 0;

parentPort?.on("message", (task: EncoderTask) => {
  try {
    if ("data" in task) {
      parts.push(task.data);
      rows += task.rows;
      if (!task.last) return;
      const data = job.columns.map((_, i) => ([] as unknown[]).concat(...parts.map((part) => part[i])));
      const chunks = file.write(data, rows);
      parts = [];
      rows = 0;
      reply({ chunks });
    } else {
      reply({ chunks: file.finish() });
      parentPort?.close();
      replies.close();
    }
  } catch (error) {
    reply({ error: error instanceof Error ? error.message : String(error) });
  }
});
