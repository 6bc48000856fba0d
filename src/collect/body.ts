// One delivery -> dump lines: a JSON body (object or array of objects), a batch of JSON lines, a form body, or
// a GET query string.
import { parseForm, takeParameter } from "./form.js";
import { firstLineIsJson, jsonLines, ndjsonLines, RECEIVED_AT } from "./json-lines.js";

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

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
const JSON_TYPES = new Set(["application/json", "text/json"]);
// A batch of JSON lines: the registered-looking names in use (none is registered with IANA).
const NDJSON_TYPES = new Set([
  "application/x-ndjson",
  "application/ndjson",
  "application/jsonl",
  "application/x-jsonlines",
]);
const FORM_TYPE = "application/x-www-form-urlencoded";
// Types that say nothing about the format: the first character decides ({ or [ is JSON or JSON lines, else a form).
const SNIFFED_TYPES = ["", "text/plain", "application/octet-stream"];
/** The types read at all (and any *+json); others get 415. */
const KNOWN_TYPES = new Set([...JSON_TYPES, ...NDJSON_TYPES, FORM_TYPE, ...SNIFFED_TYPES]);

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
  if (!KNOWN_TYPES.has(type) && !type.endsWith("+json"))
    return refuse(415, "unsupported-media-type", `Content-Type ${type} is not JSON, JSON lines or a form`);
  let text: string;
  try {
    text = utf8.decode(delivery.body);
  } catch {
    return refuse(400, "not-utf8", "the body is not UTF-8");
  }
  if (text.trim() === "") return refuse(400, "empty", "the body is empty");
  const format = formatOf(type, text);
  if (format === "ndjson") return ndjsonLines(text, delivery.receivedAt);
  if (format === "json") return jsonLines(text, delivery.receivedAt);
  return formLines(delivery.body, delivery.receivedAt, "form");
}

/**
 * Whether a delivery's body is read as a form (its `token` pairs are then credentials, not attributes). Decided
 * on the bytes as Latin-1, so a body cut at --max-body-bytes or not UTF-8 is decided too.
 */
function readsAsForm(delivery: Delivery): boolean {
  const encoding = delivery.contentEncoding?.trim().toLowerCase() ?? "";
  if (
    delivery.method !== "POST" ||
    delivery.body.length === 0 ||
    (encoding !== "" && encoding !== "identity")
  )
    return false;
  const { type } = mediaType(delivery.contentType);
  if (!KNOWN_TYPES.has(type)) return false;
  return formatOf(type, delivery.body.toString("latin1").replace(/^\xef\xbb\xbf/, "")) === "form";
}

/** The delivery without the `token` pairs of its body when the body is a form, and their values. */
export function takeBodyTokens(delivery: Delivery): { delivery: Delivery; tokens: (string | undefined)[] } {
  if (!readsAsForm(delivery)) return { delivery, tokens: [] };
  const { rest, values } = takeParameter(delivery.body.toString("latin1"), "token");
  if (values.length === 0) return { delivery, tokens: [] };
  return { delivery: { ...delivery, body: Buffer.from(rest, "latin1") }, tokens: values };
}

/** Whether a Content-Type header says the body is a form. */
export function declaresForm(contentType: string | undefined): boolean {
  return mediaType(contentType).type === FORM_TYPE;
}

/** How a body of a known type is read: its type says, or (untyped, or typed a form) its first characters. */
function formatOf(type: string, text: string): "json" | "ndjson" | "form" {
  if (NDJSON_TYPES.has(type)) return "ndjson";
  if (JSON_TYPES.has(type) || type.endsWith("+json")) return "json";
  if (/^\s*[[{]/.test(text)) {
    // Untyped: one JSON text, or else JSON lines when the first line is JSON on its own (a pretty-printed
    // object's first line is not). A form-typed body of either was sent with the wrong type: read it as it is.
    if (isJson(text)) return "json";
    if (firstLineIsJson(text)) return "ndjson";
    if (type !== FORM_TYPE) return "json";
  }
  return "form";
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
