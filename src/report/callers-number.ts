// The phone numbers a call names, normalised so that one caller written in different forms is one key.
import { partiesOf, type Timeline } from "../call/timeline.js";

/**
 * A number as the callers worklist compares it: white space, `-`, `(` and `)` removed, a leading `00` written
 * `+`; null when nothing is left.
 */
export function normalizeNumber(written: string): string | null {
  const bare = written.replace(/[\s\-()]/g, "");
  const number = bare.startsWith("00") ? `+${bare.slice(2)}` : bare;
  return number === "" ? null : number;
}

/**
 * The caller of an inbound call: the first phone party's subject, else COMPLETED's hanged_value when a phone
 * hung up; null when the events name no phone number.
 */
export function callerNumber(timeline: Timeline): string | null {
  const phone = partiesOf(timeline.events).find((party) => party.subjectType === "phone");
  if (phone !== undefined) return normalizeNumber(phone.subject);
  const outcome = timeline.outcome;
  return outcome?.hangedBy === "phone" ? normalizeNumber(outcome.hangedValue) : null;
}

/**
 * Every phone number an outbound call names, once each: its phone parties' subjects and COMPLETED's
 * hanged_value when a phone hung up. An unanswered outbound call usually has no phone party at all.
 */
export function calledNumbers(timeline: Timeline): string[] {
  const numbers = new Set<string>();
  for (const party of partiesOf(timeline.events)) {
    if (party.subjectType !== "phone") continue;
    const number = normalizeNumber(party.subject);
    if (number !== null) numbers.add(number);
  }
  const outcome = timeline.outcome;
  if (outcome?.hangedBy === "phone") {
    const number = normalizeNumber(outcome.hangedValue);
    if (number !== null) numbers.add(number);
  }
  return [...numbers];
}
