// The receiver over real HTTP on 127.0.0.1: methods, content types, tokens, limits, rejected file, health,
// disk failure and recovery, graceful shutdown.
import { readFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { connect, type Socket } from "node:net";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import {
  bearer,
  failingFileLayer,
  gatedFileLayer,
  removeDir,
  send,
  startTestCollector,
  type TestCollector,
  TOKEN,
  waitFor,
} from "./support.js";

let collector: TestCollector | undefined;
afterEach(async () => {
  await collector?.stop();
  if (collector) removeDir(collector.dir);
  collector = undefined;
});

async function start(options: Parameters<typeof startTestCollector>[0] = {}): Promise<TestCollector> {
  collector = await startTestCollector(options);
  return collector;
}

const EVENT = '{"event":"START","id":"ev-1","timestamp":"2026-03-04T08:02:10Z","session_id":"s-1"}';

describe("collect: accepted deliveries", () => {
  it("POST JSON with a bearer token: 200 only once the line is in the dump, exactly as sent", async () => {
    const c = await start();
    const reply = await send(`${c.base}/events`, {
      method: "POST",
      headers: bearer({ "Content-Type": "application/json" }),
      body: EVENT,
    });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({ accepted: 1 });
    expect(c.text()).toBe(`${EVENT}\n`);
  });

  it("POST a JSON array with ?token=: one line per event", async () => {
    const c = await start();
    const body = `[${EVENT},\n  {"event": "RING", "id": 9007199254740993}\n]`;
    const reply = await send(`${c.base}/events?token=${TOKEN}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body,
    });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({ accepted: 2 });
    expect(c.lines()).toEqual([EVENT, '{"event": "RING", "id": 9007199254740993}']);
  });

  it("POST a form: one object of strings", async () => {
    const c = await start();
    const reply = await send(`${c.base}/events`, {
      method: "POST",
      headers: bearer({ "Content-Type": "application/x-www-form-urlencoded" }),
      body: "event=RING&id=ev-2&data%5Bcampaign_id%5D=320&participants=0",
    });
    expect(reply.status).toBe(200);
    expect(c.lines()).toEqual(['{"event":"RING","id":"ev-2","data":{"campaign_id":"320"},"participants":0}']);
  });

  it("GET with the event in the query and the token as ?token=: the token is not stored", async () => {
    const c = await start();
    const reply = await send(`${c.base}/events?event=JOIN&token=${TOKEN}&id=ev-3&subject=%2B371`);
    expect(reply.status).toBe(200);
    expect(c.lines()).toEqual(['{"event":"JOIN","id":"ev-3","subject":"+371"}']);
  });

  it("GET with a bearer header", async () => {
    const c = await start();
    const reply = await send(`${c.base}/events?event=LEAVE`, { headers: bearer() });
    expect(reply.status).toBe(200);
    expect(c.lines()).toEqual(['{"event":"LEAVE"}']);
  });

  it("with --received-at, adds the receipt time to each event", async () => {
    const c = await start({ receivedAt: true });
    const before = Date.now();
    await send(`${c.base}/events`, { method: "POST", headers: bearer(), body: `[${EVENT},{"id":"x"}]` });
    const lines = c.lines().map((line) => JSON.parse(line) as Record<string, string>);
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      const at = Date.parse(line.received_at as string);
      expect(at).toBeGreaterThanOrEqual(before - 1);
      expect(at).toBeLessThanOrEqual(Date.now());
    }
    expect(c.lines()[0]).toBe(`${EVENT.slice(0, -1)},"received_at":"${lines[0]?.received_at}"}`);
  });
});

describe("collect: every content type over HTTP", () => {
  it.each([
    ["application/json; charset=utf-8", '{"id":"x"}', 200, '{"id":"x"}'],
    ["application/cloudevents+json", '{"id":"x"}', 200, '{"id":"x"}'],
    ["text/json", '{"id":"x"}', 200, '{"id":"x"}'],
    ["text/plain", '{"id":"x"}', 200, '{"id":"x"}'],
    ["application/octet-stream", "id=x", 200, '{"id":"x"}'],
    [null, '[{"id":"x"}]', 200, '{"id":"x"}'],
    [null, "id=x&data%5Bcampaign_id%5D=7", 200, '{"id":"x","data":{"campaign_id":"7"}}'],
    ["application/x-www-form-urlencoded; charset=UTF-8", "id=x", 200, '{"id":"x"}'],
    ["application/x-www-form-urlencoded", '{"id":"x"}', 200, '{"id":"x"}'],
    ["multipart/form-data; boundary=b", "--b--", 415, undefined],
    ["application/json; charset=iso-8859-1", '{"id":"x"}', 415, undefined],
    ["text/html", "<p>", 415, undefined],
  ])("POST %s %j: %i", async (type, body, status, line) => {
    const c = await start();
    const headers = bearer(type === null ? {} : { "Content-Type": type });
    const reply = await send(`${c.base}/events`, { method: "POST", headers, body });
    expect(reply.status).toBe(status);
    expect(c.lines()).toEqual(line === undefined ? [] : [line]);
    expect(c.lines("rejected")).toHaveLength(status === 200 ? 0 : 1);
  });

  it("POST with Content-Encoding gzip: 415, the compressed bytes kept as base64", async () => {
    const c = await start();
    const body = gzipSync('{"id":"x"}');
    const headers = bearer({ "Content-Type": "application/json", "Content-Encoding": "gzip" });
    expect((await send(`${c.base}/events`, { method: "POST", headers, body })).status).toBe(415);
    const [record] = c.lines("rejected").map((line) => JSON.parse(line));
    expect(record).toMatchObject({ code: "unsupported-encoding", content_encoding: "gzip" });
    expect(Buffer.from(record.body_base64, "base64")).toEqual(body);
  });

  it("POST with an empty body and the event in the query string", async () => {
    const c = await start();
    expect(
      (await send(`${c.base}/events?event=RING&id=q`, { method: "POST", headers: bearer() })).status,
    ).toBe(200);
    expect(c.lines()).toEqual(['{"event":"RING","id":"q"}']);
  });
});

describe("collect: authentication", () => {
  it.each([
    ["no token", {}, ""],
    ["a wrong bearer token", { Authorization: "Bearer wrong-token-0123456789abc" }, ""],
    ["a token that is a prefix of the right one", { Authorization: `Bearer ${TOKEN.slice(0, -1)}` }, ""],
    ["a right header and a wrong ?token=", bearer(), "?token=wrong"],
    ["a Basic header", { Authorization: `Basic ${TOKEN}` }, ""],
    ["a wrong ?token=", {}, "?token=nope"],
  ])("refuses %s with 401 and writes nothing", async (_, headers, query) => {
    const c = await start();
    const reply = await send(`${c.base}/events${query}`, { method: "POST", headers, body: EVENT });
    expect(reply.status).toBe(401);
    expect(reply.headers["www-authenticate"]).toBe("Bearer");
    expect(c.text()).toBe("");
    expect(c.text("rejected")).toBe("");
    const refused = c.notices.filter((n) => n.kind === "refused");
    expect(refused).toEqual([expect.objectContaining({ status: 401, method: "POST", path: "/events" })]);
    expect(JSON.stringify(c.notices)).not.toContain(TOKEN.slice(0, 10));
    expect((await send(`${c.base}/healthz`)).body).toContain('"unauthorised":1');
  });

  it.each([
    ["the right one first", [TOKEN, "wrong-token-0123456789abc"]],
    ["the right one second", ["wrong-token-0123456789abc", TOKEN]],
    ["the right one twice", [TOKEN, TOKEN]],
  ])("refuses two Authorization headers (%s) with 400, writes nothing, and closes", async (_, tokens) => {
    const c = await start();
    const headers = tokens.map((token) => `Authorization: Bearer ${token}\r\n`).join("");
    const text = `POST /events HTTP/1.1\r\nHost: x\r\n${headers}Content-Length: ${EVENT.length}\r\n\r\n${EVENT}`;
    const received = await rawExchange(Number(new URL(c.base).port), text).closed;
    expect(received).toMatch(/^HTTP\/1\.1 400 /);
    expect(received).toContain("two Authorization headers");
    expect(c.text()).toBe("");
    expect(c.text("rejected")).toBe("");
    expect(JSON.parse((await send(`${c.base}/healthz`)).body)).toMatchObject({
      unauthorised: 1,
      accepted: 0,
    });
  });

  it("accepts anyone with no token set (--no-auth)", async () => {
    const c = await start({ token: undefined });
    expect((await send(`${c.base}/events`, { method: "POST", body: EVENT })).status).toBe(200);
    expect(c.lines()).toEqual([EVENT]);
  });
});

/** A POST that waits for 100 Continue before sending its body; says whether it got one. */
function postExpecting(url: string, headers: Record<string, string>, body: string) {
  return new Promise<{ status: number; continued: boolean }>((resolve, reject) => {
    let continued = false;
    const req = request(url, {
      method: "POST",
      agent: false,
      headers: { ...headers, Expect: "100-continue", "Content-Length": String(Buffer.byteLength(body)) },
    });
    req.setTimeout(10_000, () => req.destroy(new Error("no answer within 10 s")));
    req.on("continue", () => {
      continued = true;
      req.end(body);
    });
    req.on("response", (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, continued }));
    });
    req.on("error", reject);
    req.flushHeaders();
  });
}

describe("collect: the token is never stored", () => {
  const FORM = { "Content-Type": "application/x-www-form-urlencoded" };

  it("a token in a form body (with a bearer header): checked, and not in the dump", async () => {
    const c = await start();
    const reply = await send(`${c.base}/events`, {
      method: "POST",
      headers: bearer(FORM),
      body: `event=RING&token=${TOKEN}&id=f1`,
    });
    expect(reply.status).toBe(200);
    expect(c.lines()).toEqual(['{"event":"RING","id":"f1"}']);
  });

  it("a token only in a form body authenticates the request, and is not stored", async () => {
    const c = await start();
    const reply = await send(`${c.base}/events`, {
      method: "POST",
      headers: FORM,
      body: `event=RING&id=f2&tok%65n=${TOKEN}`,
    });
    expect(reply.status).toBe(200);
    expect(c.lines()).toEqual(['{"event":"RING","id":"f2"}']);
  });

  it("a wrong token in a form body: 401 even with a right header, nothing written", async () => {
    const c = await start();
    const reply = await send(`${c.base}/events`, {
      method: "POST",
      headers: bearer(FORM),
      body: "event=RING&token=wrong-token-0123456789",
    });
    expect(reply.status).toBe(401);
    expect(c.text()).toBe("");
    expect(c.text("rejected")).toBe("");
  });

  it("a token only in the body of a form that is not typed as one: 401, the body not read", async () => {
    const c = await start();
    const reply = await send(`${c.base}/events`, { method: "POST", body: `event=RING&token=${TOKEN}` });
    expect(reply.status).toBe(401);
    expect(c.text()).toBe("");
  });

  it.each([
    ["GET", `?event=JOIN;token=${TOKEN}&id=q1`, '{"event":"JOIN","id":"q1"}'],
    ["GET", `?event=JOIN&id=q1;token=${TOKEN};x=1`, '{"event":"JOIN","id":"q1;x=1"}'],
    ["POST", `?token=${TOKEN};event=JOIN`, '{"event":"JOIN"}'],
  ])("%s with the token after a ; in the query%s: accepted, and not stored", async (method, query, line) => {
    const c = await start();
    expect((await send(`${c.base}/events${query}`, { method })).status).toBe(200);
    expect(c.lines()).toEqual([line]);
  });

  it("a bearer header and a token after a ; in the query: both checked, neither stored", async () => {
    const c = await start();
    expect((await send(`${c.base}/events?event=JOIN;token=${TOKEN}`, { headers: bearer() })).status).toBe(
      200,
    );
    expect((await send(`${c.base}/events?event=JOIN;token=wrong`, { headers: bearer() })).status).toBe(401);
    expect(c.lines()).toEqual(['{"event":"JOIN"}']);
  });

  it("a refused form (a key twice) and a form over --max-body-bytes: kept in the rejected file without the token", async () => {
    const c = await start({ maxBodyBytes: 100 });
    const twice = `event=A&event=B&token=${TOKEN}`;
    expect((await send(`${c.base}/events`, { method: "POST", headers: FORM, body: twice })).status).toBe(400);
    const large = `token=${TOKEN}&event=START&pad=${"x".repeat(200)}`;
    expect((await send(`${c.base}/events`, { method: "POST", headers: FORM, body: large })).status).toBe(413);
    const query = `?event=A;token=${TOKEN}&event=B`;
    expect((await send(`${c.base}/events${query}`, { headers: bearer() })).status).toBe(400);
    expect(c.text("rejected")).not.toContain(TOKEN);
    expect(c.lines("rejected").map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({ code: "duplicate-key", body: "event=A&event=B", bytes: twice.length }),
      expect.objectContaining({
        code: "body-too-large",
        // The first 100 bytes less `token=` (6), the token (27) and `&` (1), less `event=START&pad=` (16): 50.
        body: `event=START&pad=${"x".repeat(50)}`,
        bytes: large.length,
      }),
      expect.objectContaining({ code: "duplicate-key", query: "event=A&event=B" }),
    ]);
  });

  it("answers 100 Continue to a form without a header token, and reads the token from its body", async () => {
    const c = await start();
    const reply = await postExpecting(`${c.base}/events`, FORM, `event=RING&token=${TOKEN}`);
    expect(reply).toEqual({ status: 200, continued: true });
    expect(c.lines()).toEqual(['{"event":"RING"}']);
  });

  it("a token in the path's ; parameters is a 404, and is not logged", async () => {
    const c = await start();
    expect((await send(`${c.base}/events;token=${TOKEN}`, { method: "POST", body: EVENT })).status).toBe(404);
    expect(c.notices).toContainEqual(
      expect.objectContaining({ kind: "refused", status: 404, path: "/events;..." }),
    );
    expect(JSON.stringify(c.notices)).not.toContain(TOKEN);
  });
});

describe("collect: refused requests", () => {
  it("413 above --max-body-bytes; the first bytes kept in the rejected file, nothing in the dump", async () => {
    const c = await start({ maxBodyBytes: 1000 });
    const body = `{"event":"START","pad":"${"x".repeat(5000)}"}`;
    const reply = await send(`${c.base}/events`, { method: "POST", headers: bearer(), body });
    expect(reply.status).toBe(413);
    expect(c.text()).toBe("");
    const [record, ...more] = c.lines("rejected").map((line) => JSON.parse(line));
    expect(more).toEqual([]);
    expect(record).toMatchObject({
      status: 413,
      code: "body-too-large",
      method: "POST",
      bytes: body.length,
      truncated: true,
      body: body.slice(0, 1000),
      remote_address: "127.0.0.1",
    });
    expect(Number.isNaN(Date.parse(record.received_at))).toBe(false);
  });

  it.each([
    ["application/xml", "<event/>", 415, "unsupported-media-type"],
    ["application/json", '{"event":', 400, "invalid-json"],
    ["application/json", "[1,2]", 400, "not-an-object"],
    ["application/x-www-form-urlencoded", "event=START&event=RING", 400, "duplicate-key"],
  ])("%s %j: %i, kept in the rejected file with its reason", async (type, body, status, code) => {
    const c = await start();
    const reply = await send(`${c.base}/events?token=${TOKEN}`, {
      method: "POST",
      headers: { "Content-Type": type },
      body,
    });
    expect(reply.status).toBe(status);
    expect(JSON.parse(reply.body).error).toBeTypeOf("string");
    expect(c.text()).toBe("");
    const records = c.lines("rejected").map((line) => JSON.parse(line));
    expect(records).toEqual([
      expect.objectContaining({ status, code, content_type: type, body, bytes: Buffer.byteLength(body) }),
    ]);
    // The token came in the query: it is not kept.
    expect(c.text("rejected")).not.toContain(TOKEN);
  });

  it("an NDJSON batch with a bad line: 400 naming the line, the whole body kept, nothing in the dump", async () => {
    const c = await start();
    const body = `${EVENT}\n{"id":"two"}\n{"id":"three",}\n{"id":"four"}\n`;
    const reply = await send(`${c.base}/events`, {
      method: "POST",
      headers: bearer({ "Content-Type": "application/x-ndjson" }),
      body,
    });
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body)).toEqual({ error: "line 3 is not JSON" });
    expect(c.text()).toBe("");
    expect(c.lines("rejected").map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({ status: 400, code: "invalid-json", reason: "line 3 is not JSON", body }),
    ]);
  });

  it("keeps a body that is not UTF-8 as base64", async () => {
    const c = await start();
    const body = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d]);
    const reply = await send(`${c.base}/events`, { method: "POST", headers: bearer(), body });
    expect(reply.status).toBe(400);
    const [record] = c.lines("rejected").map((line) => JSON.parse(line));
    expect(record).toMatchObject({ code: "not-utf8", body_base64: body.toString("base64") });
    expect(record.body).toBeUndefined();
  });

  it("keeps a bad query string (without the token) in the rejected file", async () => {
    const c = await start();
    const reply = await send(`${c.base}/events?token=${TOKEN}&event=START&event=RING`);
    expect(reply.status).toBe(400);
    const [record] = c.lines("rejected").map((line) => JSON.parse(line));
    expect(record).toMatchObject({ method: "GET", code: "duplicate-key", query: "event=START&event=RING" });
  });

  it.each([["PUT"], ["DELETE"], ["PATCH"], ["OPTIONS"], ["HEAD"]])(
    "%s /events: 405 with Allow, nothing written",
    async (method) => {
      const c = await start();
      const reply = await send(`${c.base}/events`, { method, headers: bearer(), body: EVENT });
      expect(reply.status).toBe(405);
      expect(reply.headers.allow).toBe("GET, POST");
      expect(c.text()).toBe("");
      expect(c.text("rejected")).toBe("");
    },
  );

  it("404 for another path", async () => {
    const c = await start();
    expect((await send(`${c.base}/event`, { method: "POST", headers: bearer(), body: EVENT })).status).toBe(
      404,
    );
    expect(c.text()).toBe("");
  });

  it("closes a new connection past --max-connections when every open one has authenticated", async () => {
    const c = await start({ maxConnections: 2 });
    const agents = [
      new Agent({ keepAlive: true, maxSockets: 1 }),
      new Agent({ keepAlive: true, maxSockets: 1 }),
    ];
    try {
      // Two authenticated keep-alive connections: both stay open, and fill the limit.
      for (const [i, agent] of agents.entries())
        expect(await viaAgent(`${c.base}/events`, agent, bearer(), `{"id":"held-${i}"}`)).toMatchObject({
          status: 200,
        });
      const extra = connect(Number(new URL(c.base).port), "127.0.0.1");
      const closed = new Promise<void>((resolve) => extra.on("close", () => resolve()));
      extra.on("error", () => {});
      await closed;
      const health = await viaAgent(`${c.base}/healthz`, agents[0] as Agent);
      expect(JSON.parse(health.body)).toMatchObject({ dropped: 1, evicted: 0 });
    } finally {
      for (const agent of agents) agent.destroy();
    }
  });
});

/** A request through `agent` (keep-alive): status, body and the client's local port (which connection). */
function viaAgent(
  url: string,
  agent: Agent,
  headers: Record<string, string> = {},
  body?: string,
): Promise<{ status: number; body: string; port: number; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    const method = body === undefined ? "GET" : "POST";
    const req = request(url, { method, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      const port = res.socket.localPort ?? -1;
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString("utf8"),
          port,
          connection: res.headers.connection,
        }),
      );
    });
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer within 10 s: ${url}`)));
    req.on("error", reject);
    req.end(body);
  });
}

/** A raw connection that sends `text` and resolves with what came back once the server closed it. */
function rawExchange(port: number, text: string): { socket: Socket; closed: Promise<string> } {
  const socket = connect(port, "127.0.0.1");
  let received = "";
  socket.setEncoding("utf8").on("data", (chunk: string) => {
    received += chunk;
  });
  socket.on("error", () => {});
  if (text !== "") socket.write(text);
  return { socket, closed: new Promise((resolve) => socket.on("close", () => resolve(received))) };
}

describe("collect: idle connections of strangers", () => {
  it.each([
    ["GET /healthz", "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", 200],
    ["a 404", "GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n", 404],
    ["a 405", "PUT /events HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", 405],
    ["a 401", "POST /events HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}", 401],
  ])("closes a keep-alive connection after %s that did not authenticate", async (_, text, status) => {
    const c = await start();
    // The server closes it after its answer; before, it was kept 65 s (the test would time out).
    const received = await rawExchange(Number(new URL(c.base).port), text).closed;
    expect(received).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    expect(received.toLowerCase()).toContain("\r\nconnection: close\r\n");
  });

  it("keeps an authenticated connection open, and answers its /healthz without closing it", async () => {
    const c = await start();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await viaAgent(`${c.base}/events`, agent, bearer(), EVENT);
      const health = await viaAgent(`${c.base}/healthz`, agent);
      const again = await viaAgent(`${c.base}/events`, agent, bearer(), EVENT);
      expect([first.status, health.status, again.status]).toEqual([200, 200, 200]);
      expect(new Set([first.port, health.port, again.port]).size).toBe(1);
      expect(health.connection).toBe("keep-alive");
    } finally {
      agent.destroy();
    }
  });

  it("connections that never authenticated fill --max-connections: the oldest make room for the sender", async () => {
    const c = await start({ maxConnections: 4 });
    const port = Number(new URL(c.base).port);
    // Four silent connections (a fifth of the 512): three fit the untrusted share (4 less a reserve of
    // one), the fourth closes the first, and the sender's connection closes the second.
    const silent = Array.from({ length: 4 }, () => rawExchange(port, ""));
    await Promise.all(silent.map(({ socket }) => new Promise((resolve) => socket.once("connect", resolve))));
    const reply = await send(`${c.base}/events`, { method: "POST", headers: bearer(), body: EVENT });
    expect(reply.status).toBe(200);
    expect(c.lines()).toEqual([EVENT]);
    expect(await silent[0]?.closed).toBe("");
    expect(await silent[1]?.closed).toBe("");
    expect(JSON.parse((await send(`${c.base}/healthz`)).body)).toMatchObject({ evicted: 2, dropped: 0 });
    for (const { socket } of silent) socket.destroy();
  });

  it("an authenticated idle connection is never closed to make room", async () => {
    const c = await start({ maxConnections: 2 });
    const port = Number(new URL(c.base).port);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await viaAgent(`${c.base}/events`, agent, bearer(), '{"id":"a"}');
      // Strangers come and go past the limit: each closes the previous one, never the sender's.
      const strangers = Array.from({ length: 5 }, () => rawExchange(port, ""));
      await Promise.all(strangers.slice(0, 4).map(({ closed }) => closed));
      const second = await viaAgent(`${c.base}/events`, agent, bearer(), '{"id":"b"}');
      expect(second).toMatchObject({ status: 200, port: first.port });
      for (const { socket } of strangers) socket.destroy();
    } finally {
      agent.destroy();
    }
  });
});

describe("collect: /healthz", () => {
  it("answers without a token: status, uptime, counts, file; nothing from the events", async () => {
    const c = await start();
    await send(`${c.base}/events`, { method: "POST", headers: bearer(), body: EVENT });
    await send(`${c.base}/events`, { method: "POST", body: EVENT });
    await send(`${c.base}/events`, {
      method: "POST",
      headers: bearer({ "Content-Type": "text/xml" }),
      body: "<x/>",
    });
    const reply = await send(`${c.base}/healthz`);
    expect(reply.status).toBe(200);
    const health = JSON.parse(reply.body);
    expect(health).toMatchObject({
      status: "ok",
      accepted: 1,
      deliveries: 1,
      rejected: 1,
      unauthorised: 1,
      unavailable: 0,
      in_flight: 0,
      synced_batches: 1,
      last_error: null,
    });
    expect(health.file).toMatch(/^events-\d{4}-\d{2}-\d{2}\.ndjson$/);
    expect(health.uptime_s).toBeGreaterThanOrEqual(0);
    expect(reply.body).not.toContain("ev-1");
    expect(reply.body).not.toContain("<x/>");
  });
});

describe("collect: the disk", () => {
  it("answers 503 while writes fail, shows the error on /healthz, and recovers when they succeed", async () => {
    const files = failingFileLayer();
    const c = await start({ files });
    expect((await send(`${c.base}/events`, { method: "POST", headers: bearer(), body: EVENT })).status).toBe(
      200,
    );
    files.fail.code = "EIO";
    const failed = await send(`${c.base}/events`, {
      method: "POST",
      headers: bearer(),
      body: '{"id":"not-acknowledged"}',
    });
    expect(failed.status).toBe(503);
    expect(failed.headers["retry-after"]).toBe("5");
    const sick = await send(`${c.base}/healthz`);
    expect(sick.status).toBe(503);
    expect(JSON.parse(sick.body)).toMatchObject({
      status: "failing",
      unavailable: 1,
      last_error: { error: expect.stringContaining("EIO") },
    });
    files.fail.code = "ENOSPC";
    expect((await send(`${c.base}/events?event=RING`, { headers: bearer() })).status).toBe(503);
    files.fail.code = undefined;
    const after = await send(`${c.base}/events`, {
      method: "POST",
      headers: bearer(),
      body: '{"id":"after"}',
    });
    expect(after.status).toBe(200);
    expect(JSON.parse((await send(`${c.base}/healthz`)).body)).toMatchObject({ status: "ok", accepted: 2 });
    expect(c.lines()).toEqual([EVENT, '{"id":"after"}']);
    expect(c.notices.map((n) => n.kind)).toEqual(expect.arrayContaining(["disk-failed", "disk-recovered"]));
  });
});

describe("collect: the day of receipt", () => {
  it("writes each event to the file of its UTC day of receipt, received_at included", async () => {
    const times = ["2026-03-04T12:00:00.000Z", "2026-03-04T23:59:59.999Z", "2026-03-05T00:00:00.000Z"];
    let now = new Date(times[0] as string);
    const c = await start({ now: () => now, receivedAt: true });
    for (const [i, time] of times.slice(1).entries()) {
      now = new Date(time);
      const reply = await send(`${c.base}/events`, { method: "POST", headers: bearer(), body: `{"n":${i}}` });
      expect(reply.status).toBe(200);
    }
    await c.stop();
    expect(readFileSync(join(c.dir, "events-2026-03-04.ndjson"), "utf8")).toBe(
      '{"n":0,"received_at":"2026-03-04T23:59:59.999Z"}\n',
    );
    expect(readFileSync(join(c.dir, "events-2026-03-05.ndjson"), "utf8")).toBe(
      '{"n":1,"received_at":"2026-03-05T00:00:00.000Z"}\n',
    );
  });
});

describe("collect: shutdown", () => {
  it("stop() finishes and syncs every request in flight before it resolves", async () => {
    const files = gatedFileLayer();
    const c = await start({ files });
    files.hold();
    const requests = Array.from({ length: 30 }, (_, i) =>
      send(`${c.base}/events`, { method: "POST", headers: bearer(), body: `{"id":"in-flight-${i}"}` }),
    );
    // All 30 are being handled (waiting on the disk).
    await waitFor(
      async () => JSON.parse((await send(`${c.base}/healthz`)).body).in_flight >= 30,
      5_000,
      "30 requests in flight",
    );
    const stopping = c.stop();
    setTimeout(() => files.release(), 100);
    const replies = await Promise.all(requests);
    await stopping;
    expect(replies.map((r) => r.status)).toEqual(Array(30).fill(200));
    expect(c.lines().sort()).toEqual(Array.from({ length: 30 }, (_, i) => `{"id":"in-flight-${i}"}`).sort());
    expect(c.notices.at(-1)).toMatchObject({ kind: "stopped", counts: { accepted: 30 } });
  });
});

describe("collect: connections and timeouts", () => {
  it("serves several requests over one keep-alive connection", async () => {
    const c = await start();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const ports = new Set<number>();
      for (let i = 0; i < 3; i += 1) {
        const reply = await new Promise<number>((resolve, reject) => {
          const req = request(`${c.base}/events`, { method: "POST", agent, headers: bearer() }, (res) => {
            ports.add(res.socket.localPort ?? -1);
            res.resume();
            res.on("end", () => resolve(res.statusCode ?? 0));
          });
          req.on("error", reject);
          req.end(`{"id":"k${i}"}`);
        });
        expect(reply).toBe(200);
      }
      expect(ports.size).toBe(1);
    } finally {
      agent.destroy();
    }
    expect(c.lines()).toEqual(['{"id":"k0"}', '{"id":"k1"}', '{"id":"k2"}']);
  });

  it("answers 408 and closes a connection whose headers do not arrive in time", {
    timeout: 10_000,
  }, async () => {
    const c = await start({ headersTimeoutMs: 300, requestTimeoutMs: 600 });
    const socket = connect(Number(new URL(c.base).port), "127.0.0.1");
    let received = "";
    socket.setEncoding("utf8").on("data", (text: string) => {
      received += text;
    });
    const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
    socket.write("POST /events HTTP/1.1\r\nHost: x\r\n");
    await closed;
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    expect(c.notices).toContainEqual(expect.objectContaining({ kind: "refused", status: 408 }));
    expect(c.text()).toBe("");
  });

  it("answers 400 to a request that is not HTTP, and logs it", async () => {
    const c = await start();
    const socket = connect(Number(new URL(c.base).port), "127.0.0.1");
    let received = "";
    socket.setEncoding("utf8").on("data", (text: string) => {
      received += text;
    });
    const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
    socket.write("HELLO THERE\r\n\r\n");
    await closed;
    expect(received).toMatch(/^HTTP\/1\.1 400 /);
    expect(c.notices).toContainEqual(expect.objectContaining({ kind: "refused", status: 400, method: "-" }));
  });

  it("answers HEAD /healthz with the headers only", async () => {
    const c = await start();
    const reply = await send(`${c.base}/healthz`, { method: "HEAD" });
    expect(reply.status).toBe(200);
    expect(reply.body).toBe("");
    expect(Number(reply.headers["content-length"])).toBeGreaterThan(0);
  });

  it("reports a summary at each interval: the interval's counts, the total and the file", async () => {
    const c = await start({ summaryIntervalMs: 100 });
    await send(`${c.base}/events`, { method: "POST", headers: bearer(), body: '[{"id":"a"},{"id":"b"}]' });
    await waitFor(
      () => c.notices.some((n) => n.kind === "summary" && n.totalAccepted === 2),
      5_000,
      "a summary",
    );
    const summary = c.notices.find((n) => n.kind === "summary" && n.totalAccepted === 2);
    expect(summary).toMatchObject({ intervalMs: 100, file: expect.stringMatching(/^events-.*\.ndjson$/) });
    // Each summary counts its own interval: together they count the two events once.
    await waitFor(() => c.notices.filter((n) => n.kind === "summary").length >= 3, 5_000, "three summaries");
    const perInterval = c.notices.flatMap((n) => (n.kind === "summary" ? [n.accepted] : []));
    expect(perInterval.reduce((a, b) => a + b, 0)).toBe(2);
  });
});

describe("collect: Expect: 100-continue", () => {
  it("answers 401 before the body is sent, and 100 Continue then 200 with the token", async () => {
    const c = await start();
    expect(await postExpecting(`${c.base}/events`, {}, EVENT)).toEqual({ status: 401, continued: false });
    expect(await postExpecting(`${c.base}/events`, bearer(), EVENT)).toEqual({
      status: 200,
      continued: true,
    });
    expect(c.lines()).toEqual([EVENT]);
  });
});
