// collect: the webhook receiver and its writers started together, a summary each minute, stopped together.
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { tokenCheck } from "../collect/auth.js";
import { CollectError, describeSystemError } from "../collect/collect-error.js";
import { DirectoryError, type DirectoryProblem, makeDirectory } from "../collect/directory.js";
import { type FileLayer, nodeFileLayer } from "../collect/file-layer.js";
import {
  type CollectorCounts,
  type Receiver,
  type RefusedNotice,
  type ServerErrorNotice,
  startReceiver,
} from "../collect/server.js";
import { type HeldRefusals, refusalLog } from "../collect/refusal-log.js";
import { createDailyWriter, type WriterNotice } from "../collect/writer.js";

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

/** Starts collect: the directory and today's dump opened (and repaired), then the listening socket. */
export async function startCollector(
  options: CollectOptions,
  notify: (notice: CollectNotice) => void,
): Promise<Collector> {
  const now = options.now ?? (() => new Date());
  // One line per stranger's request would let anyone fill the log: past a few an interval, they are counted.
  const refusals = refusalLog();
  const intervalMs = options.summaryIntervalMs ?? SUMMARY_INTERVAL_MS;
  const reportHeld = (): void => {
    const held = refusals.endInterval();
    if (held !== undefined) notify({ kind: "refusals-held", intervalMs, held });
  };
  const files = options.files ?? nodeFileLayer;
  try {
    await makeDirectory(options.outDir);
  } catch (error) {
    throw error instanceof DirectoryError
      ? new CollectError(directorySentence(options.outDir, error.problem))
      : error;
  }
  const writerOptions = { dir: options.outDir, files, notify };
  const events = createDailyWriter({ ...writerOptions, prefix: "events" });
  const rejected = createDailyWriter({ ...writerOptions, prefix: "rejected" });
  try {
    await events.start(now());
  } catch (error) {
    throw new CollectError(
      `cannot write the dump in ${options.outDir}: ${fileSentence(options.outDir, error)}.`,
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

  let last = receiver.counts();
  const summary = setInterval(() => {
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

/** Why a file cannot be made in the out-dir; ENOENT in a directory that exists: one that takes no new file. */
function fileSentence(outDir: string, error: unknown): string {
  return (error as NodeJS.ErrnoException).code === "ENOENT"
    ? `the file system takes no new file in ${outDir}`
    : describeSystemError(error);
}

/** The sentence for an out-dir that cannot be made. */
function directorySentence(outDir: string, problem: DirectoryProblem): string {
  if (problem.code === "not-a-directory") {
    const is = problem.file ? "is a file, not a directory" : "is not a directory";
    return problem.path === resolve(outDir)
      ? `--out-dir ${outDir} ${is}.`
      : `cannot create the directory ${outDir}: ${problem.path} ${is}.`;
  }
  if (problem.code === "refused")
    return `cannot create the directory ${outDir}: the file system takes no new directory in ${problem.parent}.`;
  return `cannot create the directory ${outDir}: ${describeSystemError(problem.error)}.`;
}
