// /events: the request's credentials (header, query, form body), then body -> dump lines -> durable write -> 200.
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import type { AuthResult, TokenCheck } from "./auth.js";
import { type Delivery, declaresForm, deliveryLines, takeBodyTokens } from "./body.js";
import { takeParameter } from "./form.js";
import { rejectedRecord } from "./rejected.js";
import { emptyBody, readBody } from "./request-body.js";
import { type DailyWriter, DiskError } from "./writer.js";

/** The counts the route keeps (the connection counts are kept apart). */
export interface RequestCounts {
  /** Events written and acknowledged. */
  accepted: number;
  /** Requests answered 200. */
  deliveries: number;
  /** Bodies refused (400, 413, 415) and kept in the rejected file. */
  rejected: number;
  /** 401, and 400 for two Authorization headers. */
  unauthorised: number;
  /** 404 and 405. */
  refused: number;
  /** 503: the disk was failing. */
  unavailable: number;
}

/** What the route needs of the receiver. */
export interface EventsRoute {
  /** undefined: no authentication (--no-auth, loopback only). */
  checkToken: TokenCheck | undefined;
  maxBodyBytes: number;
  receivedAt: boolean;
  events: DailyWriter;
  rejected: DailyWriter;
  now: () => Date;
  counts: RequestCounts;
  /** The request authenticated: its connection may stay open. */
  trust(socket: Socket): void;
  /** A write failed: /healthz shows it. */
  diskFailed(since: string, error: string): void;
}

/** One GET or POST to /events being answered. */
export interface Exchange {
  req: IncomingMessage;
  /** The query string, without `?`. */
  query: string;
  /** Set once the request has authenticated (or needs no token): its refusals are always logged. */
  authenticated: boolean;
  /** Sends 100 Continue if the client waits for it. */
  proceed(): void;
  refuse(status: number, reason: string, headers?: Record<string, string>): void;
  accept(events: number): void;
}

/**
 * Answers a GET or POST to /events. The token may come in the Authorization header, the query (`token=`, also
 * after a `;`) or a form body's `token=` pair; every one given must match, and each is taken out before anything
 * is stored. Only a body declared a form is read before the request has authenticated (its token may be in it).
 */
export async function answerEvents(route: EventsRoute, exchange: Exchange): Promise<void> {
  const { req } = exchange;
  const { counts } = route;
  const method = req.method as Delivery["method"];
  const { rest: query, values: queryTokens } = takeParameter(exchange.query, "token");
  const check = route.checkToken;
  const unauthorised = (auth: AuthResult): void => {
    counts.unauthorised += 1;
    exchange.refuse(401, auth === "missing" ? "no token" : "wrong token", {
      "WWW-Authenticate": "Bearer",
      Connection: "close",
    });
  };
  const authenticated = (): void => {
    exchange.authenticated = true;
    route.trust(req.socket);
  };
  // Node keeps the first of two Authorization headers; a proxy or a library may keep the last: refuse both.
  if (check !== undefined && (req.headersDistinct.authorization?.length ?? 0) > 1) {
    counts.unauthorised += 1;
    return exchange.refuse(400, "two Authorization headers (send one)", { Connection: "close" });
  }
  let auth = check?.(req.headers.authorization, queryTokens) ?? "ok";
  const tokenInBody = auth === "missing" && method === "POST" && declaresForm(req.headers["content-type"]);
  if (auth !== "ok" && !tokenInBody) return unauthorised(auth);
  if (auth === "ok") authenticated();
  if (method === "POST") exchange.proceed();
  const body = method === "POST" ? await readBody(req, route.maxBodyBytes) : emptyBody(req);
  const receivedAt = route.now();
  const { delivery, tokens: bodyTokens } = takeBodyTokens({
    method,
    contentType: req.headers["content-type"],
    contentEncoding: req.headers["content-encoding"],
    body: body.bytes,
    query,
    ...(route.receivedAt ? { receivedAt: receivedAt.toISOString() } : {}),
  });
  if (check !== undefined && (auth !== "ok" || bodyTokens.length > 0)) {
    auth = check(req.headers.authorization, [...queryTokens, ...bodyTokens]);
    if (auth !== "ok") return unauthorised(auth);
    authenticated();
  }
  const outcome = body.tooLarge
    ? ({
        ok: false,
        status: 413,
        code: "body-too-large",
        reason: `the body is larger than ${route.maxBodyBytes} bytes`,
      } as const)
    : deliveryLines(delivery);
  try {
    if (outcome.ok) {
      await route.events.append(outcome.lines, receivedAt);
      counts.accepted += outcome.lines.length;
      counts.deliveries += 1;
      return exchange.accept(outcome.lines.length);
    }
    // The body as kept: without the token pairs of a form.
    const kept = { ...body, bytes: delivery.body };
    const record = rejectedRecord(delivery, receivedAt, outcome, kept, req.socket.remoteAddress ?? "");
    await route.rejected.append([record], receivedAt);
    counts.rejected += 1;
    return exchange.refuse(
      outcome.status,
      outcome.reason,
      outcome.status === 413 ? { Connection: "close" } : {},
    );
  } catch (error) {
    if (!(error instanceof DiskError)) throw error;
    counts.unavailable += 1;
    route.diskFailed(receivedAt.toISOString(), error.message);
    return exchange.refuse(503, `cannot write to the disk (${error.message}); not stored`, {
      "Retry-After": "5",
    });
  }
}
