// collect's stderr lines: one line per notice, time first, client values escaped, no query string.
import { describe, expect, it } from "vitest";
import { renderCollectNotice } from "../../src/render/collect-log.js";

const AT = new Date("2026-03-04T08:02:10.123Z");

describe("renderCollectNotice", () => {
  it("stamps each line with the UTC time to the second", () => {
    expect(renderCollectNotice({ kind: "stopping" }, AT)).toBe(
      "2026-03-04T08:02:10Z teltel-events collect: stopping: no new connections; finishing the requests in flight\n",
    );
  });

  it("writes a refused request as one line, control characters in client values escaped", () => {
    const line = renderCollectNotice(
      {
        kind: "refused",
        status: 405,
        method: "PU\x1b[31mT",
        path: "/events\r\nforged: line",
        remote: "127.0.0.1",
        reason: "method not allowed",
        authenticated: false,
      },
      AT,
    );
    expect(line).toBe(
      "2026-03-04T08:02:10Z teltel-events collect: refused 405 PU\\x1b[31mT /events\\x0d\\x0aforged: line from 127.0.0.1: method not allowed\n",
    );
    expect(line.split("\n")).toHaveLength(2);
  });

  it("clips a long path", () => {
    const line = renderCollectNotice(
      {
        kind: "refused",
        status: 404,
        method: "GET",
        path: `/${"a".repeat(500)}`,
        remote: "::1",
        reason: "x",
        authenticated: false,
      },
      AT,
    );
    expect(line).toContain(`/${"a".repeat(199)}... from ::1`);
  });

  it("summarises a minute: counts, rate, total and file", () => {
    const line = renderCollectNotice(
      {
        kind: "summary",
        intervalMs: 60_000,
        accepted: 90,
        rejected: 2,
        unauthorised: 1,
        unavailable: 0,
        totalAccepted: 1234,
        file: "events-2026-03-04.ndjson",
      },
      AT,
    );
    // 90 events in 60 s = 1.5/s
    expect(line).toBe(
      "2026-03-04T08:02:10Z teltel-events collect: 90 events accepted in the last minute (1.5/s), 2 rejected, " +
        "1 unauthorised, 0 refused with 503; 1234 in all; file events-2026-03-04.ndjson\n",
    );
  });

  it("counts the refusals held back in an interval in one line, by status", () => {
    const held = {
      total: 40,
      byStatus: [
        [401, 31],
        [404, 9],
      ] as [number, number][],
    };
    expect(renderCollectNotice({ kind: "refusals-held", intervalMs: 60_000, held }, AT)).toBe(
      "2026-03-04T08:02:10Z teltel-events collect: 40 more refused requests that did not authenticate in the " +
        "last minute, not logged one by one (401: 31, 404: 9)\n",
    );
  });

  it("one event accepted is singular, in the summary and at the stop", () => {
    const summary = renderCollectNotice(
      {
        kind: "summary",
        intervalMs: 60_000,
        accepted: 1,
        rejected: 0,
        unauthorised: 0,
        unavailable: 0,
        totalAccepted: 1,
        file: "events-2026-03-04.ndjson",
      },
      AT,
    );
    expect(summary).toContain("collect: 1 event accepted in the last minute (0.0/s)");
    const stopped = renderCollectNotice(
      {
        kind: "stopped",
        counts: {
          accepted: 1,
          deliveries: 1,
          rejected: 0,
          unauthorised: 0,
          refused: 0,
          unavailable: 0,
          dropped: 0,
          evicted: 0,
        },
      },
      AT,
    );
    expect(stopped).toContain("stopped: 1 event accepted, 0 rejected, 0 unauthorised; every file synced");
  });

  it("names the disk failure and the recovery", () => {
    expect(
      renderCollectNotice(
        { kind: "disk-failed", file: "events-2026-03-04.ndjson", error: "ENOSPC: no space" },
        AT,
      ),
    ).toContain(
      "cannot write events-2026-03-04.ndjson: ENOSPC: no space; answering 503 until a write succeeds",
    );
    expect(renderCollectNotice({ kind: "disk-recovered", file: "events-2026-03-04.ndjson" }, AT)).toContain(
      "writing events-2026-03-04.ndjson again",
    );
  });
});
