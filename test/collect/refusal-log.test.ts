// refusalLog: refusals of authenticated requests always logged; of the others the first few per interval.
import { describe, expect, it } from "vitest";
import { refusalLog } from "../../src/collect/refusal-log.js";
import type { RefusedNotice } from "../../src/collect/server.js";

function refused(status: number, authenticated = false): RefusedNotice {
  return {
    kind: "refused",
    status,
    method: "GET",
    path: "/",
    remote: "10.0.0.1",
    reason: "x",
    authenticated,
  };
}

describe("refusalLog", () => {
  it("logs the first 3 unauthenticated refusals of an interval, counts the rest by status, then starts again", () => {
    const log = refusalLog(3);
    const statuses = [401, 404, 401, 401, 408, 404, 401];
    expect(statuses.map((status) => log.admit(refused(status)))).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
    // Held: 401 (4th and 7th), 408, 404 (6th).
    expect(log.endInterval()).toEqual({
      total: 4,
      byStatus: [
        [401, 2],
        [404, 1],
        [408, 1],
      ],
    });
    expect(log.admit(refused(401))).toBe(true);
    expect(log.endInterval()).toBeUndefined();
  });

  it("always logs the refusals of authenticated requests, and does not count them against the others", () => {
    const log = refusalLog(1);
    expect([413, 415, 503].map((status) => log.admit(refused(status, true)))).toEqual([true, true, true]);
    expect(log.admit(refused(401))).toBe(true);
    expect(log.admit(refused(400, true))).toBe(true);
    expect(log.admit(refused(401))).toBe(false);
    expect(log.endInterval()).toEqual({ total: 1, byStatus: [[401, 1]] });
  });
});
