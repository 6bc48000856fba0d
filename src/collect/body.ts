// One delivery -> dump lines: a JSON body (object or array of objects), a form body, or a GET query string.
import { parseForm } from "./form.js";
import { oneLine, topLevelValues, withAttribute } from "./json-text.js";

/** What arrived on /events, as the receiver saw it (the token already taken out of `query`). */
export interface Delivery {
  method: "GET" | "POST";
  /** The Content-Type header, if any. */
  contentType: string | undefined;
  /** The Content-Encoding header, if any. */
  contentEncoding: string | undefined;
  body: Buffer;
  /** The query string without `?` and without its `token` pairs. */
  query: string;
  /** With --received-at: the receipt time to add to each event as `received_at`. */
  receivedAt?: string;
}

/** Why a delivery is refused; the HTTP status says whether the format (415) or the content (400) is wrong. */
export type RefusalCode =
  | "unsupported-media-type"
  | "unsupported-charset"
  | "unsupported-encoding"
  | "not-utf8"
  | "invalid-json"
  | "not-an-object"
  | "not-a-form"
  | "duplicate-key"
  | "empty";

/** The dump lines of a delivery (one per event, no line ending), or why it was refused. */
export type DeliveryOutcome =
  | { ok: true; lines: string[] }
  | { ok: false; status: 400 | 415; code: RefusalCode; reason: string };

/** The attribute --received-at adds. */
export const RECEIVED_AT = "received_at";

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
const JSON_TYPES = new Set(["application/json", "text/json"]);
const FORM_TYPE = "application/x-www-form-urlencoded";
// Types that say nothing about the format: the first character decides ({ or [ is JSON, else a form).
const SNIFFED_TYPES = new Set(["", "text/plain", "application/octet-stream"]);

/**
 * Turns a delivery into dump lines. A JSON body keeps its tokens exactly as received (a value that spans lines
 * loses only the whitespace between tokens); form and query events become one JSON object of strings.
 */
export function deliveryLines(delivery: Delivery): DeliveryOutcome {
  const encoding = delivery.contentEncoding?.trim().toLowerCase() ?? "";
  if (encoding !== "" && encoding !== "identity")
    return refuse(415, "unsupported-encoding", `Content-Encoding ${encoding} is not supported`);
  if (delivery.method === "GET" || (delivery.body.length === 0 && delivery.query !== ""))
    return formLines(Buffer.from(delivery.query, "latin1"), delivery.receivedAt, "query string");
  const { type, charset } = mediaType(delivery.contentType);
  if (charset !== undefined && charset !== "utf-8" && charset !== "utf8" && charset !== "us-ascii")
    return refuse(415, "unsupported-charset", `charset ${charset} is not supported (UTF-8 only)`);
  const json = JSON_TYPES.has(type) || type.endsWith("+json");
  if (!json && type !== FORM_TYPE && !SNIFFED_TYPES.has(type))
    return refuse(415, "unsupported-media-type", `Content-Type ${type} is not JSON or a form`);
  let text: string;
  try {
    text = utf8.decode(delivery.body);
  } catch {
    return refuse(400, "not-utf8", "the body is not UTF-8");
  }
  if (text.trim() === "") return refuse(400, "empty", "the body is empty");
  const looksJson = /^\s*[[{]/.test(text);
  if (json || (looksJson && type !== FORM_TYPE)) return jsonLines(text, delivery.receivedAt);
  // A form body that is a JSON object or array was sent with the wrong type: keep it as the JSON it is.
  if (looksJson && isJson(text)) return jsonLines(text, delivery.receivedAt);
  return formLines(delivery.body, delivery.receivedAt, "form");
}

function jsonLines(text: string, receivedAt: string | undefined): DeliveryOutcome {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return refuse(400, "invalid-json", `the body is not JSON (${(error as Error).message})`);
  }
  const values = topLevelValues(text, parsed);
  const lines: string[] = [];
  for (const [i, { text: valueText, value }] of values.entries()) {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      const where = Array.isArray(parsed) ? `element ${i + 1} of the array` : "the body";
      return refuse(400, "not-an-object", `${where} is not a JSON object`);
    }
    const line = oneLine(valueText);
    // An event that carries its own received_at keeps it: two such keys would leave readers to pick one.
    lines.push(
      receivedAt === undefined || Object.hasOwn(value, RECEIVED_AT)
        ? line
        : withAttribute(line, Object.keys(value).length === 0, RECEIVED_AT, receivedAt),
    );
  }
  return { ok: true, lines };
}

function formLines(bytes: Uint8Array, receivedAt: string | undefined, what: string): DeliveryOutcome {
  const form = parseForm(bytes);
  if (!form.ok) return refuse(400, form.code, `the ${what} is not an event: ${form.reason}`);
  if (receivedAt !== undefined && form.event[RECEIVED_AT] === undefined) form.event[RECEIVED_AT] = receivedAt;
  const top = form.event;
  const line = JSON.stringify(top, function (this: unknown, key: string, value: unknown) {
    return this === top ? typedFormValue(key, value) : value;
  });
  return { ok: true, lines: [line] };
}

// A form has no types. Every value stays a string (the reader already takes string ids and "true"/"false"),
// except where the schema wants a number the reader would not make of a string: digits in `participants`
// and `timestamp` (epoch seconds or milliseconds) become numbers, and `is_answered` 1/0 the numbers 1/0.
const WHOLE_NUMBER = /^(?:0|[1-9][0-9]{0,15})$/;
function typedFormValue(key: string, value: unknown): unknown {
  if (typeof value !== "string") return value;
  if ((key === "participants" || key === "timestamp") && WHOLE_NUMBER.test(value)) {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : value;
  }
  if (key === "is_answered" && (value === "1" || value === "0")) return Number(value);
  return value;
}

/** The media type (lower case, no parameters) and its charset parameter, if any. */
function mediaType(header: string | undefined): { type: string; charset: string | undefined } {
  const [type = "", ...parameters] = (header ?? "").split(";");
  let charset: string | undefined;
  for (const parameter of parameters) {
    const [name, value] = parameter.split("=", 2);
    if (name?.trim().toLowerCase() === "charset")
      charset = value?.trim().replace(/^"|"$/g, "").toLowerCase() ?? "";
  }
  return { type: type.trim().toLowerCase(), charset };
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function refuse(status: 400 | 415, code: RefusalCode, reason: string): DeliveryOutcome {
  return { ok: false, status, code, reason };
}
