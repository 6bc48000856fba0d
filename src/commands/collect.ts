// collect: the webhook receiver and its writers started together in a locked directory, a summary each minute,
// stopped together.
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { tokenCheck } from "../collect/auth.js";
import { CollectError } from "../collect/collect-error.js";
import { DirectoryError, makeDirectory } from "../collect/directory.js";
import { type FileLayer, nodeFileLayer } from "../collect/file-layer.js";
import { type DirectoryLock, LockHeldError, lockDirectory } from "../collect/lock.js";
import { type HeldRefusals, refusalLog } from "../collect/refusal-log.js";
import {
  type CollectorCounts,
  type Receiver,
  type RefusedNotice,
  type ServerErrorNotice,
  startReceiver,
} from "../collect/server.js";
import { type PruneResult, pruneDirectory } from "../collect/retention.js";
import { createDailyWriter, utcDay, type WriterNotice } from "../collect/writer.js";
import {
  describeSystemError,
  directorySentence,
  fileProblem,
  lockSentence,
} from "../render/collect-start.js";

/** The settings of a collect run. */
export interface CollectOptions {
  host: string;
  port: number;
  outDir: string;
  /** undefined: no authentication (the CLI allows it only on a loopback address). */
  token: string | undefined;
  maxBodyBytes: number;
  maxConnections: number;
  receivedAt: boolean;
  /** --retain-days: daily files older than this many days are removed at start and at each UTC day change. */
  retainDays?: number;
  /** The file layer (tests inject failures); the real one by default. */
  files?: FileLayer;
  now?: () => Date;
  summaryIntervalMs?: number;
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
}

/** Everything collect reports while it runs; the CLI renders each as one stderr line. */
export type CollectNotice =
  | RefusedNotice
  | ServerErrorNotice
  | WriterNotice
  | { kind: "listening"; url: string; dir: string; auth: boolean }
  | {
      kind: "summary";
      intervalMs: number;
      /** Counts in the interval. */
      accepted: number;
      rejected: number;
      unauthorised: number;
      unavailable: number;
      totalAccepted: number;
      file: string | undefined;
    }
  | {
      kind: "refusals-held";
      intervalMs: number;
      /** Refusals of requests that did not authenticate, past the few logged one by one in the interval. */
      held: HeldRefusals;
    }
  | { kind: "retention"; result: PruneResult; retainDays: number }
  | { kind: "stopping" }
  | { kind: "stopped"; counts: CollectorCounts };

/** A running collector. */
export interface Collector {
  address: AddressInfo;
  health(): Record<string, unknown>;
  /** Stops accepting, finishes what is in flight (cut after `graceMs`), fsyncs and closes the files. */
  stop(graceMs: number): Promise<CollectorCounts>;
  /** Cuts the connections still open now (a second signal while stopping). */
  cut(): void;
}

const SUMMARY_INTERVAL_MS = 60_000;

/** Starts collect: the directory made and locked, today's dump opened (and repaired), then the listening socket. */
export async function startCollector(
  options: CollectOptions,
  notify: (notice: CollectNotice) => void,
): Promise<Collector> {
  const { outDir } = options;
  try {
    await makeDirectory(outDir);
  } catch (error) {
    if (error instanceof DirectoryError)
      throw new CollectError(directorySentence(outDir, resolve(outDir), error.problem));
    throw error;
  }
  let lock: DirectoryLock;
  try {
    lock = await lockDirectory(outDir);
  } catch (error) {
    if (error instanceof LockHeldError) throw new CollectError(lockSentence(outDir, error));
    throw new CollectError(`cannot write in ${outDir}: ${fileProblem(outDir, error)}.`);
  }
  try {
    const collector = await run(options, notify);
    return {
      ...collector,
      async stop(graceMs) {
        try {
          return await collector.stop(graceMs);
        } finally {
          await lock.release().catch(() => {});
        }
      },
    };
  } catch (error) {
    await lock.release().catch(() => {});
    throw error;
  }
}

/** The collector in a directory it holds: writers, receiver, the summary and the brake on the access log. */
async function run(options: CollectOptions, notify: (notice: CollectNotice) => void): Promise<Collector> {
  const now = options.now ?? (() => new Date());
  const files = options.files ?? nodeFileLayer;
  const intervalMs = options.summaryIntervalMs ?? SUMMARY_INTERVAL_MS;
  // One line per stranger's request would let anyone fill the log: past a few an interval, they are counted.
  const refusals = refusalLog();
  const reportHeld = (): void => {
    const held = refusals.endInterval();
    if (held !== undefined) notify({ kind: "refusals-held", intervalMs, held });
  };
  const writerOptions = { dir: options.outDir, files, notify };
  const events = createDailyWriter({ ...writerOptions, prefix: "events" });
  const rejected = createDailyWriter({ ...writerOptions, prefix: "rejected" });
  try {
    await events.start(now());
  } catch (error) {
    throw new CollectError(
      `cannot write the dump in ${options.outDir}: ${fileProblem(options.outDir, error)}.`,
    );
  }
  let receiver: Receiver;
  try {
    receiver = await startReceiver(
      {
        checkToken: options.token === undefined ? undefined : tokenCheck(options.token),
        maxBodyBytes: options.maxBodyBytes,
        maxConnections: options.maxConnections,
        receivedAt: options.receivedAt,
        events,
        rejected,
        now,
        notify: (notice) => {
          if (notice.kind !== "refused" || refusals.admit(notice)) notify(notice);
        },
        ...(options.headersTimeoutMs === undefined ? {} : { headersTimeoutMs: options.headersTimeoutMs }),
        ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
      },
      options.host,
      options.port,
    );
  } catch (error) {
    await events.close().catch(() => {});
    throw new CollectError(
      `cannot listen on ${options.host}:${options.port}: ${describeSystemError(error)}.`,
    );
  }
  const { address } = receiver;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  notify({
    kind: "listening",
    url: `http://${host}:${address.port}/events`,
    dir: options.outDir,
    auth: options.token !== undefined,
  });

  // Retention runs at start and once per UTC day after (checked with each summary); a failure is logged.
  let retainedDay: string | undefined;
  const retain = async (): Promise<void> => {
    const days = options.retainDays;
    const at = now();
    if (days === undefined || utcDay(at) === retainedDay) return;
    retainedDay = utcDay(at);
    try {
      const result = await pruneDirectory(options.outDir, at, days * 86_400, { files });
      if (result.removed.length > 0 || result.failed.length > 0)
        notify({ kind: "retention", result, retainDays: days });
    } catch (error) {
      const failed = [{ name: options.outDir, error: describeSystemError(error) }];
      notify({ kind: "retention", result: { removed: [], failed, kept: 0 }, retainDays: days });
    }
  };
  await retain();
  let last = receiver.counts();
  const summary = setInterval(() => {
    void retain();
    const counts = receiver.counts();
    notify({
      kind: "summary",
      intervalMs,
      accepted: counts.accepted - last.accepted,
      rejected: counts.rejected - last.rejected,
      unauthorised: counts.unauthorised - last.unauthorised,
      unavailable: counts.unavailable - last.unavailable,
      totalAccepted: counts.accepted,
      file: events.state().file,
    });
    last = counts;
    reportHeld();
  }, intervalMs);
  summary.unref();

  return {
    address,
    health: receiver.health,
    cut: receiver.cut,
    async stop(graceMs) {
      clearInterval(summary);
      notify({ kind: "stopping" });
      await receiver.close(graceMs);
      reportHeld();
      // Both writers are closed even if one fails; the first failure is the one reported.
      const closing = await Promise.allSettled([events.close(), rejected.close()]);
      const failed = closing.find((result) => result.status === "rejected");
      if (failed !== undefined)
        throw new CollectError(`cannot sync the dump at shutdown: ${describeSystemError(failed.reason)}.`);
      const counts = receiver.counts();
      notify({ kind: "stopped", counts });
      return counts;
    },
  };
}
