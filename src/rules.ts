// Every finding code the tool can report, with its default severity and a one-line description.

/** How a finding counts: errors fail `validate`, warnings do not (unless --strict), off hides it. */
export type Severity = "error" | "warning" | "off";

/** A finding code's default severity and what it means. */
export interface RuleInfo {
  severity: Exclude<Severity, "off">;
  description: string;
}

/** All finding codes: line-level (reading, JSON, schema, delivery) then session lifecycle rules. */
export const RULES: Readonly<Record<string, RuleInfo>> = {
  "input-truncated": {
    severity: "error",
    description: "an input ended before its end (a gzip file cut short or followed by garbage)",
  },
  "no-events": {
    severity: "error",
    description:
      "no valid event at all (empty input): a validate error (--allow-empty lets it pass), a problem in analyze",
  },
  "input-out-of-order": {
    severity: "warning",
    description:
      "lines go back in time by over an hour and --lateness (files that overlap, a stream that rewinds)",
  },
  "line-too-long": { severity: "error", description: "a line is longer than --max-line-bytes" },
  "invalid-utf8": {
    severity: "error",
    description: "a line's bytes are not valid UTF-8 (the dump was written in another encoding)",
  },
  "invalid-json": { severity: "error", description: "a line is not valid JSON" },
  "not-an-object": { severity: "error", description: "a line is JSON but not an object" },
  "missing-event": { severity: "error", description: 'an object has no "event" attribute' },
  "unknown-event": {
    severity: "error",
    description: "the event name is not one of the seven of the reference",
  },
  "missing-attribute": { severity: "error", description: "a required attribute is missing" },
  "bad-value": { severity: "error", description: "an attribute has a value outside its allowed set" },
  "wrong-type": { severity: "error", description: "an attribute has the wrong JSON type" },
  "not-allowed": {
    severity: "error",
    description: "an attribute appears where the reference says it must not",
  },
  "bad-format": { severity: "error", description: "a timestamp or URL is not well formed" },
  "out-of-range": { severity: "error", description: "a number is out of range (e.g. negative participants)" },
  "schema-violation": { severity: "error", description: "any other schema rule (custom schemas)" },
  "unpaired-surrogate": {
    severity: "warning",
    description:
      "a value holds an unpaired UTF-16 surrogate (a \\uD800-\\uDFFF escape alone); JSON outputs write U+FFFD",
  },
  "conflicting-duplicate": {
    severity: "error",
    description: "an event id repeats in a session with different content",
  },
  "unbelievable-timestamp": {
    severity: "error",
    description:
      "an event's timestamp is more than 24 h (the idle limit) ahead of the stream and no other line confirmed it",
  },
  "late-event": { severity: "warning", description: "an event arrived after its session was finalised" },
  "start-missing": { severity: "error", description: "a session has no START" },
  "start-duplicate": { severity: "error", description: "a session has more than one START" },
  "start-not-first": { severity: "error", description: "an event of a session is earlier than its START" },
  "incomplete-session": {
    severity: "warning",
    description: "a session has no COMPLETED (the dump may end mid-call)",
  },
  "completed-duplicate": { severity: "error", description: "a session has more than one COMPLETED" },
  "completed-not-last": {
    severity: "error",
    description: "an event of a session is later than its COMPLETED",
  },
  "ringresult-without-ring": { severity: "error", description: "a RINGRESULT answers no earlier RING" },
  "ring-without-result": {
    severity: "warning",
    description: "a RING of a completed session has no RINGRESULT",
  },
  // A warning: the reference says READY means a party "is ready to JOIN", not that READY always comes first,
  // and the caller of an outbound call from a SIP device often joins without one.
  "join-without-ready": {
    severity: "warning",
    description: "a party JOINs without an earlier READY (the reference does not say READY must come first)",
  },
  "leave-without-join": { severity: "error", description: "a party LEAVEs without having joined" },
  "participants-mismatch": {
    severity: "warning",
    description: "participants disagrees with the JOINs and LEAVEs so far",
  },
  "answered-without-answer": {
    severity: "error",
    description: "is_answered is true but no RINGRESULT ANSWER and no JOIN",
  },
  "answer-not-flagged": {
    severity: "error",
    description: "an ANSWER and a two-party conversation, but is_answered is false",
  },
  "audio-url-unanswered": { severity: "warning", description: "audio_url on a call that was not answered" },
  "attribute-changed": {
    severity: "error",
    description: "accountcode, direction, type or subtype changes within a session",
  },
  "oversized-session": {
    severity: "error",
    description:
      "a session has more than --max-session-events events: finalised with its first ones, the rest not counted",
  },
  "session-too-long": { severity: "warning", description: "a session spans more than --max-call-length" },
};

/** Whether a code is a known rule (own property, so "__proto__" and "toString" are not). */
export function isRuleCode(code: string): boolean {
  return Object.hasOwn(RULES, code);
}
