// The collector under load: autocannon posts the events of a generated dump (each one once) to `collect` on
// 127.0.0.1, then analyze reads the collector's dump, which must hold exactly the acknowledged events and give
// the same report as the same events read from the source.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import autocannon from "autocannon";
import { table } from "./measure.mjs";

const TOKEN = "bench-token-0123456789abcdef";

/** Starts `collect` on a free loopback port writing to `dir`; resolves with the child and its URL. */
function startCollector(bin, dir) {
  rmSync(dir, { recursive: true, force: true });
  const child = spawn(process.execPath, [bin, "collect", "--out-dir", dir, "--listen", "127.0.0.1:0"], {
    env: { ...process.env, TELTEL_EVENTS_TOKEN: TOKEN },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`collect did not start:\n${stderr}`)), 15_000);
    child.stderr.setEncoding("utf8").on("data", (text) => {
      stderr += text;
      const port = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(stderr)?.[1];
      if (port !== undefined) {
        clearTimeout(timer);
        resolve({ child, url: `http://127.0.0.1:${port}`, stderr: () => stderr });
      }
    });
    child.on("exit", (code) => reject(new Error(`collect exited ${code}:\n${stderr}`)));
  });
}

/** Stops the collector with SIGTERM (bounded) and returns its exit code. */
function stopCollector(child) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.removeAllListeners("exit");
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    child.kill("SIGTERM");
  });
}

/** CPU seconds (user + system) a process has used so far, from /proc/PID/stat (clock ticks of 10 ms). */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function vmHwmKb(pid) {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) : null;
}

/**
 * One autocannon run of `duration` s: each request posts the next source line (each line once); the bodies
 * of the requests answered 2xx are collected (one request in flight per connection, so its context knows it).
 */
function fire(url, lines, { connections, duration }) {
  let next = 0;
  const acked = [];
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `${url}/events`,
        connections,
        duration,
        timeout: 30,
        requests: [
          {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
            setupRequest: (request, context) => {
              context.body = lines[next++];
              return context.body === undefined ? null : { ...request, body: context.body };
            },
            onResponse: (status, _body, context) => {
              if (status >= 200 && status < 300) acked.push(context.body);
            },
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve({ result, acked, handedOut: next })),
    );
  });
}

function analyzeJson(bin, file) {
  const run = spawnSync(process.execPath, [bin, "analyze", "--format", "json", file], {
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  if (run.status !== 0) throw new Error(`analyze ${file} exited ${run.status}: ${run.stderr.slice(0, 2000)}`);
  const report = JSON.parse(run.stdout);
  delete report.input.fileNames;
  // Concurrent requests land in another order than the source's: problems are compared without their
  // file and line, as a sorted list.
  report.problems = report.problems
    .map(({ file, line, ...problem }) => JSON.stringify(problem))
    .sort()
    .map((problem) => JSON.parse(problem));
  return report;
}

/**
 * Runs the collector bench: `seconds` of load, then SIGTERM. autocannon drops the requests still in flight
 * when the time is up, which the collector may have written and answered: so the dump must hold every event
 * autocannon saw acknowledged, exactly as many events as the collector says it acknowledged, and nothing
 * else but those last requests in flight (at most one per connection).
 */
export async function benchCollect({ bin, out, source, connections = 50, seconds = 10 }) {
  const lines = readFileSync(source, "utf8")
    .split("\n")
    .filter((line) => line !== "");
  mkdirSync(out, { recursive: true });
  const dir = join(out, "collect-dump");
  const collector = await startCollector(bin, dir);
  const { result, acked, handedOut } = await fire(collector.url, lines, { connections, duration: seconds });
  const health = await (await fetch(`${collector.url}/healthz`)).json();
  const rssKb = vmHwmKb(collector.child.pid);
  const cpu = cpuSeconds(collector.child.pid);
  const exitCode = await stopCollector(collector.child);
  const serverAcked = Number(/stopped: (\d+) events? accepted/.exec(collector.stderr())?.[1]);

  const errors = result.errors + result.timeouts + result.non2xx;
  const dumps = readdirSync(dir).filter((name) => name.startsWith("events-"));
  const dumpLines = dumps
    .flatMap((name) => readFileSync(join(dir, name), "utf8").split("\n"))
    .filter((l) => l);
  const inDump = new Set(dumpLines);
  const extra = dumpLines.length - acked.length;
  // The same events read from the source, in the source's order.
  const sentFile = join(out, "collect-sent.ndjson");
  writeFileSync(
    sentFile,
    `${lines
      .slice(0, handedOut)
      .filter((line) => inDump.has(line))
      .join("\n")}\n`,
  );
  let events = Number.NaN;
  let sameReport = false;
  if (dumps.length === 1) {
    const fromDump = analyzeJson(bin, join(dir, dumps[0]));
    events = fromDump.input.events + fromDump.input.duplicates;
    sameReport = JSON.stringify(fromDump) === JSON.stringify(analyzeJson(bin, sentFile));
  }
  const checks = [
    ["zero errors (connection errors, timeouts, non-2xx)", errors === 0],
    ["collect exited 0 after SIGTERM", exitCode === 0],
    ["every event acknowledged to autocannon is in the dump", acked.every((line) => inDump.has(line))],
    [
      `the dump holds as many events as collect acknowledged (${serverAcked})`,
      dumpLines.length === serverAcked,
    ],
    [
      `besides those, only requests in flight when autocannon stopped (${extra}, at most ${connections})`,
      extra >= 0 && extra <= connections && inDump.size === dumpLines.length,
    ],
    ["analyze counts as many events as collect acknowledged", events === serverAcked],
    ["analyze of the dump = analyze of the same events from the source", sameReport],
  ];
  const rows = [
    [
      `${connections}`,
      `${result.duration.toFixed(1)} s`,
      `${acked.length}`,
      `${Math.round(acked.length / result.duration)}`,
      `${result.latency.p50} ms`,
      `${result.latency.p99} ms`,
      `${result.latency.max} ms`,
      `${errors}`,
      `${cpu.toFixed(1)} s`,
      `${Math.round((cpu * 1e6) / Math.max(1, acked.length))} µs`,
      `${(health.accepted / Math.max(1, health.synced_batches)).toFixed(1)}`,
      rssKb === null ? "-" : `${(rssKb / 1024).toFixed(0)} MiB`,
    ],
  ];
  const text = [
    "collect under load (autocannon, one JSON event per POST, loopback, then SIGTERM; analyze on the dump):",
    "",
    table(
      [
        "conns",
        "time",
        "acknowledged",
        "events/s",
        "p50",
        "p99",
        "max",
        "errors",
        "collect CPU",
        "CPU/event",
        "events/fsync",
        "peak RSS",
      ],
      rows,
    ),
    "",
    ...checks.map(([what, ok]) => `${ok ? "ok  " : "FAIL"} ${what}`),
  ].join("\n");
  return { text, ok: checks.every(([, ok]) => ok) };
}
