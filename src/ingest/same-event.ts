// Whether two deliveries of one event id are the same event (a webhook retry) or a conflicting duplicate.
import type { SourcedEvent } from "../types.js";

/**
 * Whether two deliveries carry the same event: the same instant (however the timestamp was written) and
 * otherwise equal values, object key order ignored (and attributes holding undefined taken as absent). Iterative, so deep nesting cannot overflow the stack.
 */
export function sameEvent(a: SourcedEvent, b: SourcedEvent): boolean {
  if (a.ts !== b.ts) return false;
  // An attribute holding undefined is absent: the fast path's events have a slot for every attribute.
  const keysA = Object.keys(a.event).filter((key) => key !== "timestamp" && a.event[key] !== undefined);
  const keysB = Object.keys(b.event).filter((key) => key !== "timestamp" && b.event[key] !== undefined);
  if (keysA.length !== keysB.length) return false;
  const pending: [unknown, unknown][] = [];
  for (const key of keysA) {
    if (!Object.hasOwn(b.event, key)) return false;
    pending.push([a.event[key], b.event[key]]);
  }
  for (let pair = pending.pop(); pair !== undefined; pair = pending.pop()) {
    const [x, y] = pair;
    if (x === y) continue;
    if (typeof x !== "object" || typeof y !== "object" || x === null || y === null) return false;
    if (Array.isArray(x) !== Array.isArray(y)) return false;
    const objX = x as Record<string, unknown>;
    const objY = y as Record<string, unknown>;
    const keys = Object.keys(objX);
    if (keys.length !== Object.keys(objY).length) return false;
    for (const key of keys) {
      if (!Object.hasOwn(objY, key)) return false;
      pending.push([objX[key], objY[key]]);
    }
  }
  return true;
}
