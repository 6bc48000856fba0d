// collect at the CLI edge: --listen, the token's source, the loopback rule of --no-auth, signals, exit code.
import { readFile, stat } from "node:fs/promises";
import { isIP } from "node:net";
import { InvalidArgumentError } from "commander";
import { renderCollectNotice } from "../render/collect-log.js";
import { describeSystemError } from "../render/collect-start.js";
import { type CliIO, EXIT, reportFailure, UsageError } from "./io.js";

/** Flags of collect. */
export interface CollectFlags {
  listen: { host: string; port: number };
  outDir: string;
  token?: string;
  tokenFile?: string;
  /** false with --no-auth. */
  auth: boolean;
  maxBodyBytes: number;
  maxConnections: number;
  receivedAt?: boolean;
  retainDays?: number;
}

/** The environment variable that may hold the token. */
export const TOKEN_ENV = "TELTEL_EVENTS_TOKEN";
/** How long a stop waits for the requests in flight before cutting their connections (the request timeout). */
const STOP_GRACE_MS = 30_000;
const MIN_TOKEN_LENGTH = 16;
// Printable ASCII without spaces: it must travel unchanged in a header and (percent-encoded) in a URL.
const TOKEN_CHARACTERS = /^[\x21-\x7e]+$/;

/** --listen HOST:PORT ([::1]:8080 for IPv6; port 0 picks a free port). */
export function listenAddress(value: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(value.trim());
  const host = match?.[1] ?? match?.[2];
  const port = Number(match?.[3]);
  if (host === undefined || !Number.isInteger(port) || port > 65_535)
    throw new InvalidArgumentError("expected HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080.");
  if (match?.[1] !== undefined && isIP(host) !== 6)
    throw new InvalidArgumentError("expected an IPv6 address inside the brackets.");
  return { host, port };
}

/** Whether an address is the machine's own (127.0.0.0/8, ::1, localhost). */
export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || (isIP(host) === 4 && host.startsWith("127."));
}

/** Runs collect until SIGTERM/SIGINT (io.onStop); 0 after a clean stop, 2 when it cannot start or sync. */
export async function runCollect(flags: CollectFlags, io: CliIO): Promise<number> {
  try {
    const token = await resolveToken(flags, io);
    if (token === undefined && !isLoopback(flags.listen.host))
      throw new UsageError(
        `--no-auth is allowed only on a loopback address (127.0.0.1, ::1), not ${flags.listen.host}.`,
      );
    // Loaded here: the other commands never load the HTTP server.
    const { startCollector } = await import("../commands/collect.js");
    const collector = await startCollector(
      {
        host: flags.listen.host,
        port: flags.listen.port,
        outDir: flags.outDir,
        token,
        maxBodyBytes: flags.maxBodyBytes,
        maxConnections: flags.maxConnections,
        receivedAt: flags.receivedAt === true,
        ...(flags.retainDays === undefined ? {} : { retainDays: flags.retainDays }),
      },
      (notice) => io.stderr.write(renderCollectNotice(notice, new Date())),
    );
    let unsubscribe = (): void => {};
    await new Promise<void>((resolve) => {
      let stopping = false;
      unsubscribe =
        io.onStop?.(() => {
          // The second signal cuts the connections still open; what was acknowledged is already synced.
          if (stopping) collector.cut();
          stopping = true;
          resolve();
        }) ?? unsubscribe;
    });
    try {
      await collector.stop(STOP_GRACE_MS);
    } finally {
      unsubscribe();
    }
    return EXIT.ok;
  } catch (error) {
    return reportFailure(error, io);
  }
}

/** The token from --token, --token-file or TELTEL_EVENTS_TOKEN; undefined with --no-auth. */
async function resolveToken(flags: CollectFlags, io: CliIO): Promise<string | undefined> {
  const fromEnv = io.env[TOKEN_ENV];
  if (!flags.auth) {
    if (flags.token !== undefined || flags.tokenFile !== undefined || (fromEnv ?? "") !== "")
      throw new UsageError(`--no-auth contradicts a token (--token, --token-file or ${TOKEN_ENV}).`);
    return undefined;
  }
  if (flags.token !== undefined && flags.tokenFile !== undefined)
    throw new UsageError("give the token once: --token or --token-file, not both.");
  let token = flags.token ?? fromEnv;
  if (flags.tokenFile !== undefined) token = await readTokenFile(flags.tokenFile, io);
  if (token === undefined || token === "")
    throw new UsageError(
      `no token: give --token-file FILE, --token TOKEN or ${TOKEN_ENV} (or --no-auth on a loopback address).`,
    );
  if (token.length < MIN_TOKEN_LENGTH || !TOKEN_CHARACTERS.test(token))
    throw new UsageError(
      `the token must be at least ${MIN_TOKEN_LENGTH} printable ASCII characters without spaces (e.g. openssl rand -hex 32).`,
    );
  return token;
}

async function readTokenFile(path: string, io: CliIO): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
    // A token anyone on the machine can read is no secret: say so, but start (the file is the user's choice).
    if (((await stat(path)).mode & 0o004) !== 0)
      io.stderr.write(`teltel-events: warning: ${path} is readable by every user; chmod 600 it.\n`);
  } catch (error) {
    throw new UsageError(`cannot read the token file ${path}: ${describeSystemError(error)}.`);
  }
  return text.trim();
}
