// The generator's bookkeeping: the truth figures, counted as lines are written, and its delivery queue.

const STATES = ["ANSWER", "BUSY", "NOANSWER", "CANCEL", "CONGESTION", "CHANUNAVAIL", "DONTCALL", "TORTURE"];
/** The ten RINGRESULT states, in the order the report lists them. */
export const RING_STATES = [...STATES, "INVALIDARGS", "ABORT"];

/** An empty truth: the analyze report's figures at zero, and `meta` about the run. */
export function newTruth() {
  const states = () => Object.fromEntries(RING_STATES.map((s) => [s, 0]));
  const calls = () => ({ total: 0, answered: 0 });
  return {
    input: { lines: 0, blank: 0, events: 0, invalid: 0, duplicates: 0, late: 0, timeRange: null },
    sessions: { total: 0, complete: 0, incomplete: 0, missingStart: 0, missingCompleted: 0 },
    calls: { total: 0, answered: 0, byDirection: { inbound: calls(), outbound: calls() } },
    hangupBy: { phone: 0, sip: 0 },
    ringResults: states(),
    ringResultsByDirection: { inbound: states(), outbound: states() },
    meta: { badKinds: {}, maxOpen: 0, minTs: Number.POSITIVE_INFINITY, maxTs: Number.NEGATIVE_INFINITY },
  };
}

/** Counts the first delivery of a valid event. */
export function countEvent(t, call, item) {
  const e = item.obj;
  t.input.events += 1;
  call.emitted = true;
  if (item.ts < t.meta.minTs) t.meta.minTs = item.ts;
  if (item.ts > t.meta.maxTs) t.meta.maxTs = item.ts;
  if (e.event === "START") call.start = true;
  else if (e.event === "COMPLETED") {
    call.completed = true;
    call.answered = e.is_answered;
    call.hangedBy = e.hanged_by;
  } else if (e.event === "RINGRESULT") {
    t.ringResults[e.state] += 1;
    t.ringResultsByDirection[e.direction][e.state] += 1;
  }
}

/** Counts a session once none of its lines are pending any more (or the dump has ended). */
export function finishSession(t, call, live) {
  live.delete(call);
  if (!call.emitted) return;
  const s = t.sessions;
  s.total += 1;
  if (!call.start) s.missingStart += 1;
  if (!call.completed) s.missingCompleted += 1;
  if (!call.start || !call.completed) {
    s.incomplete += 1;
    return;
  }
  s.complete += 1;
  const direction = call.events[0].obj.direction;
  t.calls.total += 1;
  t.calls.byDirection[direction].total += 1;
  if (call.answered) {
    t.calls.answered += 1;
    t.calls.byDirection[direction].answered += 1;
  }
  t.hangupBy[call.hangedBy] += 1;
}

/** Epoch ms as ISO 8601, or null when not finite. */
export function iso(ms) {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

/** A binary min-heap of scheduled deliveries, by delivery time then scheduling order. */
export class Heap {
  items = [];
  get size() {
    return this.items.length;
  }
  peek() {
    return this.items[0];
  }
  push(item) {
    const a = this.items;
    let i = a.push(item) - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(item, a[p])) break;
      a[i] = a[p];
      i = p;
    }
    a[i] = item;
  }
  pop() {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length === 0) return top;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= a.length) break;
      if (c + 1 < a.length && before(a[c + 1], a[c])) c += 1;
      if (!before(a[c], last)) break;
      a[i] = a[c];
      i = c;
    }
    a[i] = last;
    return top;
  }
}

function before(a, b) {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
