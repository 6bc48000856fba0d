// The dirt of real dumps: bad lines (not JSON, not an object, schema-invalid) and accepted wire variants.

const GARBAGE = [
  "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>",
  "event=RING&session_id=&direction=inbound&type=standard",
  "HTTP/1.1 504 Gateway Time-out",
  '{"event":"RINGRESULT",,"state":"ANSWER"}',
  "{'event': 'START', 'direction': 'inbound'}",
];

/** Kinds of bad line and their weights; every one is counted as invalid by the tool. */
export const BAD_KINDS = {
  truncated: 25,
  garbage: 10,
  notObject: 5,
  badDirection: 15,
  unknownEvent: 10,
  missingSession: 10,
  badTimestamp: 10,
  badParticipants: 5,
  misplacedAttribute: 10,
  skewedClock: 3,
  zonelessTimestamp: 2,
};

/**
 * The kinds whose rejected line still carries a readable time 20-90 minutes ahead. The tool must ignore it
 * like the rest of the line; a tool that lets it move its event-time watermark closes sessions early.
 */
export const CLOCK_SKEW_KINDS = ["skewedClock", "zonelessTimestamp"];

/** BAD_KINDS without the clock-skew kinds. */
export const BAD_KINDS_NO_SKEW = Object.fromEntries(
  Object.entries(BAD_KINDS).filter(([kind]) => !CLOCK_SKEW_KINDS.includes(kind)),
);

/**
 * One bad line derived from a real event `obj` (its serialised form is `text`), of one of `kinds` (weights).
 * @param {ReturnType<import("./prng.mjs").createRandom>} r
 * @param {Record<string, unknown>} obj
 * @param {string} text
 * @returns {{ kind: string, text: string }}
 */
export function badLine(r, obj, text, kinds = BAD_KINDS) {
  const kind = r.weighted(kinds);
  const copy = { ...obj, id: r.uuid() };
  switch (kind) {
    case "truncated":
      // Any proper prefix of a JSON object is not JSON (the closing brace is missing).
      return { kind, text: text.slice(0, r.int(1, text.length - 1)) };
    case "garbage":
      return { kind, text: r.pick(GARBAGE) };
    case "notObject":
      return { kind, text: r.pick([`[${text}]`, "null", '"OK"', "42", "true"]) };
    case "badDirection":
      copy.direction = r.pick(["internal", "INBOUND", "in", ""]);
      break;
    case "unknownEvent":
      copy.event = r.pick(["HOLD", "TRANSFER", "start", "HANGUP"]);
      break;
    case "missingSession":
      delete copy.session_id;
      break;
    case "badTimestamp":
      // None of these is a time to any parser, so they cannot move event time whatever the tool does.
      copy.timestamp = r.pick(["yesterday", "", "2026-13-45T25:61:00Z", "not a time"]);
      break;
    case "skewedClock":
      // Rejected for its direction, with a clock far ahead: a rejected line must not move event time.
      copy.direction = "sideways";
      copy.timestamp = ahead(r, copy.timestamp).toISOString();
      break;
    case "zonelessTimestamp":
      // Rejected for its format (no T, no zone); read as local time it is ahead (by 20-90 min in UTC).
      copy.timestamp = ahead(r, copy.timestamp).toISOString().slice(0, 19).replace("T", " ");
      break;
    case "badParticipants":
      copy.participants = r.pick([-1, 1.5, "two"]);
      break;
    default:
      if (copy.event === "COMPLETED") copy.hanged_by = r.pick(["system", "operator"]);
      else copy.hanged_by = "phone";
  }
  return { kind, text: JSON.stringify(copy) };
}

function ahead(r, iso) {
  return new Date(Date.parse(iso) + r.int(20, 90) * 60_000);
}

/**
 * A shallow copy of `obj` in wire variants the tool normalises back to the same event: epoch-milliseconds
 * timestamp, is_answered as 0/1 or "true"/"false", data as a JSON string, a numeric account code.
 * @param {ReturnType<import("./prng.mjs").createRandom>} r
 * @param {Record<string, unknown>} obj
 * @param {number} ts the event time in epoch milliseconds
 */
export function wireVariant(r, obj, ts) {
  const copy = { ...obj };
  if (r.chance(0.5)) copy.timestamp = ts;
  if (typeof copy.is_answered === "boolean" && r.chance(0.7)) {
    copy.is_answered = r.chance(0.5) ? Number(copy.is_answered) : String(copy.is_answered);
  }
  if (copy.data !== undefined && r.chance(0.5)) copy.data = JSON.stringify(copy.data);
  if (r.chance(0.4)) copy.accountcode = Number(copy.accountcode);
  return copy;
}
