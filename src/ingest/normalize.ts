// Normalisation stage: the wire variants the vendor may send become the canonical form, once, before validation.
import { isTimestampInRange } from "./datetime.js";

const ID_ATTRIBUTES = [
  "id",
  "session_id",
  "call_id",
  "accountcode",
  "subject",
  "subject_user",
  "hanged_value",
  "hanged_user",
] as const;
const DATA_ID_ATTRIBUTES = ["campaign_id", "contact_id", "trace_id"] as const;

/** Epoch numbers below this are seconds, above it milliseconds (1e11 s is the year 5138; 1e11 ms is 1973). */
export const EPOCH_SECONDS_LIMIT = 1e11;

/**
 * Rewrites, in place, the accepted wire variants into the canonical form the schema describes:
 * epoch `timestamp` -> ISO 8601 UTC; `is_answered` 0/1/"true"/"false" -> boolean; `data` as a JSON
 * string -> object; numeric ids -> strings. Anything else is left for the schema to judge.
 */
export function normalizeEvent(value: Record<string, unknown>): Record<string, unknown> {
  const timestamp = value.timestamp;
  if (typeof timestamp === "number") {
    const iso = epochToIso(timestamp);
    if (iso !== undefined) value.timestamp = iso;
  }
  const answered = value.is_answered;
  if (answered !== undefined && typeof answered !== "boolean") {
    if (answered === 1 || answered === "true") value.is_answered = true;
    else if (answered === 0 || answered === "false") value.is_answered = false;
  }
  let data = value.data;
  if (typeof data === "string") {
    const decoded = decodeJsonObject(data);
    if (decoded !== undefined) {
      value.data = decoded;
      data = decoded;
    }
  }
  for (const key of ID_ATTRIBUTES) {
    const id = value[key];
    if (typeof id === "number" && Number.isSafeInteger(id)) value[key] = String(id);
  }
  if (typeof data === "object" && data !== null && !Array.isArray(data)) {
    const record = data as Record<string, unknown>;
    for (const key of DATA_ID_ATTRIBUTES) {
      const id = record[key];
      if (typeof id === "number" && Number.isSafeInteger(id)) record[key] = String(id);
    }
  }
  return value;
}

/**
 * Epoch seconds or milliseconds as an ISO 8601 UTC string, or undefined if the number is no time in the
 * years 0001-9999 (the only ones RFC 3339 can write; the schema then refuses the number as bad-format).
 */
export function epochToIso(epoch: number): string | undefined {
  const ms = epochMs(epoch);
  return ms === undefined || !isTimestampInRange(ms) ? undefined : new Date(ms).toISOString();
}

/** The instant (epoch ms) an epoch number names, seconds or milliseconds; undefined if it is no Date at all. */
export function epochMs(epoch: number): number | undefined {
  if (!Number.isFinite(epoch)) return undefined;
  const ms = Math.round(Math.abs(epoch) < EPOCH_SECONDS_LIMIT ? epoch * 1000 : epoch);
  return Number.isNaN(new Date(ms).getTime()) ? undefined : ms;
}

function decodeJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const decoded: unknown = JSON.parse(text);
    return typeof decoded === "object" && decoded !== null && !Array.isArray(decoded)
      ? (decoded as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
