// Metrics stage: counters over hand-built timelines, the summary, and merging of partial states.
import { describe, expect, it } from "vitest";
import type { RingAttempt, Timeline } from "../../src/call/timeline.js";
import {
  addTimeline,
  createMetrics,
  type MetricsState,
  mergeMetrics,
  RING_STATES,
  ratio,
  summarizeMetrics,
  TOP_N,
} from "../../src/report/metrics.js";
import type { Direction, PartyType } from "../../src/types.js";

interface Spec {
  direction?: Direction;
  hasStart?: boolean;
  hasCompleted?: boolean;
  answered?: boolean;
  hangedBy?: PartyType;
  hangedValue?: string;
  hangedUser?: string;
  /** Ring attempts as [direction, state]; an undefined state is a RING without RINGRESULT. */
  rings?: [Direction, string | undefined][];
}

let counter = 0;
function timeline(spec: Spec): Timeline {
  counter += 1;
  const hasStart = spec.hasStart ?? true;
  const hasCompleted = spec.hasCompleted ?? true;
  const ringAttempts: RingAttempt[] = (spec.rings ?? []).map(([direction, state]) =>
    state === undefined ? { direction, ringAt: 0 } : { direction, state, resultAt: 1 },
  );
  const t: Timeline = {
    sessionId: `s${counter}`,
    status: hasStart && hasCompleted ? "complete" : "incomplete",
    hasStart,
    hasCompleted,
    accountcode: "acc-1",
    direction: spec.direction ?? "inbound",
    type: "standard",
    ringAttempts,
    first: { file: "day.ndjson", line: counter },
    events: [],
  };
  if (hasCompleted) {
    t.outcome = {
      isAnswered: spec.answered ?? false,
      hangedBy: spec.hangedBy ?? "phone",
      hangedValue: spec.hangedValue ?? "37100000000",
      at: 2,
    };
    if (spec.hangedUser !== undefined) t.outcome.hangedUser = spec.hangedUser;
  }
  return t;
}

function stateOf(timelines: Timeline[]): MetricsState {
  const state = createMetrics();
  for (const t of timelines) addTimeline(state, t);
  return state;
}

const zeroStates = Object.fromEntries(RING_STATES.map((s) => [s, 0]));

// Six sessions: four complete (3 inbound, 1 outbound) and two incomplete.
const T1 = timeline({
  direction: "inbound",
  answered: true,
  hangedValue: "371A",
  rings: [["inbound", "ANSWER"]],
});
const T2 = timeline({
  direction: "inbound",
  answered: true,
  hangedBy: "sip",
  hangedValue: "101",
  hangedUser: "u1",
  rings: [
    ["inbound", "BUSY"],
    ["inbound", "ANSWER"],
  ],
});
const T3 = timeline({
  direction: "inbound",
  answered: false,
  hangedValue: "371B",
  rings: [["inbound", "NOANSWER"]],
});
const T4 = timeline({
  direction: "outbound",
  answered: false,
  hangedValue: "371A",
  rings: [
    ["outbound", "CANCEL"],
    ["outbound", undefined],
  ],
});
const T5 = timeline({ direction: "outbound", hasCompleted: false, rings: [["outbound", "ANSWER"]] });
const T6 = timeline({
  direction: "inbound",
  hasStart: false,
  answered: true,
  hangedBy: "sip",
  hangedValue: "102",
  hangedUser: "u2",
  rings: [["inbound", "ANSWER"]],
});
const ALL = [T1, T2, T3, T4, T5, T6];

describe("summarizeMetrics over six hand-built sessions", () => {
  const summary = summarizeMetrics(stateOf(ALL));

  it("counts sessions: 4 complete, 1 without START, 1 without COMPLETED", () => {
    expect(summary.sessions).toEqual({
      total: 6,
      complete: 4,
      incomplete: 2,
      missingStart: 1,
      missingCompleted: 1,
    });
  });

  it("gives answer rates per direction over complete sessions only", () => {
    // inbound: T1, T2 answered, T3 not -> 2/3; outbound: T4 not answered -> 0/1; T5, T6 are incomplete.
    expect(summary.calls).toEqual({
      total: 4,
      answered: 2,
      answerRate: 0.5,
      byDirection: {
        inbound: { total: 3, answered: 2, answerRate: 2 / 3 },
        outbound: { total: 1, answered: 0, answerRate: 0 },
      },
    });
  });

  it("gives hang-up counts and shares over complete sessions", () => {
    // phone: T1, T3, T4; sip: T2 (T6 is incomplete)
    expect(summary.hangupBy).toEqual({ phone: 3, sip: 1 });
    expect(summary.hangupShares).toEqual({ phone: 0.75, sip: 0.25 });
  });

  it("ranks hanged values by count, then value", () => {
    // 371A twice (T1, T4); 101 and 371B once each, "101" < "371B"
    expect(summary.topHangedValues).toEqual([
      { value: "371A", count: 2, share: 0.5 },
      { value: "101", count: 1, share: 0.25 },
      { value: "371B", count: 1, share: 0.25 },
    ]);
    // share is of all 4 hang-ups
    expect(summary.topHangedUsers).toEqual([{ value: "u1", count: 1, share: 0.25 }]);
  });

  it("counts every ring result, incomplete sessions included, and skips RINGs without result", () => {
    // ANSWER: T1, T2, T5, T6 = 4; BUSY: T2; NOANSWER: T3; CANCEL: T4 -> 7 results
    expect(summary.ringResults).toEqual({ ...zeroStates, ANSWER: 4, BUSY: 1, NOANSWER: 1, CANCEL: 1 });
    expect(Object.keys(summary.ringResults)).toEqual([...RING_STATES]);
    expect(summary.ringResultShares).toEqual({
      ...zeroStates,
      ANSWER: 4 / 7,
      BUSY: 1 / 7,
      NOANSWER: 1 / 7,
      CANCEL: 1 / 7,
    });
    expect(summary.ringResultsByDirection).toEqual({
      inbound: { ...zeroStates, ANSWER: 3, BUSY: 1, NOANSWER: 1 },
      outbound: { ...zeroStates, ANSWER: 1, CANCEL: 1 },
    });
  });
});

describe("empty input", () => {
  it("gives null rates and shares, not zero, when there is nothing to divide by", () => {
    const summary = summarizeMetrics(createMetrics());
    expect(summary.sessions).toEqual({
      total: 0,
      complete: 0,
      incomplete: 0,
      missingStart: 0,
      missingCompleted: 0,
    });
    expect(summary.calls).toEqual({
      total: 0,
      answered: 0,
      answerRate: null,
      byDirection: {
        inbound: { total: 0, answered: 0, answerRate: null },
        outbound: { total: 0, answered: 0, answerRate: null },
      },
    });
    expect(summary.hangupBy).toEqual({ phone: 0, sip: 0 });
    expect(summary.hangupShares).toEqual({ phone: null, sip: null });
    expect(summary.topHangedValues).toEqual([]);
    expect(summary.topHangedUsers).toEqual([]);
    expect(summary.ringResults).toEqual(zeroStates);
    expect(summary.ringResultShares).toEqual(Object.fromEntries(RING_STATES.map((s) => [s, null])));
    expect(summary.ringResultsByDirection).toEqual({ inbound: zeroStates, outbound: zeroStates });
  });

  it("gives a null inbound rate when only outbound calls were seen", () => {
    const summary = summarizeMetrics(stateOf([timeline({ direction: "outbound", answered: true })]));
    expect(summary.calls.byDirection.inbound.answerRate).toBeNull();
    expect(summary.calls.byDirection.outbound.answerRate).toBe(1);
  });

  it("ratio is null for a zero denominator only", () => {
    expect(ratio(0, 0)).toBeNull();
    expect(ratio(3, 0)).toBeNull();
    expect(ratio(0, 4)).toBe(0);
    expect(ratio(1, 4)).toBe(0.25);
  });
});

describe("top values", () => {
  it("counts values named like Object.prototype members as ordinary values", () => {
    const values = ["__proto__", "constructor", "toString", "__proto__", "hasOwnProperty", "constructor"];
    const users = ["__proto__", "valueOf", "__proto__", "constructor", "constructor", "constructor"];
    const summary = summarizeMetrics(
      stateOf(values.map((v, i) => timeline({ hangedBy: "sip", hangedValue: v, hangedUser: users[i] }))),
    );
    // 2 each for __proto__ and constructor ("_" sorts before "c"), then 1 each in code unit order.
    expect(summary.topHangedValues).toEqual([
      { value: "__proto__", count: 2, share: 2 / 6 },
      { value: "constructor", count: 2, share: 2 / 6 },
      { value: "hasOwnProperty", count: 1, share: 1 / 6 },
      { value: "toString", count: 1, share: 1 / 6 },
    ]);
    expect(summary.topHangedUsers).toEqual([
      { value: "constructor", count: 3, share: 3 / 6 },
      { value: "__proto__", count: 2, share: 2 / 6 },
      { value: "valueOf", count: 1, share: 1 / 6 },
    ]);
    expect(summary.hangupBy).toEqual({ phone: 0, sip: 6 });
  });

  it("orders ties by value in code unit order, not by first appearance", () => {
    const summary = summarizeMetrics(
      stateOf(["b", "B", "a", "10", "9"].map((v) => timeline({ hangedValue: v }))),
    );
    expect(summary.topHangedValues.map((v) => v.value)).toEqual(["10", "9", "B", "a", "b"]);
  });

  it(`keeps the top ${TOP_N} of more values`, () => {
    // 12 values: "v00" three times, "v01" twice, v02..v11 once each
    const values = [
      "v00",
      "v00",
      "v00",
      "v01",
      "v01",
      ...Array.from({ length: 10 }, (_, i) => `v${String(i + 2).padStart(2, "0")}`),
    ];
    const summary = summarizeMetrics(stateOf(values.map((v) => timeline({ hangedValue: v }))));
    expect(TOP_N).toBe(10);
    expect(summary.topHangedValues.map((v) => [v.value, v.count])).toEqual([
      ["v00", 3],
      ["v01", 2],
      ["v02", 1],
      ["v03", 1],
      ["v04", 1],
      ["v05", 1],
      ["v06", 1],
      ["v07", 1],
      ["v08", 1],
      ["v09", 1],
    ]);
    // share is of all 15 hang-ups, including the values left out
    expect(summary.topHangedValues[0]?.share).toBe(3 / 15);
  });
});

describe("ring results", () => {
  it("counts all ten states in reference order, per direction", () => {
    const outbound = RING_STATES.map((s) => ["outbound", s] as [Direction, string]);
    const inbound: [Direction, string][] = [
      ["inbound", "ABORT"],
      ["inbound", "ABORT"],
      ["inbound", "TORTURE"],
    ];
    const summary = summarizeMetrics(stateOf([timeline({ rings: [...outbound, ...inbound] })]));
    expect(Object.keys(summary.ringResults)).toEqual([
      "ANSWER",
      "BUSY",
      "NOANSWER",
      "CANCEL",
      "CONGESTION",
      "CHANUNAVAIL",
      "DONTCALL",
      "TORTURE",
      "INVALIDARGS",
      "ABORT",
    ]);
    // 10 outbound results, one per state, plus ABORT twice and TORTURE once inbound: 13 results
    expect(summary.ringResults).toEqual({
      ANSWER: 1,
      BUSY: 1,
      NOANSWER: 1,
      CANCEL: 1,
      CONGESTION: 1,
      CHANUNAVAIL: 1,
      DONTCALL: 1,
      TORTURE: 2,
      INVALIDARGS: 1,
      ABORT: 3,
    });
    expect(summary.ringResultShares.ABORT).toBe(3 / 13);
    expect(summary.ringResultShares.ANSWER).toBe(1 / 13);
    expect(summary.ringResultsByDirection.outbound).toEqual(
      Object.fromEntries(RING_STATES.map((s) => [s, 1])),
    );
    expect(summary.ringResultsByDirection.inbound).toEqual({ ...zeroStates, ABORT: 2, TORTURE: 1 });
  });

  it("appends states a custom schema let through after the known ten, even odd names", () => {
    const summary = summarizeMetrics(
      stateOf([
        timeline({
          rings: [
            ["inbound", "VOICEMAIL"],
            ["inbound", "__proto__"],
            ["inbound", "ANSWER"],
          ],
        }),
      ]),
    );
    expect(Object.keys(summary.ringResults)).toEqual([...RING_STATES, "VOICEMAIL", "__proto__"]);
    expect(Object.getOwnPropertyDescriptor(summary.ringResults, "__proto__")?.value).toBe(1);
    expect(summary.ringResults.VOICEMAIL).toBe(1);
    expect(summary.ringResultShares.VOICEMAIL).toBe(1 / 3);
  });
});

describe("mergeMetrics", () => {
  it("merging the states of two halves equals the state of all", () => {
    const left = stateOf([T1, T2, T3]);
    const right = stateOf([T4, T5, T6]);
    mergeMetrics(left, right);
    expect(left).toEqual(stateOf(ALL));
    expect(summarizeMetrics(left)).toEqual(summarizeMetrics(stateOf(ALL)));
  });

  it("merges in either order and leaves the other state untouched", () => {
    const a = stateOf([T2, T5]);
    const b = stateOf([T1, T3, T4, T6]);
    const bBefore = summarizeMetrics(b);
    const into = createMetrics();
    mergeMetrics(into, b);
    mergeMetrics(into, a);
    expect(summarizeMetrics(into)).toEqual(summarizeMetrics(stateOf(ALL)));
    expect(summarizeMetrics(b)).toEqual(bBefore);
  });

  it("merging an empty state changes nothing", () => {
    const state = stateOf(ALL);
    mergeMetrics(state, createMetrics());
    expect(summarizeMetrics(state)).toEqual(summarizeMetrics(stateOf(ALL)));
  });
});

describe("bounded counts of hanged values", () => {
  const CAP = 3;
  function capped(values: string[]): MetricsState {
    const state = createMetrics(CAP);
    for (const v of values) addTimeline(state, timeline({ hangedValue: v }));
    return state;
  }

  it("ranks exactly up to the cap of distinct values", () => {
    // a ×3, b ×1, c ×2: three distinct values, exactly the cap
    const summary = summarizeMetrics(capped(["a", "b", "a", "c", "a", "c"]));
    expect(summary.hangedValuesRanked).toBe(true);
    expect(summary.rankedValuesCap).toBe(3);
    expect(summary.topHangedValues.map((v) => [v.value, v.count])).toEqual([
      ["a", 3],
      ["c", 2],
      ["b", 1],
    ]);
  });

  it("withholds the ranking once one more distinct value arrives, and keeps the other figures", () => {
    const summary = summarizeMetrics(capped(["a", "b", "c", "d", "a"]));
    expect(summary.hangedValuesRanked).toBe(false);
    expect(summary.topHangedValues).toEqual([]);
    // the 5 calls still count everywhere else
    expect(summary.calls.total).toBe(5);
    expect(summary.hangupBy.phone).toBe(5);
    // hanged_user counts are bounded separately (every hang-up here is by phone, so none)
    expect(summary.hangedUsersRanked).toBe(true);
  });

  it("overflows when merged partitions hold more distinct values than the cap, as one state would", () => {
    // {a, b} and {c, d}: each within the cap, four distinct in all
    const merged = createMetrics(CAP);
    mergeMetrics(merged, capped(["a", "b", "a"]));
    mergeMetrics(merged, capped(["c", "d"]));
    expect(summarizeMetrics(merged).hangedValuesRanked).toBe(false);
    expect(summarizeMetrics(capped(["a", "b", "a", "c", "d"])).hangedValuesRanked).toBe(false);
  });

  it("merges partitions within the cap into the same exact ranking as one state", () => {
    // {a ×2, b} and {b, c}: three distinct in all -> b 2, a 2, c 1
    const merged = createMetrics(CAP);
    mergeMetrics(merged, capped(["a", "b", "a"]));
    mergeMetrics(merged, capped(["b", "c"]));
    const one = capped(["a", "b", "a", "b", "c"]);
    const summary = summarizeMetrics(merged);
    expect(summary.hangedValuesRanked).toBe(true);
    expect(summary.topHangedValues.map((v) => [v.value, v.count])).toEqual([
      ["a", 2],
      ["b", 2],
      ["c", 1],
    ]);
    expect(summary).toEqual(summarizeMetrics(one));
  });

  it("carries a partition's overflow through the merge", () => {
    const merged = createMetrics(CAP);
    mergeMetrics(merged, capped(["a", "b", "c", "d"]));
    mergeMetrics(merged, capped(["a"]));
    expect(summarizeMetrics(merged).hangedValuesRanked).toBe(false);
  });
});
