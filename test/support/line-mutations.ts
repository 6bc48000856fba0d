// Mutations of one NDJSON line at the level of its text and bytes, for fast-path-versus-reference tests:
// keys dropped, added, duplicated, reordered or spelt with escapes; values swapped for enum values, near
// misses, wire variants and wrong types; timestamps of every shape; whitespace, BOM, CR, NUL, truncation,
// flipped bytes and invalid UTF-8. Each mutation is a kind and a seed, so a case is a few plain numbers.
import { isUtf8 } from "node:buffer";
import fc from "fast-check";

/** The enum attributes of the event schema and their values, as schemas/teltel-event.schema.json has them. */
export const ENUMS: Readonly<Record<string, readonly string[]>> = {
  event: ["START", "RING", "RINGRESULT", "READY", "JOIN", "LEAVE", "COMPLETED"],
  direction: ["inbound", "outbound"],
  type: ["standard", "autodialer", "callback", "transfer"],
  subtype: ["predictive", "contact-callflow", "operator-contact"],
  phase: ["localtosip", "localtodid", "siptodid", "didtodid", "didtosip"],
  leg: ["contact", "operator"],
  state: [
    "ANSWER",
    "BUSY",
    "NOANSWER",
    "CANCEL",
    "CONGESTION",
    "CHANUNAVAIL",
    "DONTCALL",
    "TORTURE",
    "INVALIDARGS",
    "ABORT",
  ],
  subject_type: ["phone", "sip"],
  hanged_by: ["phone", "sip"],
};

/** The identifier attributes (numbers on the wire become strings), top level and in `data`. */
export const ID_KEYS = [
  "id",
  "session_id",
  "call_id",
  "accountcode",
  "subject",
  "subject_user",
  "hanged_value",
  "hanged_user",
] as const;
const DATA_ID_KEYS = ["campaign_id", "contact_id", "trace_id"] as const;

/** Every attribute the schema names at the top level. */
export const KNOWN_KEYS = [
  "event",
  "id",
  "timestamp",
  "accountcode",
  "session_id",
  "call_id",
  "direction",
  "type",
  "subtype",
  "phase",
  "participants",
  "leg",
  "data",
  "state",
  "subject_type",
  "subject",
  "subject_user",
  "hanged_by",
  "hanged_value",
  "hanged_user",
  "is_answered",
  "audio_url",
] as const;

/** The attributes with an "only in" or "always in" rule (event, type, subject_type or hanged_by decides). */
export const RULE_KEYS = [
  "state",
  "subject_type",
  "subject",
  "subject_user",
  "hanged_by",
  "hanged_value",
  "hanged_user",
  "is_answered",
  "audio_url",
  "leg",
  "subtype",
] as const;

/** Mutations of the line's members (parsed keys and values); skipped when the line is no JSON object. */
export const STRUCTURE_KINDS = [
  "drop-key",
  "add-known-key",
  "add-rule-key",
  "add-unknown-key",
  "duplicate-key",
  "shuffle-keys",
  "escape-key",
  "escape-value",
  "set-event",
] as const;
/** Mutations of one attribute's value: enums and near misses, wire variants, wrong types, data, URLs. */
export const VALUE_KINDS = [
  "swap-value",
  "swap-enum",
  "participants",
  "is-answered",
  "ids",
  "data",
  "audio-url",
] as const;
/** Mutations of the timestamp: listed edge cases, generated date-times, epoch numbers. */
export const TIME_KINDS = ["timestamp", "timestamp-generated", "timestamp-epoch"] as const;
/** Mutations of the bytes: whitespace, BOM, CR, NUL, truncation, flips, invalid and overlong UTF-8. */
export const BYTE_KINDS = [
  "whitespace",
  "surround",
  "trailing-cr",
  "bom",
  "nul",
  "truncate",
  "flip-byte",
  "invalid-utf8",
  "overlong",
  "raw-control",
  "raw-non-ascii",
] as const;
/** Every mutation kind. */
export const ALL_KINDS = [...STRUCTURE_KINDS, ...VALUE_KINDS, ...TIME_KINDS, ...BYTE_KINDS] as const;
/** One kind of mutation. */
export type MutationKind = (typeof ALL_KINDS)[number];

/** One mutation to apply: its kind, and the seed of every choice it makes (where, what). */
export interface MutationSpec {
  kind: MutationKind;
  seed: number;
}

/** One to three mutations of the given kinds, as the seeded line tests draw them. */
export function mutationSpecs(kinds: readonly MutationKind[]): fc.Arbitrary<MutationSpec[]> {
  return fc.array(fc.record({ kind: fc.constantFrom(...kinds), seed: fc.nat() }), {
    minLength: 1,
    maxLength: 3,
  });
}

/** One member of a JSON object as raw text: the key token (with its quotes) and the value's text. */
interface Member {
  key: string;
  value: string;
}

/** Applies the mutations in order; a member-level one re-reads the line's members and is skipped if it has none. */
export function mutateLine(line: Uint8Array, specs: readonly MutationSpec[]): Buffer {
  let bytes: Buffer = Buffer.from(line);
  let members: Member[] | undefined;
  let inModel = false;
  for (const spec of specs) {
    const r = random(spec.seed);
    if ((BYTE_KINDS as readonly string[]).includes(spec.kind)) {
      if (inModel && members !== undefined) bytes = Buffer.from(serialize(members), "utf8");
      inModel = false;
      bytes = mutateBytes(bytes, spec.kind, r);
      continue;
    }
    if (!inModel) {
      members = membersOfBytes(bytes);
      inModel = true;
    }
    if (members !== undefined) members = mutateMembers(members, spec.kind, r);
  }
  return inModel && members !== undefined ? Buffer.from(serialize(members), "utf8") : bytes;
}

/** The line's text as it would be shown in a failure: JSON-quoted, invalid UTF-8 bytes as \xNN. */
export function showLine(bytes: Uint8Array): string {
  const text = Buffer.from(bytes).toString("utf8");
  return isUtf8(bytes)
    ? JSON.stringify(text)
    : `hex ${Buffer.from(bytes).toString("hex")} (utf8 ${JSON.stringify(text)})`;
}

// ---- random choices ----

interface Random {
  int(n: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
}

function random(seed: number): Random {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return { int, chance: (p) => next() < p, pick: (items) => items[int(items.length)] as never };
}

// ---- values (raw JSON texts) ----

const q = (text: string): string => JSON.stringify(text);

/** Values of every type and awkward strings: escapes, lone surrogates, non-ASCII. */
const GENERIC_VALUES = [
  '""',
  '"x"',
  "0",
  "1",
  "-1",
  "1.5",
  "1e3",
  "12345678901234567890",
  "-0",
  "true",
  "false",
  "null",
  "[]",
  '["inbound"]',
  "{}",
  '{"a":1}',
  String.raw`"a\"b"`,
  String.raw`"a\\b"`,
  String.raw`"\u0041"`,
  String.raw`"a\nb"`,
  String.raw`"\ud800"`,
  String.raw`"x\udc00"`,
  String.raw`"\ud83d\ude00"`,
  '"é"',
  '"😀"',
  String.raw`"\u0000"`,
  '" "',
  String.raw`"\/"`,
  String.raw`"\t"`,
];

/** An enum value's near misses: case, spaces, cut, NUL, escaped spelling (equal once parsed), other enum. */
function enumVariants(value: string): string[] {
  const first = value.charCodeAt(0).toString(16).padStart(4, "0");
  return [
    q(value),
    q(value.charAt(0).toUpperCase() + value.slice(1).toLowerCase()),
    q(value.toUpperCase()),
    q(value.toLowerCase()),
    q(`${value} `),
    q(` ${value}`),
    q(value.slice(0, -1)),
    q(`${value}\u0000`),
    `"\\u${first}${value.slice(1)}"`,
    `"\\u${first.toUpperCase()}${value.slice(1)}"`,
    '""',
  ];
}

const ENUM_NEAR = [
  "Inbound",
  "inbound ",
  "",
  "INBOUND",
  "in",
  "Start",
  "start",
  "complete",
  "sip ",
  "SIP",
].map(q);

const VALID_TIMESTAMPS = [
  "2026-03-02T09:15:00Z",
  "2026-03-02T09:15:00.1Z",
  "2026-03-02T09:15:00.12Z",
  "2026-03-02T09:15:00.123Z",
  "2026-03-02T09:15:00.1234Z",
  "2026-03-02T09:15:00.12345Z",
  "2026-03-02T09:15:00.123456Z",
  "2026-03-02T09:15:00.1234567Z",
  "2026-03-02T09:15:00.12345678Z",
  "2026-03-02T09:15:00.123456789Z",
  "2026-03-02T09:15:00.999999999Z",
  "2026-03-02T09:15:00.000Z",
  "2026-03-02T09:15:00z",
  "2026-03-02t09:15:00Z",
  "2026-03-02t09:15:00z",
  "2026-03-02T09:15:00+02:00",
  "2026-03-02T09:15:00-00:00",
  "2026-03-02T09:15:00+00:00",
  "2026-03-02T09:15:00.5+05:30",
  "2026-03-02T23:59:59-12:00",
  "2026-03-02T00:00:00+14:00",
  "2024-02-29T12:00:00Z",
  "2000-02-29T00:00:00Z",
  "2026-01-31T10:00:00Z",
  "2026-12-31T23:59:59.999Z",
  "1970-01-01T00:00:00Z",
  "1969-12-31T23:59:59.999Z",
  "0001-01-01T00:00:00Z",
  "0001-01-01T00:00:00-01:00",
  "0001-01-02T00:00:00+01:00",
  "0099-06-15T00:00:00Z",
  "0999-06-15T00:00:00Z",
  "1000-01-01T00:00:00Z",
  "9999-12-31T23:59:59Z",
  "9999-12-31T23:59:59.999Z",
  "9999-12-31T23:59:59.9999Z",
  "9999-12-31T23:59:59+01:00",
  "9999-12-30T23:59:59-01:00",
];

const INVALID_TIMESTAMPS = [
  "2023-02-29T00:00:00Z",
  "1900-02-29T00:00:00Z",
  "2100-02-29T00:00:00Z",
  "2026-04-31T00:00:00Z",
  "2026-06-31T12:00:00Z",
  "2026-09-31T12:00:00Z",
  "2026-11-31T12:00:00Z",
  "2026-02-30T12:00:00Z",
  "2026-03-32T12:00:00Z",
  "2026-03-00T12:00:00Z",
  "2026-00-10T12:00:00Z",
  "2026-13-10T12:00:00Z",
  "2026-03-02T24:00:00Z",
  "2026-03-02T09:60:00Z",
  "2026-03-02T09:15:60Z",
  "2026-12-31T23:59:60Z",
  "0000-01-01T00:00:00Z",
  "0000-12-31T23:59:59Z",
  "0001-01-01T00:00:00+01:00",
  "9999-12-31T23:59:59-01:00",
  "2026-03-02T09:15:00",
  "2026-03-02 09:15:00Z",
  "2026-03-02T09:15Z",
  "2026-03-02T09:15:00.Z",
  "2026-03-02T09:15:00+0200",
  "2026-03-02T09:15:00+02",
  "2026-03-02T09:15:00+24:00",
  "2026-03-02T09:15:00+02:60",
  "2026-03-02T09:15:00ZZ",
  "2026-03-02T09:15:00Z ",
  " 2026-03-02T09:15:00Z",
  "2026-03-02T9:15:00Z",
  "2026-3-02T09:15:00Z",
  "+002026-03-02T09:15:00Z",
  "20260302T091500Z",
  "2026-03-02",
  "2026-03-02T09:15:00.1234567890Z",
  "Mon, 02 Mar 2026 09:15:00 GMT",
  "1772442900",
  "yesterday",
  "",
  "Z",
  "2026",
  "2026-03-02T09:15:00\u0000Z",
  "２０２６-03-02T09:15:00Z",
];

/** Timestamps spelt with escapes: equal (or not) once parsed. */
const ESCAPED_TIMESTAMPS = [
  String.raw`"2026-03-02T09:15:00\u005a"`,
  String.raw`"2026-03-02\u005409:15:00Z"`,
  String.raw`"\u0032026-03-02T09:15:00Z"`,
  String.raw`"2026-03-02T09:15:00\/Z"`,
  String.raw`"2026-03-02T09:15:00Z\u0000"`,
];

const EPOCH_VALUES = [
  "1772442900",
  "1772442900000",
  "1772442900.5",
  "1772442900123.7",
  "1772442900.0005",
  "1.7724429e9",
  "1.772442900123e12",
  "0",
  "-0",
  "1",
  "-1",
  "99999999999",
  "100000000000",
  "-99999999999",
  "-62135596800",
  "-62135596801",
  "-62135596800000",
  "-62135596800001",
  "253402300799",
  "253402300800",
  "253402300799999",
  "253402300800000",
  "8640000000000000",
  "8640000000000001",
  "1e20",
  "1e400",
  "-1e400",
  "12345678901234567890",
  '"1772442900"',
  '"1772442900000"',
  "true",
  "null",
];

const PARTICIPANTS = [
  "0",
  "1",
  "2",
  "5",
  "10",
  "007",
  "-0",
  "1.0",
  "0.0",
  "1e2",
  "1E1",
  "0e0",
  '"5"',
  '"0"',
  "12345678901234567890",
  "9007199254740993",
  "-1",
  "1.5",
  "1e400",
  "-1e-400",
  "null",
  "true",
  "[]",
];

const IS_ANSWERED = [
  "true",
  "false",
  "0",
  "1",
  '"true"',
  '"false"',
  '"1"',
  '"0"',
  '"TRUE"',
  '"True"',
  '"true "',
  "null",
  "1.0",
  "0.0",
  "-0",
  "2",
  "-1",
  '"yes"',
  "[]",
  "{}",
  String.raw`"\u0074rue"`,
];

/** Numbers for identifiers: safe integers become strings ("-0" becomes "0"), the rest stay numbers. */
const ID_NUMBERS = [
  "5",
  "0",
  "-0",
  "1.0",
  "1e2",
  "1E2",
  "10452",
  "007",
  "9007199254740991",
  "9007199254740992",
  "9007199254740993",
  "12345678901234567890",
  "-1",
  "-9007199254740991",
  "1.5",
  "1e400",
  "0.1e1",
  '"0"',
  '""',
  '"10452"',
];

const AUDIO_URLS = [
  ...[
    "https://rec.example.com/2026/03/02/a.mp3",
    "http://x",
    "urn:isbn:0451450523",
    "mailto:a@b.c",
    "file:///tmp/a.wav",
    "https://[::1]:8080/x",
    "HTTP://EXAMPLE.COM/A",
    "https://example.com/a?b=c#d",
    "relative/path.mp3",
    "/abs/path.mp3",
    "//example.com/a",
    "",
    "http://",
    "http://a b/c",
    "https://ré.example/a",
    "https://example.com/é.mp3",
    "https://example.com/😀",
    "https://example.com/%zz",
    "https://example.com/%41",
    "a:b",
    ":",
    "1http://x",
    "https://example.com/a\tb",
    "https://example.com/a\u0000",
  ].map(q),
  String.raw`"https:\/\/rec.example.com\/2026\/a.mp3"`,
  String.raw`"https://rec.example.com/\u0061.mp3"`,
  "null",
  "1",
];

const ID_STRINGS = ['"x1"', '"31001"', '"101"', '"+37120000031"', '"sip-101"', '"__proto__"'];

const CALLBACK =
  '{"leg_1_phone_number":"+37120000031","leg_1_caller_id":"+37167000000","leg_2_phone_number":"101"}';

const DATA_VALUES = [
  "{}",
  '{"trace_id":"t-1"}',
  '{"campaign_id":"311","contact_id":"880101"}',
  '{"campaign_id":311,"contact_id":880101}',
  `{"callback":${CALLBACK},"trace_id":"crm-1"}`,
  q('{"trace_id":"t-1"}'),
  q('{"campaign_id":311,"contact_id":"880101"}'),
  q(` {"trace_id" : 5} `),
  q('{"trace_id":"a","trace_id":"b"}'),
  q('{"trace_id":"x"} trailing'),
  q(String.raw`{"trace_id":"\u0041"}`),
  q("{}"),
  q("[]"),
  q("null"),
  q("not json"),
  q('"{}"'),
  '""',
  "null",
  "[]",
  "1",
  "true",
  '{"callback":"x"}',
  '{"callback":{"leg_1_phone_number":1}}',
  '{"callback":{}}',
  '{"callback":null}',
  '{"campaign_id":""}',
  '{"trace_id":""}',
  '{"trace_id":9007199254740993}',
  '{"trace_id":-0}',
  '{"trace_id":1.5}',
  '{"a":{"b":[1,2,{"c":null}]},"z":0,"1":2}',
  '{"2":"b","1":"a","x":"c"}',
  '{"__proto__":{"x":1}}',
  '{"trace_id":"t","trace_id":"u"}',
];

const DATA_KEYS = ["campaign_id", "contact_id", "trace_id", "callback", "note", "__proto__", "1"];

/** Values that suit an attribute: its valid ones first, then variants and wrong ones. */
function valuesFor(key: string, r: Random): string {
  // Own keys only: the key may be "constructor" or "__proto__".
  const values = Object.hasOwn(ENUMS, key) ? ENUMS[key] : undefined;
  if (values !== undefined) {
    const value = r.pick(values);
    return r.chance(0.5) ? q(value) : r.pick([...enumVariants(value), ...ENUM_NEAR]);
  }
  switch (key) {
    case "timestamp":
      return timestampValue(r);
    case "participants":
      return r.pick(PARTICIPANTS);
    case "is_answered":
      return r.pick(IS_ANSWERED);
    case "audio_url":
      return r.pick(AUDIO_URLS);
    case "data":
      return r.pick(DATA_VALUES);
    default:
      if ((ID_KEYS as readonly string[]).includes(key))
        return r.chance(0.6) ? r.pick(ID_STRINGS) : r.pick(ID_NUMBERS);
      return r.pick(GENERIC_VALUES);
  }
}

/** A value the schema accepts for the attribute, ignoring the rules between attributes. */
function validValueFor(key: string, r: Random): string {
  const values = ENUMS[key];
  if (values !== undefined) return q(r.pick(values));
  switch (key) {
    case "timestamp":
      return q(r.pick(VALID_TIMESTAMPS));
    case "participants":
      return r.pick(["0", "1", "2"]);
    case "is_answered":
      return r.pick(["true", "false"]);
    case "audio_url":
      return q("https://rec.example.com/2026/03/02/a.mp3");
    case "data":
      return r.pick(['{"trace_id":"t-1"}', "{}"]);
    default:
      return r.pick(ID_STRINGS);
  }
}

function timestampValue(r: Random): string {
  const which = r.int(10);
  if (which < 4) return q(r.pick(VALID_TIMESTAMPS));
  if (which < 7) return q(r.pick(INVALID_TIMESTAMPS));
  if (which < 8) return r.pick(ESCAPED_TIMESTAMPS);
  return r.pick(EPOCH_VALUES);
}

/** A date-time of the RFC 3339 shape with fields mostly in range and sometimes just out of it. */
function generatedTimestamp(r: Random): string {
  const field = (inRange: () => number, edges: readonly number[]): number =>
    r.chance(0.85) ? inRange() : r.pick(edges);
  const year = r.chance(0.3)
    ? r.pick([0, 1, 4, 99, 100, 999, 1000, 1582, 1900, 1970, 1999, 2000, 2023, 2024, 2100, 2400, 9998, 9999])
    : 1 + r.int(9999);
  const month = field(() => 1 + r.int(12), [0, 13, 2, 2, 4, 6, 9, 11]);
  const day = field(() => 1 + r.int(28), [0, 29, 29, 30, 31, 31, 32]);
  const hour = field(() => r.int(24), [24, 0, 23]);
  const minute = field(() => r.int(60), [60, 0, 59]);
  const second = field(() => r.int(60), [60, 0, 59]);
  const pad = (n: number, width: number): string => String(n).padStart(width, "0");
  const digits = r.chance(0.5) ? 0 : 1 + r.int(10);
  let fraction = "";
  for (let i = 0; i < digits; i += 1) fraction += String(r.int(10));
  const zone = r.chance(0.6)
    ? "Z"
    : r.pick(["z", "+00:00", "-00:00", "+02:00", "-01:00", "+05:30", "+23:59", "-23:59", "+24:00", "+02:60"]);
  const sep = r.chance(0.9) ? "T" : r.pick(["t", " "]);
  const date = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
  return q(
    `${date}${sep}${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}${digits > 0 ? "." : ""}${fraction}${zone}`,
  );
}

// ---- members ----

const isWs = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

/** The members of a line that is one JSON object, as raw texts; undefined for anything else. */
function membersOfBytes(bytes: Buffer): Member[] | undefined {
  return isUtf8(bytes) ? membersOf(bytes.toString("utf8")) : undefined;
}

function membersOf(text: string): Member[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const members: Member[] = [];
  let i = skipWs(text, 0) + 1;
  i = skipWs(text, i);
  if (text[i] === "}") return members;
  for (;;) {
    const keyEnd = skipString(text, i);
    const key = text.slice(i, keyEnd);
    i = skipWs(text, skipWs(text, keyEnd) + 1);
    const valueEnd = skipValue(text, i);
    members.push({ key, value: text.slice(i, valueEnd) });
    i = skipWs(text, valueEnd);
    if (text[i] !== ",") return members;
    i = skipWs(text, i + 1);
  }
}

function skipWs(text: string, i: number): number {
  let at = i;
  while (at < text.length && isWs(text.charCodeAt(at))) at += 1;
  return at;
}

/** The index after the string token starting at `i` (a quote). */
function skipString(text: string, i: number): number {
  let at = i + 1;
  while (text[at] !== '"') at += text[at] === "\\" ? 2 : 1;
  return at + 1;
}

/** The index after the JSON value starting at `i`. */
function skipValue(text: string, i: number): number {
  const c = text[i];
  if (c === '"') return skipString(text, i);
  if (c === "{" || c === "[") {
    let depth = 0;
    let at = i;
    do {
      const d = text[at];
      if (d === '"') {
        at = skipString(text, at);
        continue;
      }
      if (d === "{" || d === "[") depth += 1;
      else if (d === "}" || d === "]") depth -= 1;
      at += 1;
    } while (depth > 0);
    return at;
  }
  let at = i;
  while (at < text.length && !isWs(text.charCodeAt(at)) && !",}]".includes(text[at] as string)) at += 1;
  return at;
}

function serialize(members: readonly Member[]): string {
  return `{${members.map((m) => `${m.key}:${m.value}`).join(",")}}`;
}

const nameOf = (member: Member): string => JSON.parse(member.key) as string;

/** The string a raw value holds, or undefined when it is no JSON string. */
function stringOf(raw: string): string | undefined {
  if (!raw.startsWith('"')) return undefined;
  try {
    return JSON.parse(raw) as string;
  } catch {
    return undefined;
  }
}

/** The index of the member JSON.parse keeps for a name (the last one), or -1. */
function indexOf(members: readonly Member[], name: string): number {
  for (let i = members.length - 1; i >= 0; i -= 1) if (nameOf(members[i] as Member) === name) return i;
  return -1;
}

/** The parsed value of an attribute; undefined when absent or no JSON (a mutation may have made it "007"). */
function parsedValue(members: readonly Member[], name: string): unknown {
  const i = indexOf(members, name);
  if (i === -1) return undefined;
  try {
    return JSON.parse((members[i] as Member).value);
  } catch {
    return undefined;
  }
}

/** Sets an attribute: replaces the value JSON.parse keeps, or inserts a member at a random place. */
function setValue(members: Member[], name: string, value: string, r: Random): Member[] {
  const i = indexOf(members, name);
  const out = members.slice();
  if (i !== -1) out[i] = { key: (members[i] as Member).key, value };
  else out.splice(r.int(out.length + 1), 0, { key: q(name), value });
  return out;
}

/** The string's JSON text with one character (or all of them) written as a \u escape (or "\/"). */
function escapedString(text: string, r: Random): string {
  const chars = [...text];
  if (chars.length === 0) return '""';
  const mode = r.int(4);
  const target = r.int(chars.length);
  const escapeChar = (ch: string): string => {
    if (ch === "/" && r.chance(0.5)) return "\\/";
    let out = "";
    for (let k = 0; k < ch.length; k += 1) {
      const hex = ch.charCodeAt(k).toString(16).padStart(4, "0");
      out += `\\u${r.chance(0.5) ? hex : hex.toUpperCase()}`;
    }
    return out;
  };
  const plain = (ch: string): string => JSON.stringify(ch).slice(1, -1);
  const body = chars
    .map((ch, k) => {
      if (mode === 0) return escapeChar(ch);
      if (mode === 1) return ch === "/" ? "\\/" : plain(ch);
      return k === target ? escapeChar(ch) : plain(ch);
    })
    .join("");
  return `"${body}"`;
}

function mutateMembers(members: Member[], kind: MutationKind, r: Random): Member[] {
  const n = members.length;
  switch (kind) {
    case "drop-key": {
      if (n === 0) return members;
      const out = members.slice();
      out.splice(r.int(n), 1);
      return out;
    }
    case "add-known-key": {
      const key = r.pick(KNOWN_KEYS);
      const out = members.slice();
      out.splice(r.int(n + 1), 0, { key: q(key), value: valuesFor(key, r) });
      return out;
    }
    case "add-rule-key": {
      // A rule-bound attribute with a valid value (or a data attribute bound to the call type): allowed or
      // not depending on the event, the type, subject_type and hanged_by of the line.
      if (r.chance(0.25)) {
        const key = r.pick(["campaign_id", "contact_id", "callback"]);
        return mutateData(members, r, { key, value: key === "callback" ? CALLBACK : r.pick(ID_STRINGS) });
      }
      const key = r.pick(RULE_KEYS);
      return setValue(members, key, validValueFor(key, r), r);
    }
    case "add-unknown-key": {
      const key = r.pick([
        q("note"),
        q("Event"),
        q("event "),
        q("EVENT"),
        q(""),
        q("__proto__"),
        q("constructor"),
        q("toString"),
        q("hasOwnProperty"),
        q("é"),
        q("😀"),
        q('a"b'),
        q("timestamp\u0000"),
        String.raw`"\ud800"`,
        q("data.trace_id"),
      ]);
      const out = members.slice();
      out.splice(r.int(n + 1), 0, { key, value: r.pick(GENERIC_VALUES) });
      return out;
    }
    case "duplicate-key": {
      if (n === 0) return members;
      const source = members[r.int(n)] as Member;
      const value = r.chance(0.5) ? source.value : valuesFor(nameOf(source), r);
      const key = r.chance(0.8) ? source.key : escapedString(nameOf(source), r);
      const out = members.slice();
      out.splice(r.int(n + 1), 0, { key, value });
      return out;
    }
    case "shuffle-keys": {
      const out = members.slice();
      for (let i = out.length - 1; i > 0; i -= 1) {
        const j = r.int(i + 1);
        [out[i], out[j]] = [out[j] as Member, out[i] as Member];
      }
      return out;
    }
    case "escape-key": {
      if (n === 0) return members;
      const i = r.int(n);
      const out = members.slice();
      out[i] = { key: escapedString(nameOf(members[i] as Member), r), value: (members[i] as Member).value };
      return out;
    }
    case "escape-value": {
      const strings = members.flatMap((m, i) => (stringOf(m.value) === undefined ? [] : [i]));
      if (strings.length === 0) return members;
      const i = r.pick(strings);
      const member = members[i] as Member;
      const out = members.slice();
      out[i] = { key: member.key, value: escapedString(stringOf(member.value) as string, r) };
      return out;
    }
    case "set-event":
      return setValue(members, "event", q(r.pick(ENUMS.event as readonly string[])), r);
    case "swap-value": {
      if (n === 0) return members;
      const i = r.int(n);
      const member = members[i] as Member;
      const out = members.slice();
      const value = r.chance(0.5) ? valuesFor(nameOf(member), r) : r.pick(GENERIC_VALUES);
      out[i] = { key: member.key, value };
      return out;
    }
    case "swap-enum": {
      const present = Object.keys(ENUMS).filter((key) => indexOf(members, key) !== -1);
      const key = present.length > 0 && r.chance(0.8) ? r.pick(present) : r.pick(Object.keys(ENUMS));
      const values = ENUMS[key] as readonly string[];
      const value = r.chance(0.5)
        ? q(r.pick(values))
        : r.pick([...enumVariants(r.pick(values)), ...ENUM_NEAR]);
      return setValue(members, key, value, r);
    }
    case "participants":
      return setValue(members, "participants", r.pick(PARTICIPANTS), r);
    case "is-answered":
      return setValue(completedMostly(members, r), "is_answered", r.pick(IS_ANSWERED), r);
    case "ids": {
      const key = r.pick(ID_KEYS);
      const current = parsedValue(members, key);
      // A digit string becomes the bare number most of the time: the wire variant normalize undoes.
      if (typeof current === "string" && /^[0-9]{1,20}$/.test(current) && r.chance(0.6))
        return setValue(members, key, current, r);
      return setValue(members, key, r.pick(ID_NUMBERS), r);
    }
    case "data":
      return mutateData(members, r);
    case "audio-url":
      return setValue(completedMostly(members, r), "audio_url", r.pick(AUDIO_URLS), r);
    case "timestamp":
      return setValue(members, "timestamp", timestampValue(r), r);
    case "timestamp-generated":
      return setValue(members, "timestamp", generatedTimestamp(r), r);
    case "timestamp-epoch": {
      // The line's own instant as epoch seconds or milliseconds (what normalize turns back), or a listed number.
      const current = parsedValue(members, "timestamp");
      const ms = typeof current === "string" ? Date.parse(current) : Number.NaN;
      if (Number.isNaN(ms) || r.chance(0.3)) return setValue(members, "timestamp", r.pick(EPOCH_VALUES), r);
      const value = r.pick([String(ms), String(ms / 1000), String(ms + 0.4), String(Math.floor(ms / 1000))]);
      return setValue(members, "timestamp", value, r);
    }
    default:
      return members;
  }
}

/**
 * The line, made a COMPLETED event most of the time (its READY/JOIN/LEAVE and RINGRESULT attributes gone, the
 * attributes COMPLETED requires added), so the COMPLETED-only attributes are often tried where they belong.
 */
function completedMostly(members: Member[], r: Random): Member[] {
  if (parsedValue(members, "event") === "COMPLETED" || r.chance(0.4)) return members;
  let out = members.filter((m) => !["state", "subject_type", "subject", "subject_user"].includes(nameOf(m)));
  out = setValue(out, "event", q("COMPLETED"), r);
  if (indexOf(out, "hanged_by") === -1) {
    const sip = r.chance(0.5);
    out = setValue(out, "hanged_by", q(sip ? "sip" : "phone"), r);
    if (sip) out = setValue(out, "hanged_user", q("31001"), r);
  }
  if (indexOf(out, "hanged_value") === -1) out = setValue(out, "hanged_value", q("101"), r);
  if (indexOf(out, "is_answered") === -1) out = setValue(out, "is_answered", r.pick(["true", "false"]), r);
  return out;
}

/** Mutates the line's `data`: as a JSON string, ids as numbers, keys added, dropped, duplicated, reordered. */
function mutateData(members: Member[], r: Random, add?: Member): Member[] {
  const at = indexOf(members, "data");
  const raw = at === -1 ? undefined : (members[at] as Member).value;
  const inner = raw === undefined ? [] : membersOf(raw);
  const op = add === undefined ? r.int(9) : -1;
  if (op === 0) {
    // data as a JSON-encoded string: the wire variant normalize decodes.
    return setValue(members, "data", q(raw ?? '{"trace_id":"t-9"}'), r);
  }
  if (op === 1 || inner === undefined) return setValue(members, "data", r.pick(DATA_VALUES), r);
  let out: Member[] = inner.slice();
  const k = out.length;
  switch (op) {
    case -1:
      out = setValue(out, (add as Member).key, (add as Member).value, r);
      break;
    case 2: {
      let changed = false;
      out = out.map((m) => {
        const name = nameOf(m);
        const value = JSON.parse(m.value) as unknown;
        if (
          (DATA_ID_KEYS as readonly string[]).includes(name) &&
          typeof value === "string" &&
          /^\d+$/.test(value)
        ) {
          changed = true;
          return { key: m.key, value };
        }
        return m;
      });
      if (!changed) out = setValue(out, r.pick(DATA_ID_KEYS), r.pick(ID_NUMBERS), r);
      break;
    }
    case 3: {
      const key = r.pick(DATA_KEYS);
      const value =
        key === "callback"
          ? r.pick([CALLBACK, "{}", '"x"', '{"leg_1_phone_number":1}'])
          : r.pick([...ID_STRINGS, ...ID_NUMBERS, ...GENERIC_VALUES]);
      out.splice(r.int(k + 1), 0, { key: q(key), value });
      break;
    }
    case 4:
      if (k > 0) out.splice(r.int(k), 1);
      break;
    case 5:
      if (k > 0) {
        const source = out[r.int(k)] as Member;
        out.splice(r.int(k + 1), 0, {
          key: source.key,
          value: r.chance(0.5) ? source.value : r.pick(ID_STRINGS),
        });
      }
      break;
    case 6:
      out.reverse();
      break;
    case 7:
      if (k > 0) {
        const i = r.int(k);
        const m = out[i] as Member;
        out[i] = r.chance(0.5)
          ? { key: escapedString(nameOf(m), r), value: m.value }
          : {
              key: m.key,
              value:
                stringOf(m.value) === undefined ? m.value : escapedString(stringOf(m.value) as string, r),
            };
      }
      break;
    default:
      if (k > 0) {
        const i = r.int(k);
        out[i] = { key: (out[i] as Member).key, value: r.pick(GENERIC_VALUES) };
      }
  }
  return setValue(members, "data", serialize(out), r);
}

// ---- bytes ----

const JSON_WS = [" ", "\t", "\r", "  ", " \t ", "\r\t"];
const OTHER_WS = ["\f", "\v", "\u00a0", "\u2028", "\ufeff", "\u3000", "\u0085"];
const BAD_UTF8: readonly (readonly number[])[] = [
  [0xff],
  [0xfe],
  [0x80],
  [0xbf],
  [0xc3],
  [0xc3, 0x28],
  [0xe2, 0x82],
  [0xf0, 0x9f, 0x98],
  [0xed, 0xa0, 0x80],
  [0xed, 0xbf, 0xbf],
  [0xf4, 0x90, 0x80, 0x80],
  [0xf5, 0x80, 0x80, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xc0, 0x80],
  [0xe0, 0x80, 0x80],
];

function insert(bytes: Buffer, at: number, piece: Uint8Array): Buffer {
  return Buffer.concat([bytes.subarray(0, at), piece, bytes.subarray(at)]);
}

/** Positions just before or after a structural character outside strings: the gaps between tokens. */
function tokenGaps(bytes: Buffer): number[] {
  const gaps = [0, bytes.length];
  let inString = false;
  for (let i = 0; i < bytes.length; i += 1) {
    const b = bytes[i] as number;
    if (inString) {
      if (b === 0x5c) i += 1;
      else if (b === 0x22) inString = false;
      continue;
    }
    if (b === 0x22) inString = true;
    if (b === 0x7b || b === 0x7d || b === 0x5b || b === 0x5d || b === 0x3a || b === 0x2c) gaps.push(i, i + 1);
  }
  return gaps;
}

function mutateBytes(bytes: Buffer, kind: MutationKind, r: Random): Buffer {
  const n = bytes.length;
  const anywhere = (): number => r.int(n + 1);
  switch (kind) {
    case "whitespace": {
      let out = bytes;
      const times = 1 + r.int(3);
      for (let t = 0; t < times; t += 1) {
        const ws = r.chance(0.85) ? r.pick(JSON_WS) : r.pick(OTHER_WS);
        out = insert(out, r.pick(tokenGaps(out)), Buffer.from(ws, "utf8"));
      }
      return out;
    }
    case "surround": {
      const ws = (): string => (r.chance(0.85) ? r.pick(JSON_WS) : r.pick(OTHER_WS));
      const before = r.chance(0.6) ? ws() : "";
      const after = r.chance(0.6) || before === "" ? ws() : "";
      return Buffer.concat([Buffer.from(before, "utf8"), bytes, Buffer.from(after, "utf8")]);
    }
    case "trailing-cr":
      return Buffer.concat([bytes, Buffer.from(r.chance(0.8) ? "\r" : "\r\r")]);
    case "bom":
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
    case "nul":
      return r.chance(0.5) || n === 0
        ? insert(bytes, anywhere(), Buffer.from([0]))
        : replaceAt(bytes, r.int(n), [0]);
    case "truncate":
      return n === 0 ? bytes : Buffer.from(bytes.subarray(0, r.int(n)));
    case "flip-byte": {
      if (n === 0) return bytes;
      const at = r.int(n);
      const b = bytes[at] as number;
      return replaceAt(bytes, at, [r.chance(0.5) ? b ^ (1 << r.int(8)) : r.int(256)]);
    }
    case "invalid-utf8":
      return insert(bytes, anywhere(), Uint8Array.from(r.pick(BAD_UTF8)));
    case "overlong": {
      // An ASCII byte (often a quote, backslash or colon) written in a longer form the decoder refuses.
      const ascii: number[] = [];
      const structural: number[] = [];
      for (let i = 0; i < n; i += 1) {
        const b = bytes[i] as number;
        if (b < 0x80) ascii.push(i);
        if (b === 0x22 || b === 0x5c || b === 0x3a) structural.push(i);
      }
      if (ascii.length === 0) return insert(bytes, anywhere(), Uint8Array.from([0xc0, 0xa2]));
      const at = structural.length > 0 && r.chance(0.4) ? r.pick(structural) : r.pick(ascii);
      const b = bytes[at] as number;
      const forms = [
        [0xc0 | (b >> 6), 0x80 | (b & 0x3f)],
        [0xe0, 0x80 | (b >> 6), 0x80 | (b & 0x3f)],
        [0xf0, 0x80, 0x80 | (b >> 6), 0x80 | (b & 0x3f)],
      ];
      return replaceAt(bytes, at, r.pick(forms));
    }
    case "raw-control": {
      const controls = [0x01, 0x07, 0x08, 0x09, 0x0b, 0x0c, 0x0d, 0x1b, 0x1f, 0x7f];
      const piece = r.chance(0.8) ? [r.pick(controls)] : [0xc2, 0x80 + r.int(0x20)];
      return insert(bytes, anywhere(), Uint8Array.from(piece));
    }
    case "raw-non-ascii": {
      const piece = Buffer.from(r.pick(["é", "😀", "中", "\u2028", "\ufeff", "\u00a0", "\ufffd"]), "utf8");
      return insert(bytes, anywhere(), piece);
    }
    default:
      return bytes;
  }
}

function replaceAt(bytes: Buffer, at: number, piece: readonly number[]): Buffer {
  return Buffer.concat([bytes.subarray(0, at), Uint8Array.from(piece), bytes.subarray(at + 1)]);
}
