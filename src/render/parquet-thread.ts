// Threaded Parquet encoder: this thread turns rows into columns; a worker encodes the row groups, so the
// encoding runs next to the scan instead of after it.
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import { DEFAULT_ROW_GROUP_ROWS, type ParquetEncoderOptions } from "./parquet.js";
import type { ParquetColumn } from "./parquet-schema.js";
import { columnBuffer } from "./parquet-values.js";

/** What the encoder worker is started with: the columns, the file's created_by, its reply port and counter. */
export interface EncoderJob {
  columns: readonly ParquetColumn[];
  createdBy: string;
  /** Where the worker posts its replies (read here without waiting for the event loop). */
  port: unknown;
  /** One Int32: how many replies the worker has posted. */
  done: SharedArrayBuffer;
}

/**
 * Part of a row group (columns of stored values; `last` ends the group, which the worker then encodes), or
 * the end of the file.
 */
export type EncoderTask = { data: unknown[][]; rows: number; last: boolean } | { finish: true };

/** The bytes of one task, in file order, or the error that stopped the worker. */
export type EncoderReply = { chunks: Uint8Array[] } | { error: string };

/** Like ParquetEncoder, but the last bytes come once the worker has written them. */
export interface ThreadedParquetEncoder<Row> {
  /** The bytes the worker has finished so far (possibly none); waits only when it is too far behind. */
  add(row: Row): Uint8Array[];
  finish(): Promise<Uint8Array[]>;
  /** Stops the worker (after finish, or when the run failed before it). */
  stop(): Promise<void>;
}

/** Row groups posted and not yet encoded before `add` waits: the memory held is about this many groups. */
const GROUPS_AHEAD = 2;
/**
 * Rows this thread holds before it posts them as part of a group: few enough that they are posted while
 * still in V8's young generation, not copied to the old one first.
 */
const PART_ROWS = 1024;
/**
 * Young-generation size of the worker's heap: 4 MB cost the 1M per-event export's encoder much more GC, V8's
 * default (16-32 MB) ~40 MB more peak RSS on the per-call one for no CPU measured.
 */
const WORKER_YOUNG_GENERATION_MB = 16;
/** The longest this thread blocks for the worker at once. */
const WAIT_MS = 2000;

// From src/ (tests) and from dist/ alike this resolves to the built worker.
const WORKER_URL = new URL("../../dist/render/parquet-worker.js", import.meta.url);

/**
 * The same file as parquetEncoder writes, byte for byte and in the same chunks, encoded in a worker thread.
 * The worker is unreferenced: a run that fails before finish() does not wait for it.
 */
export function threadedParquetEncoder<Row extends object>(
  columns: readonly ParquetColumn[],
  options: ParquetEncoderOptions = {},
): ThreadedParquetEncoder<Row> {
  const rowGroupRows = options.rowGroupRows ?? DEFAULT_ROW_GROUP_ROWS;
  const buffer = columnBuffer(columns);
  const channel = new MessageChannel();
  const done = new Int32Array(new SharedArrayBuffer(4));
  const job: EncoderJob = {
    columns,
    createdBy: options.createdBy ?? "teltel-events",
    port: channel.port2,
    done: done.buffer as SharedArrayBuffer,
  };
  const worker = new Worker(WORKER_URL, {
    workerData: job,
    transferList: [channel.port2],
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
  });
  worker.unref();
  let stopped: Error | undefined;
  const exited = new Promise<void>((resolve) => {
    worker.once("error", (error) => {
      stopped ??= error;
      resolve();
    });
    worker.once("exit", (code) => {
      stopped ??= new Error(`the Parquet encoder stopped with exit code ${code}`);
      resolve();
    });
  });
  let posted = 0;
  let received = 0;
  const take = (): Uint8Array[] => {
    const out: Uint8Array[] = [];
    for (let message = receiveMessageOnPort(channel.port1); message !== undefined; ) {
      const reply = message.message as EncoderReply;
      received += 1;
      if ("error" in reply) throw new Error(reply.error);
      out.push(...reply.chunks);
      message = receiveMessageOnPort(channel.port1);
    }
    if (stopped !== undefined && received < posted) throw stopped;
    return out;
  };
  // Rows of the current group already posted; a task that ends a group (or the file) gets one reply.
  let groupRows = 0;
  const post = (task: EncoderTask): void => {
    worker.postMessage(task);
    if ("data" in task) groupRows = task.last ? 0 : groupRows + task.rows;
    if (!("data" in task) || task.last) posted += 1;
  };
  return {
    add(row) {
      const held = buffer.add(row);
      const last = groupRows + held >= rowGroupRows;
      if (!last && held < PART_ROWS) return [];
      post({ ...buffer.take(), last });
      if (!last) return [];
      // A worker that died cannot wake this thread: the wait is bounded, and its end is seen when the event
      // loop next turns (the `exit` event), which the scan gives it between batches.
      const target = posted - GROUPS_AHEAD;
      for (let seen = Atomics.load(done, 0); seen < target && stopped === undefined; ) {
        if (Atomics.wait(done, 0, seen, WAIT_MS) === "timed-out") break;
        seen = Atomics.load(done, 0);
      }
      return take();
    },
    async finish() {
      const part = buffer.take();
      if (groupRows + part.rows > 0) post({ ...part, last: true });
      post({ finish: true });
      // Atomics.waitAsync alone does not keep the process alive: the worker does, until it is done.
      worker.ref();
      const out: Uint8Array[] = [];
      while (received < posted) {
        out.push(...take());
        if (received < posted) await Promise.race([exited, waitAsync(done, received)]);
      }
      return out;
    },
    async stop() {
      await worker.terminate();
    },
  };
}

/** Resolves once the counter moves past `seen`, without blocking this thread. */
async function waitAsync(counter: Int32Array, seen: number): Promise<void> {
  // Atomics.waitAsync is in Node 20 but not in the ES2023 lib of tsconfig.json.
  const { waitAsync } = Atomics as unknown as {
    waitAsync(on: Int32Array, index: number, value: number): { async: boolean; value: unknown };
  };
  const result = waitAsync(counter, 0, seen);
  if (result.async) await result.value;
}
