// collect -> analyze: a day sent event by event (JSON, form, query string) gives the same report as the day.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { bearer, removeDir, runMain, send, startTestCollector, type TestCollector } from "./support.js";

const SAMPLE = fileURLToPath(new URL("../../samples/mixed-day.ndjson", import.meta.url));
const LINES = readFileSync(SAMPLE, "utf8")
  .split("\n")
  .filter((line) => line !== "");

let collector: TestCollector | undefined;
afterEach(async () => {
  await collector?.stop();
  if (collector) removeDir(collector.dir);
  collector = undefined;
});

/** analyze --format json on one file, in-process; the file's name left out (input and problems). */
async function analyze(file: string): Promise<Record<string, unknown>> {
  const run = runMain(["analyze", "--format", "json", file]);
  expect(await run.done).toBe(0);
  const report = JSON.parse(run.out());
  delete report.input.fileNames;
  for (const problem of report.problems) {
    expect(problem.file).toBe(file);
    delete problem.file;
  }
  return report;
}

/** An event as a form: top-level scalars as they are, objects as bracket keys (data[callback][leg_1_...]). */
function formOf(event: Record<string, unknown>): string {
  const pairs: string[] = [];
  const add = (key: string, value: unknown): void => {
    if (typeof value === "object" && value !== null) {
      for (const [k, v] of Object.entries(value)) add(`${key}[${k}]`, v);
    } else pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  };
  for (const [key, value] of Object.entries(event)) add(key, value);
  return pairs.join("&");
}

describe("collect then analyze", () => {
  it("mixed-day.ndjson sent line by line as JSON: the dump is the day, byte for byte, and analyzes the same", {
    timeout: 60_000,
  }, async () => {
    collector = await startTestCollector();
    for (const line of LINES) {
      const reply = await send(`${collector.base}/events`, {
        method: "POST",
        headers: bearer({ "Content-Type": "application/json" }),
        body: line,
      });
      expect(reply.status).toBe(200);
    }
    await collector.stop();
    const [dump] = collector.notices.flatMap((n) => (n.kind === "stopped" ? [n] : []));
    expect(dump?.counts.accepted).toBe(338);
    expect(collector.text()).toBe(readFileSync(SAMPLE, "utf8"));
    const file = dumpFile(collector);
    const expected = await analyze(SAMPLE);
    expect(await analyze(file)).toEqual(expected);
    // The sample's hand-counted figures (samples/README.md): 38 sessions, 37 complete calls, 19 answered.
    expect(expected).toMatchObject({
      input: { events: 338, invalid: 0 },
      sessions: { total: 38, complete: 37 },
      calls: { total: 37, answered: 19 },
    });
  });

  it("mixed-day.ndjson POSTed whole as one NDJSON batch: 338 events acknowledged at once, the dump is the day", {
    timeout: 60_000,
  }, async () => {
    collector = await startTestCollector({ maxBodyBytes: 200_000 });
    const day = readFileSync(SAMPLE);
    const reply = await send(`${collector.base}/events`, {
      method: "POST",
      headers: bearer({ "Content-Type": "application/x-ndjson" }),
      body: day,
    });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({ accepted: 338 });
    // One write and one fdatasync for the whole batch.
    expect(JSON.parse((await send(`${collector.base}/healthz`)).body)).toMatchObject({
      accepted: 338,
      deliveries: 1,
      synced_batches: 1,
    });
    await collector.stop();
    expect(collector.text()).toBe(day.toString("utf8"));
  });

  it.each([["GET query string"], ["POST form"]])(
    "mixed-day.ndjson sent as a %s: analyze gives the same calls, KPIs and breakdowns",
    { timeout: 60_000 },
    async (how) => {
      collector = await startTestCollector();
      for (const line of LINES) {
        const form = formOf(JSON.parse(line));
        const reply =
          how === "POST form"
            ? await send(`${collector.base}/events`, {
                method: "POST",
                headers: bearer({ "Content-Type": "application/x-www-form-urlencoded" }),
                body: form,
              })
            : await send(`${collector.base}/events?${form}`, { headers: bearer() });
        expect(reply.status).toBe(200);
      }
      await collector.stop();
      const report = await analyze(dumpFile(collector));
      expect(report).toEqual(await analyze(SAMPLE));
    },
  );
});

/** The collector's dump as one file: its daily files joined in order (a run across UTC midnight has two). */
function dumpFile(c: TestCollector): string {
  const file = join(c.dir, "whole-dump.ndjson");
  writeFileSync(file, c.text());
  return file;
}
