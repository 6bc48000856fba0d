// Form and query-string events: `key=value&...` (application/x-www-form-urlencoded) -> one JSON object.

/** A form read as an event object with string values (nested by bracket keys), or why it is not one. */
export type FormOutcome = { ok: true; event: FormObject } | { ok: false; code: FormProblem; reason: string };

/** An object built from a form: string values, nested objects for `data[campaign_id]=...` keys. */
export interface FormObject {
  [key: string]: string | FormObject;
}

/** Why a form is refused. */
export type FormProblem = "not-utf8" | "not-a-form" | "empty" | "duplicate-key";

const PERCENT = 0x25;
const PLUS = 0x2b;
const SPACE = 0x20;
const HEX_BYTE = /^[0-9a-fA-F]{2}$/;
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
// `data[campaign_id]` or `data[callback][number]`: a name, then one or more non-empty bracketed names.
const BRACKET_KEY = /^([^[\]]+)((?:\[[^[\]]+\])+)$/;

/**
 * Reads `key=value` pairs (`+` is a space, `%XX` a byte, the bytes UTF-8) into one object with string values,
 * keys in the order they first appear. `data[campaign_id]=7` nests as `{"data":{"campaign_id":"7"}}`. A pair
 * without `=`, a key given twice, a key both plain and bracketed, or bytes that are not UTF-8 refuse the form:
 * guessing would change what was sent. `bytes` is the body, or the query string's bytes.
 */
export function parseForm(bytes: Uint8Array): FormOutcome {
  // One character per byte: the pairs are split on bytes, and each piece is decoded as UTF-8 on its own.
  const text = Buffer.from(bytes).toString("latin1");
  const event: FormObject = Object.create(null);
  let pairs = 0;
  for (const pair of text.split("&")) {
    if (pair === "") continue;
    const equals = pair.indexOf("=");
    if (equals < 0) return refuse("not-a-form", `"${clip(pair)}" is not a key=value pair`);
    const key = decode(pair.slice(0, equals));
    const value = decode(pair.slice(equals + 1));
    if (key === undefined || value === undefined)
      return refuse("not-utf8", "a percent-encoded key or value is not UTF-8");
    pairs += 1;
    const path = keyPath(key);
    let target = event;
    for (const [i, name] of path.entries()) {
      const existing = target[name];
      if (i === path.length - 1) {
        if (existing !== undefined) return refuse("duplicate-key", `key "${clip(key)}" is given twice`);
        target[name] = value;
      } else if (existing === undefined) {
        const child: FormObject = Object.create(null);
        target[name] = child;
        target = child;
      } else if (typeof existing === "string") {
        return refuse("duplicate-key", `key "${clip(key)}" is given both as a value and as an object`);
      } else target = existing;
    }
  }
  if (pairs === 0) return refuse("empty", "no key=value pairs");
  return { ok: true, event };
}

/**
 * Takes every `name=value` pair out of a query string or a form body (one character per byte): the text as it
 * was without them (the other pairs kept byte for byte), and their decoded values (undefined where a value is
 * not UTF-8). A pair is found between `&`s and also between `;`s (the separator HTML 4 recommended), so
 * `a=1;token=T` gives up its token and keeps `a=1`; elsewhere a `;` stays part of a value.
 */
export function takeParameter(query: string, name: string): { rest: string; values: (string | undefined)[] } {
  const kept: string[] = [];
  const values: (string | undefined)[] = [];
  for (const pair of query.split("&")) {
    const segments = pair.split(";");
    const left = segments.filter((segment) => {
      const equals = segment.indexOf("=");
      if (decode(equals < 0 ? segment : segment.slice(0, equals)) !== name) return true;
      values.push(equals < 0 ? "" : decode(segment.slice(equals + 1)));
      return false;
    });
    if (left.length === segments.length) kept.push(pair);
    else if (left.length > 0) kept.push(left.join(";"));
  }
  return { rest: kept.join("&"), values };
}

/** The names of a key: `data[campaign_id]` -> data, campaign_id; any other key is one name as it is. */
function keyPath(key: string): string[] {
  const match = BRACKET_KEY.exec(key);
  if (match === null) return [key];
  return [match[1] as string, ...(match[2] as string).slice(1, -1).split("][")];
}

/** A piece of a form (one character per byte): `+` is a space, `%XX` a byte; the bytes must be UTF-8. */
function decode(text: string): string | undefined {
  const bytes = new Uint8Array(text.length);
  let n = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    const digits = text.slice(i + 1, i + 3);
    if (c === PERCENT && HEX_BYTE.test(digits)) {
      bytes[n++] = Number.parseInt(digits, 16);
      i += 2;
    } else bytes[n++] = c === PLUS ? SPACE : c;
  }
  try {
    return utf8.decode(bytes.subarray(0, n));
  } catch {
    return undefined;
  }
}

function refuse(code: FormProblem, reason: string): FormOutcome {
  return { ok: false, code, reason };
}

/** A key quoted in a reason: at most 60 characters (the whole body is kept in the rejected file). */
function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}...` : text;
}
