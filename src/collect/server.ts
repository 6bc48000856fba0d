// The HTTP receiver: /events (events-route.ts), /healthz, refusals logged, connections limited (connections.ts),
// timeouts, graceful close.
import { createServer, type IncomingMessage, type ServerResponse, STATUS_CODES } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { TokenCheck } from "./auth.js";
import { gateConnections } from "./connections.js";
import { answerEvents, type EventsRoute, type RequestCounts } from "./events-route.js";
import type { DailyWriter } from "./writer.js";

/** What the receiver reports for the access log: one notice per refused request. */
export interface RefusedNotice {
  kind: "refused";
  status: number;
  method: string;
  /** The path, without the query string (which may hold the token). */
  path: string;
  remote: string;
  reason: string;
  /** Whether the request authenticated (the log holds back the lines of those that did not). */
  authenticated: boolean;
}

/** An error of the listening socket itself (e.g. EMFILE: no file descriptor left for a connection). */
export interface ServerErrorNotice {
  kind: "server-error";
  error: string;
}

/** The counters /healthz and the summary line show. */
export interface CollectorCounts extends RequestCounts {
  /** Connections closed at once because --max-connections were open, every one of them authenticated. */
  dropped: number;
  /** Connections that had not authenticated, closed to make room for a new one. */
  evicted: number;
}

/** The receiver's settings and the writers it hands the lines to. */
export interface ReceiverOptions {
  /** undefined: no authentication (--no-auth, loopback only). */
  checkToken: TokenCheck | undefined;
  maxBodyBytes: number;
  maxConnections: number;
  receivedAt: boolean;
  events: DailyWriter;
  rejected: DailyWriter;
  now: () => Date;
  notify: (notice: RefusedNotice | ServerErrorNotice) => void;
  /** Timeouts in ms (tests shorten them). */
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
  keepAliveTimeoutMs?: number;
}

/** A running receiver. */
export interface Receiver {
  address: AddressInfo;
  counts(): CollectorCounts;
  /** The /healthz document. */
  health(): Record<string, unknown>;
  /**
   * Stops accepting connections, lets the requests in flight finish (their lines written and synced by the
   * writers) and resolves once every connection is closed; connections still open after `graceMs` are cut.
   */
  close(graceMs: number): Promise<void>;
  /** Cuts every connection now (a second SIGTERM while stopping). */
  cut(): void;
}

const CLIENT_ERROR_STATUS: Record<string, number> = {
  HPE_HEADER_OVERFLOW: 431,
  ERR_HTTP_REQUEST_TIMEOUT: 408,
};

/** Starts the receiver on host:port (port 0: any free port). */
export function startReceiver(options: ReceiverOptions, host: string, port: number): Promise<Receiver> {
  const { events, rejected, notify } = options;
  const counts: RequestCounts = {
    accepted: 0,
    deliveries: 0,
    rejected: 0,
    unauthorised: 0,
    refused: 0,
    unavailable: 0,
  };
  const startedAt = options.now();
  const inFlight = new Set<Promise<void>>();
  let closing = false;

  const server = createServer(
    {
      headersTimeout: options.headersTimeoutMs ?? 10_000,
      requestTimeout: options.requestTimeoutMs ?? 30_000,
      // How often both timeouts are checked (node's default, 30 s, would let a 10 s timeout run to 40 s).
      connectionsCheckingInterval: 1_000,
      keepAlive: true,
    },
    onRequest,
  );
  // Expect: 100-continue goes through the same checks: a refused request is answered before its body is sent.
  server.on("checkContinue", onRequest);

  function onRequest(req: IncomingMessage, res: ServerResponse): void {
    const handling = handle(req, res).catch(() => {
      if (!res.headersSent) reply(res, 500, { error: "internal error" });
    });
    inFlight.add(handling);
    void handling.finally(() => inFlight.delete(handling));
  }
  // Above the idle timeouts of common proxies (nginx and load balancers keep upstream connections ~60 s).
  server.keepAliveTimeout = options.keepAliveTimeoutMs ?? 65_000;
  // Not server.maxConnections: past the limit, the oldest connection that has not authenticated makes room.
  const connections = gateConnections(server, options.maxConnections);
  const allCounts = (): CollectorCounts => ({ ...counts, ...connections.counts() });
  // After listening: an accept that fails (EMFILE) is logged; the server keeps listening.
  server.on("error", (error: NodeJS.ErrnoException) => {
    if (server.listening) notify({ kind: "server-error", error: error.code ?? error.message });
  });
  // A request node could not parse (or that timed out): answered as node would, and logged.
  server.on("clientError", (error: NodeJS.ErrnoException, socket) => {
    if (error.code === "ECONNRESET" || !socket.writable) {
      socket.destroy();
      return;
    }
    const status = CLIENT_ERROR_STATUS[error.code ?? ""] ?? 400;
    const remote = (socket as { remoteAddress?: string }).remoteAddress ?? "";
    const authenticated = connections.trusted(socket as Socket);
    const reason = error.code ?? "bad request";
    notify({ kind: "refused", status, method: "-", path: "-", remote, reason, authenticated });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
    );
  });

  let lastError: { since: string; error: string } | undefined;
  const route: EventsRoute = {
    ...options,
    counts,
    trust: (socket) => connections.trust(socket),
    diskFailed(since, error) {
      lastError = { since, error };
    },
  };

  /**
   * Replies with a JSON document. The connection stays open for the next request only if it has authenticated
   * and the answer is not a 404 or 405 (a stranger's idle connection would hold a place for 65 s); while
   * stopping, every connection closes after its answer.
   */
  function reply(
    res: ServerResponse,
    status: number,
    document: unknown,
    headers: Record<string, string> = {},
    headOnly = false,
  ): void {
    const text = `${JSON.stringify(document)}\n`;
    const close = closing || status === 404 || status === 405 || !connections.trusted(res.req.socket);
    res.writeHead(status, {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Length": Buffer.byteLength(text),
      "Cache-Control": "no-store",
      ...(close ? { Connection: "close" } : {}),
      ...headers,
    });
    res.end(headOnly ? undefined : text);
  }

  function health(): Record<string, unknown> {
    const writer = events.state();
    const failing = writer.failing ?? rejected.state().failing;
    return {
      status: closing ? "stopping" : failing !== undefined ? "failing" : "ok",
      uptime_s: Math.round((options.now().getTime() - startedAt.getTime()) / 1000),
      ...allCounts(),
      in_flight: inFlight.size,
      synced_batches: writer.batches,
      file: writer.file ?? null,
      last_error: failing ?? lastError ?? null,
    };
  }
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? "/";
    const mark = url.indexOf("?");
    const path = mark < 0 ? url : url.slice(0, mark);
    const method = req.method ?? "";
    const expectsContinue = req.headers.expect?.toLowerCase() === "100-continue";
    let continued = false;
    const refuse = (
      status: number,
      reason: string,
      headers: Record<string, string> = {},
      authenticated = false,
    ) => {
      req.resume();
      // A client told no 100 Continue either sends no body or sends it anyway: close rather than guess.
      if (expectsContinue && !continued) res.setHeader("Connection", "close");
      // A path's `;` parameters may hold a token (`/events;token=...` is a 404): never logged.
      const logged = path.includes(";") ? `${path.slice(0, path.indexOf(";"))};...` : path;
      notify({
        kind: "refused",
        status,
        method,
        path: logged,
        remote: req.socket.remoteAddress ?? "",
        reason,
        authenticated,
      });
      reply(res, status, { error: reason }, headers);
    };
    if (path === "/healthz") {
      if (method !== "GET" && method !== "HEAD") {
        counts.refused += 1;
        return refuse(405, `method ${method} not allowed`, { Allow: "GET, HEAD" });
      }
      req.resume();
      const document = health();
      return reply(res, document.status === "failing" ? 503 : 200, document, {}, method === "HEAD");
    }
    if (path !== "/events") {
      counts.refused += 1;
      return refuse(404, "no such path (the endpoint is /events)");
    }
    if (method !== "GET" && method !== "POST") {
      counts.refused += 1;
      return refuse(405, `method ${method} not allowed`, { Allow: "GET, POST" });
    }
    await answerEvents(route, {
      req,
      query: mark < 0 ? "" : url.slice(mark + 1),
      authenticated: false,
      proceed() {
        if (!expectsContinue || continued) return;
        res.writeContinue();
        continued = true;
      },
      refuse(status, reason, headers = {}) {
        refuse(status, reason, headers, this.authenticated);
      },
      accept: (count) => reply(res, 200, { accepted: count }),
    });
  }

  return new Promise<Receiver>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host, port, exclusive: true }, () => {
      server.off("error", reject);
      resolve({
        address: server.address() as AddressInfo,
        counts: allCounts,
        health,
        cut: () => server.closeAllConnections(),
        async close(graceMs) {
          closing = true;
          const closed = new Promise<void>((done) => server.close(() => done()));
          server.closeIdleConnections();
          const cut = setTimeout(() => server.closeAllConnections(), graceMs);
          await closed;
          clearTimeout(cut);
          await Promise.allSettled([...inFlight]);
        },
      });
    });
  });
}
