// Temporary files a killed -o run left behind: removed by the next run that writes the same target, when
// their process is gone or they are older than STALE_TEMP_MS; anything else is left alone.
import { existsSync, readdirSync, utimesSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOutputFiles } from "../../src/cli/files.js";
import { removeStaleTemps, STALE_TEMP_MS, tempPathFor } from "../../src/cli/temp-files.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "teltel-temps-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A pid no process can have: above Linux's largest pid_max (2^22). */
const GONE = 9_999_999;

describe("removeStaleTemps", () => {
  it("removes the target's temporary files whose process is gone, or that are old; keeps the rest", () => {
    const target = join(dir, "calls.csv");
    const now = Date.parse("2026-03-04T12:00:00Z");
    const dead = tempPathFor(target, 4242, now - 60_000);
    const live = tempPathFor(target, 4343, now - 60_000);
    const oldLive = tempPathFor(target, 4444, now - STALE_TEMP_MS - 60_000);
    const held = tempPathFor(target, 4545, now);
    const others = [
      tempPathFor(join(dir, "calls.csv.bak"), 4242, now),
      join(dir, ".calls.csv.notes.tmp"),
      join(dir, ".calls.csv.4242.x.tmp.keep"),
      join(dir, "calls.csv.4242.x.tmp"),
    ];
    for (const path of [dead, live, oldLive, held, ...others]) writeFileSync(path, "partial");
    // The name's time is only a label: the file's own modification time decides its age.
    const hoursAgo = (now - STALE_TEMP_MS - 60_000) / 1000;
    utimesSync(oldLive, hoursAgo, hoursAgo);
    for (const path of [dead, live, held]) utimesSync(path, now / 1000, now / 1000);
    const alive = (pid: number) => pid !== 4242;
    expect(removeStaleTemps(target, new Set([held]), now, alive).sort()).toEqual([dead, oldLive].sort());
    for (const path of [live, held, ...others]) expect(existsSync(path), path).toBe(true);
    expect(existsSync(dead) || existsSync(oldLive)).toBe(false);
  });

  it("is no error when the folder cannot be listed", () => {
    expect(removeStaleTemps(join(dir, "missing", "x.csv"), new Set())).toEqual([]);
  });
});

describe("createOutputFiles and a killed run's temporary file", () => {
  it("opening the target again removes the file a gone process left, and writes as usual", () => {
    const target = join(dir, "report.json");
    // What `export -o report.json` killed by SIGKILL leaves: no handler ran to remove it.
    const left = tempPathFor(target, GONE, Date.now() - 1000);
    writeFileSync(left, "[half a repo");
    const file = createOutputFiles().open(target);
    expect(existsSync(left)).toBe(false);
    file.write("{}\n");
    file.close();
    expect(readdirSync(dir).filter((name) => name.startsWith(".report.json."))).toEqual([]);
  });
});
