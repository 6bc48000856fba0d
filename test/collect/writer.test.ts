// writer: group commit, day rollover, partial-line repair, disk failure and recovery, on real files.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AppendFile, FileLayer } from "../../src/collect/file-layer.js";
import { nodeFileLayer } from "../../src/collect/file-layer.js";
import { createDailyWriter, DiskError, type WriterNotice } from "../../src/collect/writer.js";
import { failingFileLayer } from "./support.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "teltel-writer-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const DAY = new Date("2026-03-04T12:00:00.000Z");
const read = (name: string): string => readFileSync(join(dir, name), "utf8");

function writer(files: FileLayer = nodeFileLayer) {
  const notices: WriterNotice[] = [];
  const w = createDailyWriter({ dir, prefix: "events", files, notify: (n) => notices.push(n) });
  return { w, notices };
}

/** A file layer that logs every operation as "op name". */
function recordingLayer(log: string[]): FileLayer {
  return {
    async openAppend(path) {
      const name = path.slice(dir.length + 1);
      const file = await nodeFileLayer.openAppend(path);
      log.push(`open ${name}`);
      const wrapped: AppendFile = {
        size: () => file.size(),
        byteAt: (p) => file.byteAt(p),
        async write(data) {
          log.push(`write ${name}`);
          return file.write(data);
        },
        async datasync() {
          log.push(`datasync ${name}`);
          return file.datasync();
        },
        async close() {
          log.push(`close ${name}`);
          return file.close();
        },
      };
      return wrapped;
    },
    async syncDirectory(path) {
      log.push(`syncdir ${path === dir ? "DIR" : path}`);
      return nodeFileLayer.syncDirectory(path);
    },
  };
}

describe("createDailyWriter", () => {
  it("writes the appends of one moment with one write and one fdatasync", async () => {
    const files = failingFileLayer();
    const { w } = writer(files);
    await w.start(DAY);
    expect(files.syncs).toBe(0);
    await Promise.all(Array.from({ length: 20 }, (_, i) => w.append([`{"n":${i}}`], DAY)));
    expect(files.syncs).toBe(1);
    const lines = read("events-2026-03-04.ndjson").split("\n");
    expect(lines).toEqual([...Array.from({ length: 20 }, (_, i) => `{"n":${i}}`), ""]);
    await w.append(['{"n":20}', '{"n":21}'], DAY);
    expect(files.syncs).toBe(2);
    await w.close();
  });

  it("puts the appends that arrive during a sync into the next batch together", async () => {
    const files = failingFileLayer();
    const { w } = writer(files);
    await w.start(DAY);
    const first = w.append(["first"], DAY);
    // The first batch starts on the next turn of the event loop and is then waiting on the disk.
    await new Promise((resolve) => setImmediate(resolve));
    const later = Array.from({ length: 10 }, (_, i) => w.append([`later ${i}`], DAY));
    await Promise.all([first, ...later]);
    expect(files.syncs).toBe(2);
    await w.close();
  });

  it("rolls over at UTC midnight: old file synced and closed, the new one opened, the directory synced", async () => {
    const log: string[] = [];
    const { w } = writer(recordingLayer(log));
    await w.start(new Date("2026-03-04T23:59:59.000Z"));
    await w.append(["a"], new Date("2026-03-04T23:59:59.900Z"));
    log.length = 0;
    await w.append(["b"], new Date("2026-03-05T00:00:00.100Z"));
    expect(log).toEqual([
      "datasync events-2026-03-04.ndjson",
      "close events-2026-03-04.ndjson",
      "open events-2026-03-05.ndjson",
      "syncdir DIR",
      "write events-2026-03-05.ndjson",
      "datasync events-2026-03-05.ndjson",
    ]);
    expect(w.state().file).toBe("events-2026-03-05.ndjson");
    await w.close();
    expect(read("events-2026-03-04.ndjson")).toBe("a\n");
    expect(read("events-2026-03-05.ndjson")).toBe("b\n");
  });

  it("splits one batch that straddles midnight between the two days", async () => {
    const { w } = writer();
    await w.start(new Date("2026-03-04T23:59:59.000Z"));
    await Promise.all([
      w.append(["a1"], new Date("2026-03-04T23:59:59.998Z")),
      w.append(["a2"], new Date("2026-03-04T23:59:59.999Z")),
      w.append(["b1"], new Date("2026-03-05T00:00:00.000Z")),
    ]);
    await w.close();
    expect(read("events-2026-03-04.ndjson")).toBe("a1\na2\n");
    expect(read("events-2026-03-05.ndjson")).toBe("b1\n");
  });

  it("ends a partial last line on start, so the next event is a line of its own", async () => {
    writeFileSync(join(dir, "events-2026-03-04.ndjson"), '{"id":"a"}\n{"id":"b","ti');
    const { w, notices } = writer();
    await w.start(DAY);
    expect(read("events-2026-03-04.ndjson")).toBe('{"id":"a"}\n{"id":"b","ti\n');
    expect(notices).toEqual([{ kind: "repaired", file: "events-2026-03-04.ndjson" }]);
    await w.append(['{"id":"c"}'], DAY);
    await w.close();
    expect(read("events-2026-03-04.ndjson")).toBe('{"id":"a"}\n{"id":"b","ti\n{"id":"c"}\n');
  });

  it("leaves a complete file alone on start", async () => {
    writeFileSync(join(dir, "events-2026-03-04.ndjson"), '{"id":"a"}\n');
    const { w, notices } = writer();
    await w.start(DAY);
    await w.close();
    expect(read("events-2026-03-04.ndjson")).toBe('{"id":"a"}\n');
    expect(notices).toEqual([]);
  });

  it.each([["EIO"], ["ENOSPC"]])("fails appends while the disk fails (%s), then recovers", async (code) => {
    const files = failingFileLayer();
    const { w, notices } = writer(files);
    await w.start(DAY);
    await w.append(["before"], DAY);
    files.fail.code = code;
    files.fail.halfWrite = true;
    await expect(w.append(['{"id":"lost-1"}'], DAY)).rejects.toBeInstanceOf(DiskError);
    await expect(w.append(['{"id":"lost-2"}'], DAY)).rejects.toThrow(code);
    expect(w.state().failing?.error).toContain(code);
    expect(notices).toEqual([
      { kind: "disk-failed", file: "events-2026-03-04.ndjson", error: expect.stringContaining(code) },
    ]);
    files.fail.code = undefined;
    await w.append(['{"id":"after"}'], DAY);
    expect(w.state().failing).toBeUndefined();
    expect(notices.slice(1)).toEqual([
      // The half-written line is ended on reopening; then the writer is back.
      { kind: "repaired", file: "events-2026-03-04.ndjson" },
      { kind: "disk-recovered", file: "events-2026-03-04.ndjson" },
    ]);
    await w.close();
    // The first failed write left half of its 16 bytes; the second failed already while ending that line
    // (reopening repairs first); recovery ended it with one newline.
    expect(read("events-2026-03-04.ndjson")).toBe('before\n{"id":"l\n{"id":"after"}\n');
  });

  it("writes what is queued on close, then refuses appends", async () => {
    const { w } = writer();
    await w.start(DAY);
    const pending = w.append(["last"], DAY);
    await w.close();
    await pending;
    expect(read("events-2026-03-04.ndjson")).toBe("last\n");
    await expect(w.append(["late"], DAY)).rejects.toBeInstanceOf(DiskError);
  });
});
