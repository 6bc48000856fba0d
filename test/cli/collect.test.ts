// collect at the CLI edge, in-process: token sources, the loopback rule, usage errors (one sentence, exit 2),
// and a run stopped by the signal (exit 0).
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isLoopback, listenAddress } from "../../src/cli/collect.js";
import { runMain, send, TOKEN, waitFor } from "../collect/support.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "teltel-cli-collect-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function usageError(argv: string[], env: Record<string, string> = {}): Promise<string> {
  const run = runMain(argv, env);
  expect(await run.done).toBe(2);
  expect(run.err()).toMatch(/^teltel-events: [^\n]+\n$/);
  return run.err();
}

const OUT = () => ["--out-dir", join(dir, "out"), "--listen", "127.0.0.1:0"];

describe("collect: usage errors", () => {
  it("refuses to start without a token", async () => {
    expect(await usageError(["collect", ...OUT()])).toContain("no token");
  });

  it("refuses a short token or one with spaces", async () => {
    expect(await usageError(["collect", ...OUT(), "--token", "short"])).toContain("at least 16");
    expect(await usageError(["collect", ...OUT(), "--token", "has a space in it ok"])).toContain(
      "at least 16",
    );
  });

  it("refuses --token with --token-file", async () => {
    const file = join(dir, "token-both");
    writeFileSync(file, TOKEN);
    expect(await usageError(["collect", ...OUT(), "--token", TOKEN, "--token-file", file])).toContain("once");
  });

  it("refuses a token file it cannot read", async () => {
    expect(await usageError(["collect", ...OUT(), "--token-file", join(dir, "missing")])).toBe(
      `teltel-events: cannot read the token file ${join(dir, "missing")}: no such file or directory.\n`,
    );
  });

  it("refuses --no-auth on an address other machines reach", async () => {
    const err = await usageError([
      "collect",
      "--out-dir",
      join(dir, "o"),
      "--listen",
      "0.0.0.0:0",
      "--no-auth",
    ]);
    expect(err).toContain("loopback");
  });

  it("refuses --no-auth together with a token, even from the environment", async () => {
    expect(await usageError(["collect", ...OUT(), "--no-auth"], { TELTEL_EVENTS_TOKEN: TOKEN })).toContain(
      "contradicts",
    );
  });

  it.each([["8080"], ["[127.0.0.1]:80"], ["host:99999"], ["::1:8080"]])(
    "refuses --listen %s",
    async (listen) => {
      expect(await usageError(["collect", "--out-dir", dir, "--listen", listen, "--token", TOKEN])).toContain(
        "--listen",
      );
    },
  );

  it("refuses a missing --out-dir and a bad --max-body-bytes", async () => {
    expect(await usageError(["collect", "--token", TOKEN])).toContain("--out-dir");
    expect(await usageError(["collect", ...OUT(), "--token", TOKEN, "--max-body-bytes", "0"])).toContain(
      "--max-body-bytes",
    );
  });

  it("says so when the directory cannot be made or the address is taken", async () => {
    const file = join(dir, "a-file");
    writeFileSync(file, "");
    const under = await usageError(["collect", "--out-dir", join(file, "sub"), "--token", TOKEN]);
    expect(under).toContain(`cannot create the directory ${join(file, "sub")}: ${file} is a file`);
    expect(under).not.toMatch(/\bE[A-Z]{3,}\b/);
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const err = await usageError(
        ["collect", "--out-dir", join(dir, "o2"), "--listen", `127.0.0.1:${port}`],
        {
          TELTEL_EVENTS_TOKEN: TOKEN,
        },
      );
      expect(err).toContain("the address is in use");
    } finally {
      taken.close();
    }
  });
});

describe("collect: the out-dir", () => {
  it("a regular file given as --out-dir: says it is a file, not EEXIST", async () => {
    const file = join(dir, "plain-file");
    writeFileSync(file, "");
    const err = await usageError(["collect", "--out-dir", file, "--listen", "127.0.0.1:0", "--token", TOKEN]);
    expect(err).toBe(`teltel-events: --out-dir ${file} is a file, not a directory.\n`);
  });
});

describe("collect: one collector per directory", () => {
  it("refuses a second collector on the same directory in one sentence, and frees it at stop", {
    timeout: 20_000,
  }, async () => {
    const out = join(dir, "locked");
    const env = { TELTEL_EVENTS_TOKEN: TOKEN };
    const first = runMain(["collect", "--out-dir", out, "--listen", "127.0.0.1:0"], env);
    await waitFor(() => first.err().includes("listening"), 5_000, "listening");
    expect(JSON.parse(readFileSync(join(out, "collect.lock"), "utf8")).pid).toBe(process.pid);
    const second = runMain(["collect", "--out-dir", out, "--listen", "127.0.0.1:0"], env);
    expect(await second.done).toBe(2);
    expect(second.err()).toMatch(
      new RegExp(
        `^teltel-events: another collector \\(pid ${process.pid}, since [0-9T:.-]+Z\\) is writing to ${out}: ` +
          "stop it first, or give another --out-dir\\.\\n$",
      ),
    );
    first.signal();
    expect(await first.done).toBe(0);
    expect(existsSync(join(out, "collect.lock"))).toBe(false);
    // Free again: a new collector starts there.
    const third = runMain(["collect", "--out-dir", out, "--listen", "127.0.0.1:0"], env);
    await waitFor(() => third.err().includes("listening"), 5_000, "listening");
    third.signal();
    expect(await third.done).toBe(0);
  });
});

describe("collect: a run", () => {
  it("takes the token from a file, serves until the signal, syncs and exits 0", {
    timeout: 20_000,
  }, async () => {
    const tokenFile = join(dir, "token");
    writeFileSync(tokenFile, `${TOKEN}\n`);
    chmodSync(tokenFile, 0o600);
    const out = join(dir, "run");
    const run = runMain(["collect", "--out-dir", out, "--listen", "127.0.0.1:0", "--token-file", tokenFile]);
    await waitFor(() => /listening on http:\/\/127\.0\.0\.1:\d+\/events/.test(run.err()), 5_000, "listening");
    const port = /127\.0\.0\.1:(\d+)/.exec(run.err())?.[1];
    const base = `http://127.0.0.1:${port}`;
    const ok = await send(`${base}/events`, {
      method: "POST",
      headers: { Authorization: `Bearer ${TOKEN}` },
      body: '{"id":"one"}',
    });
    expect(ok.status).toBe(200);
    expect(
      (await send(`${base}/events?token=wrong-token-123456789`, { method: "POST", body: "{}" })).status,
    ).toBe(401);
    run.signal();
    expect(await run.done).toBe(0);
    const day = new Date().toISOString().slice(0, 10);
    expect(readFileSync(join(out, `events-${day}.ndjson`), "utf8")).toBe('{"id":"one"}\n');
    const err = run.err();
    expect(err).not.toContain("warning");
    expect(err).toMatch(/refused 401 POST \/events from 127\.0\.0\.1: wrong token\n/);
    expect(err).toMatch(/stopped: 1 event accepted, 0 rejected, 1 unauthorised; every file synced\n$/);
    expect(err).not.toContain(TOKEN);
    expect(err).not.toContain("wrong-token-123456789");
  });

  it("logs the first 5 refusals of strangers one by one, then counts them in one line", {
    timeout: 20_000,
  }, async () => {
    const run = runMain(["collect", "--out-dir", join(dir, "quiet"), "--listen", "127.0.0.1:0"], {
      TELTEL_EVENTS_TOKEN: TOKEN,
    });
    await waitFor(() => /listening on http:\/\/127\.0\.0\.1:\d+\/events/.test(run.err()), 5_000, "listening");
    const base = `http://127.0.0.1:${/127\.0\.0\.1:(\d+)/.exec(run.err())?.[1]}`;
    // 6 without a token, 2 to another path, then one that authenticated and was refused for its body.
    for (let i = 0; i < 6; i += 1)
      expect((await send(`${base}/events`, { method: "POST", body: "{}" })).status).toBe(401);
    for (let i = 0; i < 2; i += 1) expect((await send(`${base}/nowhere`)).status).toBe(404);
    const bad = await send(`${base}/events`, {
      method: "POST",
      headers: { Authorization: `Bearer ${TOKEN}` },
      body: "{",
    });
    expect(bad.status).toBe(400);
    run.signal();
    expect(await run.done).toBe(0);
    const lines = run.err().split("\n");
    expect(lines.filter((line) => line.includes(" refused 401 POST /events "))).toHaveLength(5);
    expect(lines.filter((line) => line.includes(" refused 404 "))).toHaveLength(0);
    expect(lines.filter((line) => line.includes(" refused 400 POST /events "))).toHaveLength(1);
    // Held back: the 6th 401 and both 404s.
    expect(lines).toContainEqual(
      expect.stringMatching(
        / collect: 3 more refused requests that did not authenticate in the last minute, not logged one by one \(401: 1, 404: 2\)$/,
      ),
    );
  });

  it("warns when the token file is readable by everyone, and runs with --no-auth on loopback", async () => {
    const tokenFile = join(dir, "open-token");
    writeFileSync(tokenFile, TOKEN);
    chmodSync(tokenFile, 0o644);
    const run = runMain([
      "collect",
      "--out-dir",
      join(dir, "w"),
      "--listen",
      "127.0.0.1:0",
      "--token-file",
      tokenFile,
    ]);
    await waitFor(() => run.err().includes("listening"), 5_000, "listening");
    expect(run.err()).toContain("readable by every user");
    run.signal();
    expect(await run.done).toBe(0);
    const open = runMain(["collect", "--out-dir", join(dir, "n"), "--listen", "127.0.0.1:0", "--no-auth"]);
    await waitFor(() => open.err().includes("(no authentication)"), 5_000, "listening");
    open.signal();
    expect(await open.done).toBe(0);
  });
});

describe("collect: --listen and loopback", () => {
  it.each([
    ["127.0.0.1:8080", { host: "127.0.0.1", port: 8080 }],
    ["[::1]:9000", { host: "::1", port: 9000 }],
    ["localhost:0", { host: "localhost", port: 0 }],
    ["0.0.0.0:65535", { host: "0.0.0.0", port: 65535 }],
  ])("reads %s", (value, address) => {
    expect(listenAddress(value)).toEqual(address);
  });

  it.each([
    ["127.0.0.1", true],
    ["127.8.9.10", true],
    ["::1", true],
    ["localhost", true],
    ["0.0.0.0", false],
    ["::", false],
    ["10.0.0.1", false],
    ["127.example.com", false],
  ])("%s is loopback: %s", (host, loopback) => {
    expect(isLoopback(host)).toBe(loopback);
  });
});
