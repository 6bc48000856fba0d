// The HTTP receiver: /events (auth, limits, body -> dump lines -> durable write -> 200) and /healthz.
import { createServer, type IncomingMessage, type ServerResponse, STATUS_CODES } from "node:http";
import type { AddressInfo } from "node:net";
import type { AuthResult, TokenCheck } from "./auth.js";
import { type Delivery, declaresForm, deliveryLines, takeBodyTokens } from "./body.js";
import { gateConnections } from "./connections.js";
import { takeParameter } from "./form.js";
import { rejectedRecord } from "./rejected.js";
import { emptyBody, readBody } from "./request-body.js";
import { type DailyWriter, DiskError } from "./writer.js";

/** What the receiver reports for the access log: one notice per refused request. */
export interface RefusedNotice {
  kind: "refused";
  status: number;
  method: string;
  /** The path, without the query string (which may hold the token). */
  path: string;
  remote: string;
  reason: string;
}

/** An error of the listening socket itself (e.g. EMFILE: no file descriptor left for a connection). */
export interface ServerErrorNotice {
  kind: "server-error";
  error: string;
}

/** The counters /healthz and the summary line show. */
export interface CollectorCounts {
  /** Events written and acknowledged. */
  accepted: number;
  /** Requests answered 200. */
  deliveries: number;
  /** Bodies refused (400, 413, 415) and kept in the rejected file. */
  rejected: number;
  unauthorised: number;
  /** 404 and 405. */
  refused: number;
  /** 503: the disk was failing. */
  unavailable: number;
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
  const counts: Omit<CollectorCounts, "dropped" | "evicted"> = {
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
    notify({ kind: "refused", status, method: "-", path: "-", remote, reason: error.code ?? "bad request" });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
    );
  });

  let lastError: { since: string; error: string } | undefined;

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
    const refuse = (status: number, reason: string, headers: Record<string, string> = {}): void => {
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
    const { rest: query, values: queryTokens } = takeParameter(mark < 0 ? "" : url.slice(mark + 1), "token");
    const check = options.checkToken;
    const unauthorised = (auth: AuthResult): void => {
      counts.unauthorised += 1;
      return refuse(401, auth === "missing" ? "no token" : "wrong token", {
        "WWW-Authenticate": "Bearer",
        Connection: "close",
      });
    };
    // Node keeps the first of two Authorization headers; a proxy or a library may keep the last: refuse both.
    if (check !== undefined && (req.headersDistinct.authorization?.length ?? 0) > 1) {
      counts.unauthorised += 1;
      return refuse(400, "two Authorization headers (send one)", { Connection: "close" });
    }
    let auth = check?.(req.headers.authorization, queryTokens) ?? "ok";
    // A form may carry the token in its body: only then is a body read before the request has authenticated.
    const tokenInBody = auth === "missing" && method === "POST" && declaresForm(req.headers["content-type"]);
    if (auth !== "ok" && !tokenInBody) return unauthorised(auth);
    if (auth === "ok") connections.trust(req.socket);
    if (expectsContinue && method === "POST") {
      res.writeContinue();
      continued = true;
    }
    const body = method === "POST" ? await readBody(req, options.maxBodyBytes) : emptyBody(req);
    const receivedAt = options.now();
    // A form's token pairs are credentials too: taken out before anything is stored, and every one must match.
    const { delivery, tokens: bodyTokens } = takeBodyTokens({
      method: method as Delivery["method"],
      contentType: req.headers["content-type"],
      contentEncoding: req.headers["content-encoding"],
      body: body.bytes,
      query,
      ...(options.receivedAt ? { receivedAt: receivedAt.toISOString() } : {}),
    });
    if (check !== undefined && (auth !== "ok" || bodyTokens.length > 0)) {
      auth = check(req.headers.authorization, [...queryTokens, ...bodyTokens]);
      if (auth !== "ok") return unauthorised(auth);
      connections.trust(req.socket);
    }
    const outcome = body.tooLarge
      ? ({
          ok: false,
          status: 413,
          code: "body-too-large",
          reason: `the body is larger than ${options.maxBodyBytes} bytes`,
        } as const)
      : deliveryLines(delivery);
    try {
      if (outcome.ok) {
        await events.append(outcome.lines, receivedAt);
        counts.accepted += outcome.lines.length;
        counts.deliveries += 1;
        return reply(res, 200, { accepted: outcome.lines.length });
      }
      const kept = { ...body, bytes: delivery.body };
      const record = rejectedRecord(delivery, receivedAt, outcome, kept, req.socket.remoteAddress ?? "");
      await rejected.append([record], receivedAt);
      counts.rejected += 1;
      return refuse(outcome.status, outcome.reason, outcome.status === 413 ? { Connection: "close" } : {});
    } catch (error) {
      if (!(error instanceof DiskError)) throw error;
      counts.unavailable += 1;
      lastError = { since: receivedAt.toISOString(), error: error.message };
      return refuse(503, `cannot write to the disk (${error.message}); not stored`, { "Retry-After": "5" });
    }
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
