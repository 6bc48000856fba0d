// Test support for collect: a collector in-process on 127.0.0.1 (ephemeral port, temporary directory),
// requests over real HTTP, and a file layer that fails on demand.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { type CliIO, main } from "../../src/cli.js";
import type { AppendFile, FileLayer } from "../../src/collect/file-layer.js";
import { nodeFileLayer } from "../../src/collect/file-layer.js";
import { type CollectNotice, type CollectOptions, startCollector } from "../../src/commands/collect.js";

/** The token the tests use. */
export const TOKEN = "test-token-0123456789abcdef";

/** A collector started for a test, its directory and what it reported. */
export interface TestCollector {
  dir: string;
  base: string;
  notices: CollectNotice[];
  stop(): Promise<void>;
  /** The lines of DIR/PREFIX-*.ndjson (all days, in name order); [] when there is none. */
  lines(prefix?: "events" | "rejected"): string[];
  /** The raw text of the dump files of that prefix, joined. */
  text(prefix?: "events" | "rejected"): string;
}

/** Starts a collector on 127.0.0.1:0 in a fresh temporary directory. */
export async function startTestCollector(options: Partial<CollectOptions> = {}): Promise<TestCollector> {
  const dir = mkdtempSync(join(tmpdir(), "teltel-collect-"));
  const notices: CollectNotice[] = [];
  const collector = await startCollector(
    {
      host: "127.0.0.1",
      port: 0,
      outDir: dir,
      token: TOKEN,
      maxBodyBytes: 65_536,
      maxConnections: 64,
      receivedAt: false,
      ...options,
    },
    (notice) => notices.push(notice),
  );
  let stopped = false;
  const text = (prefix: "events" | "rejected" = "events"): string =>
    readdirSync(dir)
      .filter((name) => name.startsWith(`${prefix}-`))
      .sort()
      .map((name) => readFileSync(join(dir, name), "utf8"))
      .join("");
  return {
    dir,
    base: `http://127.0.0.1:${collector.address.port}`,
    notices,
    text,
    lines: (prefix) =>
      text(prefix)
        .split("\n")
        .filter((line) => line !== ""),
    async stop() {
      if (stopped) return;
      stopped = true;
      await collector.stop(2_000);
    },
  };
}

/** Removes a test collector's directory (after stop). */
export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** A plain HTTP response. */
export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request over node:http (any method, raw body, exact headers), with a 10 s bound. */
export function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: Buffer | string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers = { ...options.headers };
    // Every body framed by its length: node sends DELETE and OPTIONS bodies unframed otherwise.
    if (options.body !== undefined) headers["Content-Length"] = String(Buffer.byteLength(options.body));
    const req = request(url, { method: options.method ?? "GET", headers, agent: false });
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer within 10 s: ${options.method} ${url}`)));
    req.on("error", reject);
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString("utf8"),
        }),
      );
      res.on("error", reject);
    });
    req.end(options.body);
  });
}

/** Headers with the test token as a bearer token, plus `more`. */
export function bearer(more: Record<string, string> = {}): Record<string, string> {
  return { Authorization: `Bearer ${TOKEN}`, ...more };
}

/**
 * A file layer over the real one whose writes and syncs fail with `fail.code` while it is set; with
 * `fail.halfWrite`, a failing write first writes half of its bytes (a disk that fills up mid-write).
 */
export function failingFileLayer(): FileLayer & {
  fail: { code: string | undefined; halfWrite: boolean };
  syncs: number;
} {
  const layer = {
    fail: { code: undefined as string | undefined, halfWrite: false },
    syncs: 0,
    async openAppend(path: string): Promise<AppendFile> {
      const file = await nodeFileLayer.openAppend(path);
      const check = (operation: string): void => {
        const code = layer.fail.code;
        if (code !== undefined) throw Object.assign(new Error(`${code}: injected, ${operation}`), { code });
      };
      return {
        size: () => file.size(),
        byteAt: (position) => file.byteAt(position),
        async write(data) {
          if (layer.fail.code !== undefined && layer.fail.halfWrite)
            await file.write(data.subarray(0, Math.floor(data.length / 2)));
          check("write");
          return file.write(data);
        },
        async datasync() {
          check("fdatasync");
          layer.syncs += 1;
          return file.datasync();
        },
        close: () => file.close(),
      };
    },
    syncDirectory: (path: string) => nodeFileLayer.syncDirectory(path),
  };
  return layer;
}

/** A file layer over the real one whose fdatasyncs wait while `hold()` is in force, until `release()`. */
export function gatedFileLayer(): FileLayer & { hold(): void; release(): void; syncs: number } {
  let gate: Promise<void> | undefined;
  let open: (() => void) | undefined;
  const layer = {
    syncs: 0,
    hold() {
      gate = new Promise<void>((resolve) => {
        open = resolve;
      });
    },
    release() {
      open?.();
      gate = undefined;
    },
    async openAppend(path: string): Promise<AppendFile> {
      const file = await nodeFileLayer.openAppend(path);
      return {
        size: () => file.size(),
        byteAt: (position) => file.byteAt(position),
        write: (data) => file.write(data),
        async datasync() {
          await gate;
          layer.syncs += 1;
          return file.datasync();
        },
        close: () => file.close(),
      };
    },
    syncDirectory: (path: string) => nodeFileLayer.syncDirectory(path),
  };
  return layer;
}

/** Polls `check` every 10 ms until it holds; fails after `ms`. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  ms = 5_000,
  what = "a condition",
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A run of main() in-process: stdout, stderr (each as text so far), a stop signal, and the exit code. */
export interface MainRun {
  out(): string;
  err(): string;
  /** Sends the stop signal (SIGTERM) main() subscribed to. */
  signal(): void;
  done: Promise<number>;
}

/** Runs main(argv) with fake process edges; stdin is an empty terminal. */
export function runMain(argv: string[], env: Record<string, string> = {}): MainRun {
  const out: string[] = [];
  const err: string[] = [];
  const handlers = new Set<() => void>();
  const io: CliIO = {
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
    stdin: Object.assign(Readable.from([]), { isTTY: true }),
    env,
    writeFile: (path, text) => writeFile(path, text, "utf8"),
    onStop(stop) {
      handlers.add(stop);
      return () => handlers.delete(stop);
    },
  };
  return {
    out: () => out.join(""),
    err: () => err.join(""),
    signal: () => {
      for (const handler of [...handlers]) handler();
    },
    done: main(argv, io),
  };
}
