// The phone numbers a call names, normalised so that one caller written in different forms is one key.
import type { Timeline } from "../call/timeline.js";
import type { TelTelEvent } from "../types.js";

/**
 * A number as the callers worklist compares it: white space, `-`, `(` and `)` removed, a leading `00` written
 * `+`; null when nothing is left.
 */
export function normalizeNumber(written: string): string | null {
  if (isPlain(written)) return written === "" ? null : written;
  const bare = written.replace(/[\s\-()]/g, "");
  const number = bare.startsWith("00") ? `+${bare.slice(2)}` : bare;
  return number === "" ? null : number;
}

/** Already normalised: printable ASCII without space, `-`, `(`, `)`, and no leading `00` (most numbers). */
function isPlain(text: string): boolean {
  if (text.startsWith("00")) return false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f || c === 0x2d || c === 0x28 || c === 0x29) return false;
  }
  return true;
}

/** The subject of a READY, JOIN or LEAVE of a phone party (the events partiesOf reads), else undefined. */
function phoneSubject(e: TelTelEvent): string | undefined {
  const name = e.event;
  if (name !== "READY" && name !== "JOIN" && name !== "LEAVE") return undefined;
  return e.subject_type === "phone" ? e.subject : undefined;
}

/**
 * The caller of an inbound call: the first phone party's subject (partiesOf's first phone party), else
 * COMPLETED's hanged_value when a phone hung up; null when the events name no phone number.
 */
export function callerNumber(timeline: Timeline): string | null {
  for (const item of timeline.events) {
    const subject = phoneSubject(item.event);
    if (subject !== undefined) return normalizeNumber(subject);
  }
  const outcome = timeline.outcome;
  return outcome?.hangedBy === "phone" ? normalizeNumber(outcome.hangedValue) : null;
}

/**
 * Every phone number an outbound call names, once each, in the order they appear: its phone parties'
 * subjects and COMPLETED's hanged_value when a phone hung up. An unanswered outbound call usually has no
 * phone party at all.
 */
export function calledNumbers(timeline: Timeline): string[] {
  const numbers: string[] = [];
  const add = (written: string): void => {
    const number = normalizeNumber(written);
    if (number !== null && !numbers.includes(number)) numbers.push(number);
  };
  for (const item of timeline.events) {
    const subject = phoneSubject(item.event);
    if (subject !== undefined) add(subject);
  }
  const outcome = timeline.outcome;
  if (outcome?.hangedBy === "phone") add(outcome.hangedValue);
  return numbers;
}
