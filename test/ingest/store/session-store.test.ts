// The store's deadlines (deadline-heap.ts) and sessions (session-store.ts): the heap pops in the very order the
// sessionizer's earlier heap of objects did (so sessions are finalised in the same order), events are found by
// id whatever their hashes, rows and slots are freed and reused, and tombstones expire first in, first out.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DeadlineHeap } from "../../../src/ingest/store/deadline-heap.js";
import { hashString } from "../../../src/ingest/store/event-rows.js";
import { CLOSED, FREE, OPEN, SessionStore } from "../../../src/ingest/store/session-store.js";
import type { SourcedEvent, TelTelEvent } from "../../../src/types.js";

/** The sessionizer's heap before the store (src/ingest/min-heap.ts), as the order to keep. */
function objectHeapOrder(entries: { at: number; slot: number }[], pops: number[]): number[] {
  const items: { at: number; slot: number }[] = [];
  const popped: number[] = [];
  let next = 0;
  for (const count of pops) {
    for (let k = 0; k < count && next < entries.length; k += 1) {
      const item = entries[next++] as { at: number; slot: number };
      items.push(item);
      let i = items.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if ((items[parent] as { at: number }).at <= item.at) break;
        items[i] = items[parent] as { at: number; slot: number };
        i = parent;
      }
      items[i] = item;
    }
    const top = items[0];
    if (top === undefined) continue;
    popped.push(top.slot);
    const last = items.pop() as { at: number; slot: number };
    if (items.length === 0) continue;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child =
        right < items.length && (items[right] as { at: number }).at < (items[left] as { at: number }).at
          ? right
          : left;
      if ((items[child] as { at: number }).at >= last.at) break;
      items[i] = items[child] as { at: number; slot: number };
      i = child;
    }
    items[i] = last;
  }
  return popped;
}

describe("deadline heap", () => {
  it("pops in time order, ties in the very order of the heap of objects it replaced", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 200, maxLength: 600 }),
        fc.array(fc.nat({ max: 4 }), { minLength: 200, maxLength: 600 }),
        (times, pushesBeforePop) => {
          const entries = times.map((at, slot) => ({ at, slot }));
          const heap = new DeadlineHeap();
          const popped: number[] = [];
          let next = 0;
          let lastAt = Number.NEGATIVE_INFINITY;
          for (const count of pushesBeforePop) {
            for (let k = 0; k < count && next < entries.length; k += 1, next += 1)
              heap.push((entries[next] as { at: number }).at, next, 7 * next);
            if (heap.size === 0) continue;
            expect(heap.topStamp).toBe(7 * heap.topSlot);
            expect(heap.topAt).toBe((entries[heap.topSlot] as { at: number }).at);
            popped.push(heap.topSlot);
            heap.pop();
          }
          expect(popped).toEqual(objectHeapOrder(entries, pushesBeforePop));
          // Drained in time order.
          while (heap.size > 0) {
            expect(heap.topAt).toBeGreaterThanOrEqual(lastAt);
            lastAt = heap.topAt;
            heap.pop();
          }
          expect(heap.topAt).toBe(Number.POSITIVE_INFINITY);
        },
      ),
      { seed: 5, numRuns: 300 },
    );
  }, 60_000);
});

const T0 = Date.parse("2026-03-02T09:00:00Z");
/** A plain event of session `session` with id `id` at T0 + `ms` (line seq + 1). */
function item(session: string, id: string, ms: number, seq: number, name = "RING"): SourcedEvent {
  const ts = T0 + ms;
  const event = {
    event: name,
    id,
    timestamp: new Date(ts).toISOString(),
    accountcode: "a",
    session_id: session,
    direction: "inbound",
    type: "standard",
  } as TelTelEvent;
  return { event, ts, file: "f.ndjson", line: seq + 1, seq };
}

describe("session store", () => {
  it("finds an event by its id even when another id of the session has the same hash", () => {
    expect(hashString("e-18688")).toBe(hashString("e-300426"));
    const store = new SessionStore();
    const slot = store.open("s", item("s", "e-18688", 0, 0, "START"));
    expect(store.findId(slot, "e-300426", "s")).toBeUndefined();
    store.append(slot, item("s", "e-300426", 5, 1));
    expect(store.findId(slot, "e-300426", "s")).toEqual(item("s", "e-300426", 5, 1));
    expect(store.findId(slot, "e-18688", "s")).toEqual(item("s", "e-18688", 0, 0, "START"));
    expect(store.findId(slot, "e-18689", "s")).toBeUndefined();
  });

  it("finalises a session in timeline order, frees its rows, and hands its slot on once released", () => {
    const store = new SessionStore();
    const a = store.open("a", item("a", "a3", 30, 0));
    store.append(a, item("a", "a1", 10, 2, "START"));
    store.append(a, item("a", "a2", 10, 3));
    expect([store.findId(a, "zz", "a"), store.walked, store.lastTs[a], store.rows.used]).toEqual([
      undefined,
      3,
      T0 + 30,
      3,
    ]);
    const b = store.open("b", item("b", "b1", 0, 1, "START"));
    expect([store.firstOpen, store.nextOpen(a), store.nextOpen(b), store.openCount]).toEqual([a, b, -1, 2]);
    const session = store.finalise(a);
    expect(session.events.map((e) => e.event.id)).toEqual(["a1", "a2", "a3"]);
    // The first line in input order, not the earliest event.
    expect(session.first).toEqual({ file: "f.ndjson", line: 1 });
    expect([store.state[a], store.rows.used, store.firstOpen, store.openCount]).toEqual([CLOSED, 1, b, 1]);
    const stamp = store.stamp[a];
    store.release(a);
    expect([store.state[a], store.find("a")]).toEqual([FREE, -1]);
    const c = store.open("c", item("c", "c1", 40, 4, "START"));
    expect(c).toBe(a);
    expect(store.stamp[c]).not.toBe(stamp);
    expect([store.state[c], store.rows.used]).toEqual([OPEN, 2]);
    // a's rows (0, 1, 2: freed newest event first) are reused, last freed first; no row is added.
    store.append(c, item("c", "c2", 41, 5));
    expect([store.headRow[c], store.rows.next[store.headRow[c] as number]]).toEqual([1, 0]);
    store.append(c, item("c", "c3", 42, 6));
    expect(store.headRow[c]).toBe(2);
    expect(store.rows.ts.length).toBe(256);
  });

  it("lifts tombstones in the order they were laid, skipping lifted and renewed ones", () => {
    const store = new SessionStore();
    const slots = ["t1", "t2", "t3", "t4"].map((id, k) => {
      const slot = store.open(id, item(id, `${id}-e`, k, k));
      store.finalise(slot);
      return slot;
    });
    const [t1, t2, t3, t4] = slots as [number, number, number, number];
    store.entomb(t1, 100);
    store.entomb(t2, 50); // out of order: lifted only after t1
    store.entomb(t3, 300);
    store.entomb(t4, 120);
    // t3 is renewed: its tombstone moves to the end with its new expiry.
    store.entombKey("t3", 110);
    store.sweepTombs(90);
    expect(slots.map((s) => store.state[s])).toEqual([CLOSED, CLOSED, CLOSED, CLOSED]);
    store.sweepTombs(101);
    // t1 and t2 (behind it) are lifted; t4 (120) stops the sweep, so t3 (110, laid after it) stays too.
    expect(["t1", "t2", "t3", "t4"].map((id) => store.find(id))).toEqual([-1, -1, t3, t4]);
    store.sweepTombs(121);
    expect(["t3", "t4"].map((id) => store.find(id))).toEqual([-1, -1]);
    expect(store.keys.size).toBe(0);
    // A renewed tombstone's old place does not stop a sweep: t5 (renewed to 400) stands, t6 behind it goes.
    const [t5, t6] = ["t5", "t6"].map((id, k) => {
      const slot = store.open(id, item(id, `${id}-e`, k, k));
      store.finalise(slot);
      return slot;
    }) as [number, number];
    store.entomb(t5, 300);
    store.entomb(t6, 150);
    store.entombKey("t5", 400);
    store.sweepTombs(200);
    expect([store.find("t5"), store.find("t6")]).toEqual([t5, -1]);
    expect(store.state[t6]).toBe(FREE);
    store.sweepTombs(401);
    // A tombstone laid for an id never open (an oversized session that went idle) takes a slot of its own.
    store.entombKey("gone", 10);
    expect(store.state[store.find("gone")]).toBe(CLOSED);
    store.clearTombs();
    expect(store.find("gone")).toBe(-1);
  });
});
