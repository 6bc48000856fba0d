// Worker threads: every figure and every listed problem is the same with 1, 2 or 3 threads.
import { execFile } from "node:child_process";
import { readdirSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { DIRTY, generateDump } from "../bench/generate.mjs";

const run = promisify(execFile);
const BIN = "bin/teltel-events.js";
const SAMPLES = readdirSync("samples")
  .filter((name) => name.endsWith(".ndjson"))
  .map((name) => `samples/${name}`);
const UNCERTAIN = "test/fixtures/parallel/uncertain.ndjson";
// transfer.ndjson with two lines that spell a key twice, the second time escaped (JSON.parse keeps that one):
// a RING that moves to another session, and a RING whose timestamp is a year ahead.
const ESCAPED_KEYS = "test/fixtures/parallel/escaped-keys.ndjson";

async function json(args: string[]): Promise<Record<string, unknown>> {
  try {
    const { stdout } = await run("node", [BIN, ...args, "--format", "json"], {
      env: { ...process.env, NO_COLOR: "1" },
      maxBuffer: 64 * 1024 * 1024,
    });
    return JSON.parse(stdout);
  } catch (error) {
    // validate exits 1 on findings; its JSON is still on stdout.
    const { stdout } = error as { stdout: string };
    return JSON.parse(stdout);
  }
}

describe("--threads", { timeout: 60_000 }, () => {
  it("routes lines whose session the bytes cannot tell (escaped, nested, numeric) like any other", async () => {
    // uncertain.ndjson: 12 sessions of 4 lines (s3's RING spells its session "s\u0033", s4's RING has a
    // nested data.session_id, s5's RING a nested "timestamp"), a conflicting duplicate (s6) and a retry
    // (s7), a numeric-id session 123 of 2 lines, a blank line, "not json" and a RING with only 3 attributes.
    const report = await json(["analyze", "--threads", "2", UNCERTAIN]);
    expect(report.input).toMatchObject({
      lines: 55,
      blank: 1,
      events: 50,
      invalid: 3,
      duplicates: 1,
      late: 0,
    });
    // 48 + 2 events; invalid = conflict + "not json" + the orphan RING.
    expect(report.sessions).toMatchObject({ total: 13, complete: 13 });
    // The orphan RING misses accountcode, session_id, direction and type.
    expect(report.problemCounts).toEqual({
      "conflicting-duplicate": 1,
      "invalid-json": 1,
      "missing-attribute": 4,
    });
  });

  it.each([...SAMPLES, UNCERTAIN, ESCAPED_KEYS])(
    "analyze and validate of %s agree for 1, 2 and 3 threads",
    async (file) => {
      for (const command of ["analyze", "validate"]) {
        const [one, two, three] = await Promise.all(
          ["1", "2", "3"].map((threads) => json([command, "--threads", threads, file])),
        );
        expect(two).toEqual(one);
        expect(three).toEqual(one);
      }
    },
  );

  it("all samples in one run agree, with lines numbered per file", async () => {
    const files = [...SAMPLES, UNCERTAIN];
    const one = await json(["analyze", "--threads", "1", "--max-problems", "1000", ...files]);
    const two = await json(["analyze", "--threads", "2", "--max-problems", "1000", ...files]);
    expect(two).toEqual(one);
    const input = one.input as Record<string, number>;
    expect(input.lines).toBe(
      (input.blank as number) +
        (input.events as number) +
        (input.invalid as number) +
        (input.duplicates as number) +
        (input.late as number),
    );
  });

  it("a generated dirty dump agrees to the last digit, KPIs, breakdowns and variants included", async () => {
    // 40,000 lines: enough for floating-point sums to depend on their order, were they not exact.
    const dir = await mkdtemp(join(tmpdir(), "teltel-parallel-"));
    try {
      const file = join(dir, "dirty.ndjson");
      await generateDump({ events: 40_000, seed: 11, out: file, ...DIRTY });
      const kpis = ["--by", "hour", "--by", "operator", "--by", "campaign", "--variants", file];
      for (const command of [
        ["analyze", ...kpis],
        ["validate", file],
      ]) {
        const [one, two] = await Promise.all(
          ["1", "2"].map((threads) =>
            json([...(command.slice(0, 1) as string[]), "--threads", threads, ...command.slice(1)]),
          ),
        );
        expect(two).toEqual(one);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("wild clocks (a retried event a year ahead, a whole call two days ahead, a real gap) agree too", async () => {
    const dir = await mkdtemp(join(tmpdir(), "teltel-parallel-"));
    try {
      const dump = join(dir, "dirty.ndjson");
      await generateDump({ events: 5000, seed: 5, out: dump, ...DIRTY });
      const lines = (await readFile(dump, "utf8")).split("\n").filter((line) => line !== "");
      const parse = (line: string): Record<string, unknown> | undefined => {
        try {
          const value = JSON.parse(line);
          const ok =
            typeof value?.timestamp === "string" &&
            Number.isFinite(Date.parse(value.timestamp)) &&
            typeof value.session_id === "string";
          return ok && typeof value.id === "string" ? value : undefined;
        } catch {
          return undefined;
        }
      };
      // Bad lines (of the dirty dump) are left as they are.
      const shifted = (line: string, ms: number, prefix: string): string => {
        const event = parse(line);
        if (event === undefined) return line;
        event.id = `${prefix}${event.id}`;
        event.session_id = `${prefix}${event.session_id}`;
        event.timestamp = new Date(Date.parse(event.timestamp as string) + ms).toISOString();
        return JSON.stringify(event);
      };
      const at = (n: number): string => lines.slice(n).find((line) => parse(line) !== undefined) as string;
      const year = shifted(at(3000), 365 * 86_400_000, "y-");
      // A whole call from a clean dump of the same day (every line valid), its events in a row.
      const clean = join(dir, "clean.ndjson");
      await generateDump({ events: 300, seed: 5, out: clean });
      const cleanLines = (await readFile(clean, "utf8")).split("\n").filter((line) => line !== "");
      const session = parse(cleanLines[150] as string)?.session_id;
      const call = cleanLines
        .filter((line) => parse(line)?.session_id === session)
        .map((line) => shifted(line, 2 * 86_400_000, "d-"));
      // The second half again, three days later: a real gap the watermark must follow.
      const later = lines.slice(4000).map((line) => shifted(line, 3 * 86_400_000, "g-"));
      const file = join(dir, "wild.ndjson");
      const wild = [...lines.slice(0, 3000), year, year, year, ...lines.slice(3000, 4000), ...call];
      await writeFile(file, `${[...wild, ...lines.slice(4000), ...later].join("\n")}\n`);
      for (const command of [
        ["analyze", "--variants", "--max-problems", "100000", file],
        ["validate", file],
      ]) {
        const [one, two, three] = await Promise.all(
          ["1", "2", "3"].map((threads) =>
            json([...(command.slice(0, 1) as string[]), "--threads", threads, ...command.slice(1)]),
          ),
        );
        expect(two).toEqual(one);
        expect(three).toEqual(one);
      }
      const report = await json(["analyze", "--threads", "2", file]);
      expect((report.problemCounts as Record<string, number>)["unbelievable-timestamp"]).toBe(
        3 + call.length,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("a line longer than a batch slot (a large --max-line-bytes) travels whole, as in one thread", async () => {
    const dir = await mkdtemp(join(tmpdir(), "teltel-parallel-"));
    try {
      // Two calls of START + COMPLETED; the second START carries a 3 MB note (more than a 2 MiB slot).
      const event = (session: string, name: string, second: number, extra: Record<string, unknown> = {}) =>
        JSON.stringify({
          event: name,
          id: `${session}-${name}`,
          timestamp: `2026-03-02T09:00:${String(second).padStart(2, "0")}Z`,
          accountcode: "acc",
          session_id: session,
          direction: "inbound",
          type: "standard",
          ...(name === "COMPLETED" ? { hanged_by: "phone", hanged_value: "+371", is_answered: false } : {}),
          ...extra,
        });
      const lines = [
        event("s1", "START", 1),
        event("s2", "START", 2, { data: { note: "x".repeat(3_000_000) } }),
        event("s1", "COMPLETED", 3),
        event("s2", "COMPLETED", 4),
      ];
      const file = join(dir, "long.ndjson");
      await writeFile(file, `${lines.join("\n")}\n`);
      const reports = await Promise.all(
        ["1", "2"].map((threads) =>
          json(["analyze", "--threads", threads, "--max-line-bytes", "4000000", file]),
        ),
      );
      expect(reports[1]).toEqual(reports[0]);
      // Every line is an event and both calls are complete: the long line was read whole.
      expect(reports[1]?.input).toMatchObject({ lines: 4, events: 4, invalid: 0 });
      expect(reports[1]?.calls).toMatchObject({ total: 2 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("a batch of more lines than a slot's table first holds (tens of thousands of short ones) agrees", async () => {
    const dir = await mkdtemp(join(tmpdir(), "teltel-parallel-"));
    try {
      const sample = (await readFile("samples/transfer.ndjson", "utf8"))
        .split("\n")
        .filter((line) => line !== "");
      // Every event followed by 3,000 blank lines and 1,000 lines of "x": a 1 MiB read then holds ~200,000 lines.
      const filler = `${"\n".repeat(3000)}${"x\n".repeat(1000)}`;
      const file = join(dir, "short-lines.ndjson");
      await writeFile(file, sample.map((line) => `${line}\n${filler}`).join(""));
      const reports = await Promise.all(
        ["1", "2", "3"].map((threads) => json(["analyze", "--threads", threads, file])),
      );
      expect(reports[1]).toEqual(reports[0]);
      expect(reports[2]).toEqual(reports[0]);
      expect(reports[0]?.input).toMatchObject({
        lines: sample.length * 4001,
        events: sample.length,
        blank: sample.length * 3000,
        invalid: sample.length * 1000,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
