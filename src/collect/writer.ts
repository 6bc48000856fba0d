// The durable writer: lines appended to DIR/PREFIX-YYYY-MM-DD.ndjson (UTC day of receipt), group-committed.
import { join } from "node:path";
import type { AppendFile, FileLayer } from "./file-layer.js";

/** What the writer reports as it goes (the CLI prints them; /healthz shows the state). */
export type WriterNotice =
  | { kind: "repaired"; file: string }
  | { kind: "disk-failed"; file: string; error: string }
  | { kind: "disk-recovered"; file: string };

/** A writer's state for /healthz. */
export interface WriterState {
  /** The file being appended to, if one is open (its name, without the directory). */
  file: string | undefined;
  /** Set while the last attempt to write failed; cleared by the next batch that reaches the disk. */
  failing: { since: string; error: string } | undefined;
  /** Batches written and fdatasynced so far (lines / batches = how many requests one sync covered). */
  batches: number;
}

/** A daily file writer: append() resolves only once the lines are written and fdatasynced. */
export interface DailyWriter {
  /** Opens (and repairs) today's file now, so a bad directory is found at start. */
  start(now: Date): Promise<void>;
  /** Appends the lines (each without its line ending) to the file of `receivedAt`'s UTC day. */
  append(lines: readonly string[], receivedAt: Date): Promise<void>;
  state(): WriterState;
  /** Writes what is queued, fdatasyncs and closes the file; append() fails afterwards. */
  close(): Promise<void>;
}

/** An append that did not reach the disk: the lines were not acknowledged. */
export class DiskError extends Error {}

interface Pending {
  bytes: Buffer;
  day: string;
  resolve(): void;
  reject(error: Error): void;
}

const NEWLINE = 0x0a;

/** The UTC date of an instant, YYYY-MM-DD. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/**
 * A writer of `dir/prefix-YYYY-MM-DD.ndjson`. Appends that arrive while a batch is being written wait and go
 * to the disk together in the next batch: one write and one fdatasync per batch (group commit), so the cost of
 * a sync is shared by every request of those few milliseconds. A day change syncs and closes the old file and
 * syncs the directory once the new file exists. A file opened for appending whose last line has no line ending
 * (a crash, or a failed write) gets one first, so the partial line stays one line and never glues onto the next.
 */
export function createDailyWriter(options: {
  dir: string;
  prefix: string;
  files: FileLayer;
  notify: (notice: WriterNotice) => void;
}): DailyWriter {
  const { dir, prefix, files, notify } = options;
  let queue: Pending[] = [];
  let flushing: Promise<void> | undefined;
  let open: { day: string; name: string; file: AppendFile } | undefined;
  let failing: WriterState["failing"];
  let batches = 0;
  let closed = false;

  const nameOf = (day: string): string => `${prefix}-${day}.ndjson`;

  async function openDay(day: string): Promise<AppendFile> {
    if (open?.day === day) return open.file;
    if (open !== undefined) {
      const old = open;
      open = undefined;
      await old.file.datasync();
      await old.file.close();
    }
    const name = nameOf(day);
    const file = await files.openAppend(join(dir, name));
    try {
      const size = await file.size();
      if (size > 0 && (await file.byteAt(size - 1)) !== NEWLINE) {
        await writeAll(file, Buffer.from("\n"));
        await file.datasync();
        notify({ kind: "repaired", file: name });
      }
      // The file may be new: its directory entry must be durable before anything in it is acknowledged.
      await files.syncDirectory(dir);
    } catch (error) {
      await file.close().catch(() => {});
      throw error;
    }
    open = { day, name, file };
    return file;
  }

  async function writeBatch(day: string, batch: Pending[]): Promise<void> {
    try {
      const file = await openDay(day);
      await writeAll(file, Buffer.concat(batch.map((p) => p.bytes)));
      await file.datasync();
      batches += 1;
    } catch (error) {
      const message = errorText(error);
      const name = open?.name ?? nameOf(day);
      // Reopen next time: after a failed fdatasync the kernel may have dropped the pages, and a later sync
      // on the same descriptor could succeed without them.
      const broken = open;
      open = undefined;
      await broken?.file.close().catch(() => {});
      if (failing === undefined) notify({ kind: "disk-failed", file: name, error: message });
      failing = { since: failing?.since ?? new Date().toISOString(), error: message };
      for (const p of batch) p.reject(new DiskError(message));
      return;
    }
    if (failing !== undefined) {
      failing = undefined;
      notify({ kind: "disk-recovered", file: nameOf(day) });
    }
    for (const p of batch) p.resolve();
  }

  async function flush(): Promise<void> {
    try {
      while (queue.length > 0) {
        const batch = queue;
        queue = [];
        // A batch may straddle midnight: write it as runs of one day each, in order.
        let start = 0;
        for (let i = 1; i <= batch.length; i += 1) {
          if (i === batch.length || batch[i]?.day !== batch[start]?.day) {
            await writeBatch(batch[start]?.day as string, batch.slice(start, i));
            start = i;
          }
        }
      }
    } finally {
      // Whatever happened, the next append starts a new flush rather than waiting on this one.
      flushing = undefined;
    }
  }

  return {
    async start(now) {
      await openDay(utcDay(now));
    },
    append(lines, receivedAt) {
      if (closed) return Promise.reject(new DiskError("the writer is closed"));
      return new Promise<void>((resolve, reject) => {
        const bytes = Buffer.from(lines.map((line) => `${line}\n`).join(""), "utf8");
        queue.push({ bytes, day: utcDay(receivedAt), resolve, reject });
        // setImmediate: the requests that complete in this turn of the event loop share the first batch.
        flushing ??= new Promise<void>((done) => setImmediate(() => void flush().finally(done)));
      });
    },
    state: () => ({ file: open?.name, failing, batches }),
    async close() {
      closed = true;
      await flushing;
      const last = open;
      open = undefined;
      if (last !== undefined) {
        await last.file.datasync();
        await last.file.close();
      }
    },
  };
}

async function writeAll(file: AppendFile, data: Buffer): Promise<void> {
  for (let done = 0; done < data.length; ) {
    const written = await file.write(data.subarray(done));
    if (written <= 0) throw new Error("the write made no progress");
    done += written;
  }
}

function errorText(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const message = error instanceof Error ? error.message : String(error);
  return code !== undefined && !message.startsWith(code) ? `${code}: ${message}` : message;
}
