// Retention of the daily files: which files are expired (worked out by hand below), prune's removals and its
// words, an interrupted pass leaving every file whole, and collect --retain-days at start and at a day change.
import { gzipSync } from "node:zlib";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { nodeFileLayer } from "../../src/collect/file-layer.js";
import { dailyFileDay, expiredDailyFiles, pruneDirectory } from "../../src/collect/retention.js";
import { type CollectNotice, startCollector } from "../../src/commands/collect.js";
import { runMain } from "../support/run-main.js";
import { TOKEN } from "./support.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A directory with these files, each holding its own name as a line (gzipped for .gz). */
function directory(names: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), "teltel-retention-"));
  dirs.push(dir);
  for (const name of names) {
    const body = Buffer.from(`{"file":"${name}"}\n`);
    writeFileSync(join(dir, name), name.endsWith(".gz") ? gzipSync(body) : body);
  }
  return dir;
}

const NOW = new Date("2026-03-10T00:00:01Z");
const DAY = 86_400;

describe("expiredDailyFiles", () => {
  it("a file goes once its whole day ended the duration ago; other files are never touched", () => {
    const names = [
      "events-2026-03-09.ndjson", // ended 03-10 00:00, 1 s before NOW: kept with 1 day
      "events-2026-03-08.ndjson", // ended 03-09 00:00, 1 day + 1 s before NOW: expired with 1 day
      "rejected-2026-03-08.ndjson",
      "events-2026-03-01.ndjson.gz", // gzipped by the user: expired too
      "events-2026-02-30.ndjson", // no such day
      "events-2026-03-01.ndjson.tmp",
      "notes-2026-03-01.ndjson",
      "events-2026-03-01.ndjson.gz.partial",
      ".lock",
    ];
    expect(expiredDailyFiles(names, NOW, DAY).map((f) => f.name)).toEqual([
      "events-2026-03-01.ndjson.gz",
      "events-2026-03-08.ndjson",
      "rejected-2026-03-08.ndjson",
    ]);
    // 9 days: 03-01 ended 03-02 00:00, 8 days + 1 s before NOW: kept; 8 days: expired.
    expect(expiredDailyFiles(names, NOW, 9 * DAY)).toEqual([]);
    expect(expiredDailyFiles(names, NOW, 8 * DAY).map((f) => f.day)).toEqual(["2026-03-01"]);
    expect(dailyFileDay("events-2026-02-28.ndjson")).toBe("2026-02-28");
    expect(dailyFileDay("events-2026-02-29.ndjson")).toBeUndefined();
  });
});

describe("pruneDirectory and prune", () => {
  const NAMES = [
    "events-2026-01-05.ndjson",
    "events-2026-01-06.ndjson.gz",
    "rejected-2026-01-05.ndjson",
    "events-2026-03-09.ndjson",
    "README.txt",
  ];

  it("removes the expired files, plain and gzip, keeps the rest whole, and syncs the directory", async () => {
    const dir = directory(NAMES);
    let synced = 0;
    const result = await pruneDirectory(dir, NOW, 30 * DAY, {
      files: {
        syncDirectory: async () => {
          synced += 1;
        },
      },
    });
    expect(result.removed.map((f) => f.name)).toEqual([
      "events-2026-01-05.ndjson",
      "rejected-2026-01-05.ndjson",
      "events-2026-01-06.ndjson.gz",
    ]);
    expect(result).toMatchObject({ failed: [], kept: 1 });
    expect(readdirSync(dir).sort()).toEqual(["README.txt", "events-2026-03-09.ndjson"]);
    expect(synced).toBe(1);
  });

  it("a pass cut short leaves every file whole: removed, or there byte for byte", async () => {
    const dir = directory(NAMES);
    const before = new Map(NAMES.map((name) => [name, readFileSync(join(dir, name))]));
    let calls = 0;
    const result = await pruneDirectory(dir, NOW, 30 * DAY, {
      remove: async (path) => {
        calls += 1;
        if (calls === 2) throw Object.assign(new Error("EIO"), { code: "EIO" });
        const { unlink } = await import("node:fs/promises");
        await unlink(path);
      },
    });
    expect(result.failed).toEqual([{ name: "rejected-2026-01-05.ndjson", error: "EIO" }]);
    for (const name of readdirSync(dir)) expect(readFileSync(join(dir, name))).toEqual(before.get(name));
    expect(readdirSync(dir).sort()).toEqual([
      "README.txt",
      "events-2026-03-09.ndjson",
      "rejected-2026-01-05.ndjson",
    ]);
  });

  it("prune DIR --older-than: a line per file and a summary; --dry-run removes nothing", async () => {
    // prune reads the clock: the kept file is today's.
    const today = `events-${new Date().toISOString().slice(0, 10)}.ndjson`;
    const dir = directory([...NAMES.filter((name) => name !== "events-2026-03-09.ndjson"), today]);
    const dry = await runMain(["prune", dir, "--older-than", "30d", "--dry-run"]);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain("would remove events-2026-01-05.ndjson\n");
    expect(dry.out.trim().split("\n").at(-1)).toBe("would remove 3 daily files, kept 1");
    expect(readdirSync(dir)).toHaveLength(5);
    const real = await runMain(["prune", dir, "--older-than", "30d"]);
    expect(real.code).toBe(0);
    expect(real.out.trim().split("\n")).toEqual([
      "removed events-2026-01-05.ndjson",
      "removed rejected-2026-01-05.ndjson",
      "removed events-2026-01-06.ndjson.gz",
      "removed 3 daily files, kept 1",
    ]);
    expect(readdirSync(dir).sort()).toEqual(["README.txt", today]);
  });

  it.each([
    [["prune", "/nonexistent-teltel-dir", "--older-than", "90d"], "no such directory"],
    [["prune", ".", "--older-than", "12h"], "--older-than must be at least 1d"],
    [["prune", ".", "--older-than", "soon"], "expected a duration"],
    [["prune", "."], "--older-than"],
  ])("%j: one sentence, exit 2", async (argv, words) => {
    const r = await runMain(argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(words);
    expect(r.err.trim().split("\n")).toHaveLength(1);
  });
});

describe("collect --retain-days", () => {
  it("removes the old daily files at start and again after the UTC day changes, with one log notice each", async () => {
    const dir = directory([
      "events-2026-03-01.ndjson",
      "rejected-2026-03-01.ndjson",
      "events-2026-03-08.ndjson",
      "events-2026-03-09.ndjson",
    ]);
    let now = NOW;
    const notices: CollectNotice[] = [];
    const collector = await startCollector(
      {
        host: "127.0.0.1",
        port: 0,
        outDir: dir,
        token: TOKEN,
        maxBodyBytes: 65_536,
        maxConnections: 8,
        receivedAt: false,
        retainDays: 1,
        now: () => now,
        summaryIntervalMs: 20,
        files: nodeFileLayer,
      },
      (notice) => notices.push(notice),
    );
    try {
      // At start (2026-03-10 00:00:01): 03-01 and 03-08 have ended more than a day ago; 03-09 1 s ago.
      expect(
        readdirSync(dir)
          .filter((n) => n.endsWith(".ndjson"))
          .sort(),
      ).toEqual(["events-2026-03-09.ndjson", "events-2026-03-10.ndjson"]);
      const first = notices.filter((n) => n.kind === "retention");
      expect(first).toHaveLength(1);
      // Later the same day: nothing more; the next day: 03-09 goes.
      now = new Date("2026-03-10T12:00:00Z");
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(notices.filter((n) => n.kind === "retention")).toHaveLength(1);
      now = new Date("2026-03-11T00:00:05Z");
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(readdirSync(dir)).not.toContain("events-2026-03-09.ndjson");
      const all = notices.filter((n) => n.kind === "retention");
      expect(all).toHaveLength(2);
      expect(all.map((n) => (n.kind === "retention" ? n.result.removed.map((f) => f.name) : []))).toEqual([
        ["events-2026-03-01.ndjson", "rejected-2026-03-01.ndjson", "events-2026-03-08.ndjson"],
        ["events-2026-03-09.ndjson"],
      ]);
    } finally {
      await collector.stop(1_000);
    }
  });
});
