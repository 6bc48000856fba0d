// Validation stage with the bundled schema: valid examples, every rule once, and messages in plain words.
import { readFileSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isRfc3339DateTime } from "../../src/ingest/datetime.js";
import { normalizeEvent } from "../../src/ingest/normalize.js";
import { InputError } from "../../src/ingest/read.js";
import { loadSchemaDocument } from "../../src/ingest/schema-file.js";
import {
  createEventValidator,
  describeErrors,
  preview,
  SchemaError,
  type SchemaIssue,
} from "../../src/ingest/validate.js";

const SCHEMA_PATH = fileURLToPath(new URL("../../schemas/teltel-event.schema.json", import.meta.url));
const schemaDocument = (): Record<string, unknown> => JSON.parse(readFileSync(SCHEMA_PATH, "utf8"));
const validate = createEventValidator(schemaDocument());

type Ev = Record<string, unknown>;

const common: Ev = {
  id: "ev-1",
  timestamp: "2026-03-02T09:15:00Z",
  accountcode: "acc-1",
  session_id: "sess-1",
  call_id: "call-1",
  direction: "outbound",
  type: "standard",
};

/** One valid example per event. */
const VALID: Record<string, Ev> = {
  START: { ...common, event: "START" },
  RING: { ...common, event: "RING", phase: "siptodid", participants: 0 },
  RINGRESULT: { ...common, event: "RINGRESULT", state: "ANSWER", phase: "siptodid", participants: 0 },
  READY: { ...common, event: "READY", subject_type: "phone", subject: "37120000000", participants: 0 },
  JOIN: {
    ...common,
    event: "JOIN",
    subject_type: "sip",
    subject: "101",
    subject_user: "u-7",
    participants: 1,
  },
  LEAVE: { ...common, event: "LEAVE", subject_type: "phone", subject: "37120000000", participants: 2 },
  COMPLETED: {
    ...common,
    event: "COMPLETED",
    hanged_by: "phone",
    hanged_value: "37120000000",
    is_answered: true,
    audio_url: "https://rec.example.com/calls/sess-1.mp3",
  },
};

const EVENTS = ["START", "RING", "RINGRESULT", "READY", "JOIN", "LEAVE", "COMPLETED"] as const;

/** A copy of the valid example with some attributes set (undefined removes one). */
function make(event: string, changes: Ev = {}): Ev {
  const value: Ev = { ...(VALID[event] as Ev), ...changes };
  for (const [key, v] of Object.entries(changes)) if (v === undefined) delete value[key];
  return value;
}

function issuesOf(value: Ev): SchemaIssue[] {
  const result = validate(value);
  return result.ok ? [] : result.issues;
}

const byPointer = (issues: SchemaIssue[]) => [...issues].sort((a, b) => (a.pointer < b.pointer ? -1 : 1));

describe("valid events", () => {
  it.each(EVENTS)("accepts a valid %s and returns it as the event", (name) => {
    const value = make(name);
    const result = validate(value);
    expect(result).toEqual({ ok: true, event: value });
  });

  it("accepts an autodialer call with leg, subtype, campaign and contact", () => {
    expect(
      issuesOf(
        make("RING", {
          type: "autodialer",
          subtype: "predictive",
          leg: "contact",
          data: { campaign_id: "camp-1", contact_id: "cont-1", trace_id: "tr-1" },
        }),
      ),
    ).toEqual([]);
  });

  it("accepts a callback call with leg and data.callback", () => {
    expect(
      issuesOf(
        make("START", {
          type: "callback",
          leg: "operator",
          data: {
            callback: {
              leg_1_phone_number: "37120000000",
              leg_1_caller_id: "37160000000",
              leg_2_phone_number: "101",
              leg_2_caller_id: "37160000001",
            },
          },
        }),
      ),
    ).toEqual([]);
  });

  it("accepts a transfer call and an inbound call", () => {
    expect(issuesOf(make("START", { type: "transfer", direction: "inbound" }))).toEqual([]);
  });

  it.each([
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
  ])("accepts RINGRESULT state %s", (state) => {
    expect(issuesOf(make("RINGRESULT", { state }))).toEqual([]);
  });

  it.each(["predictive", "contact-callflow", "operator-contact"])(
    "accepts autodialer subtype %s",
    (subtype) => {
      expect(issuesOf(make("START", { type: "autodialer", subtype }))).toEqual([]);
    },
  );

  it.each(["localtosip", "localtodid", "siptodid", "didtodid", "didtosip"])("accepts phase %s", (phase) => {
    expect(issuesOf(make("RING", { phase }))).toEqual([]);
  });

  it("accepts a COMPLETED hung up by sip with hanged_user, unanswered and without audio_url", () => {
    expect(
      issuesOf(
        make("COMPLETED", {
          hanged_by: "sip",
          hanged_value: "101",
          hanged_user: "u-7",
          is_answered: false,
          audio_url: undefined,
        }),
      ),
    ).toEqual([]);
  });

  it("accepts timestamps with offsets and fractions", () => {
    expect(issuesOf(make("START", { timestamp: "2026-03-02T11:15:00.250+02:00" }))).toEqual([]);
  });

  it("accepts a call_id-less event and participants 0", () => {
    expect(issuesOf(make("RING", { call_id: undefined, participants: 0 }))).toEqual([]);
  });

  it("allows unknown extra attributes at the top, in data and in data.callback", () => {
    expect(
      issuesOf(
        make("START", {
          vendor_extension: { anything: [1, 2] },
          another: 5,
          data: { custom: "x", trace_id: "t-1" },
        }),
      ),
    ).toEqual([]);
    expect(
      issuesOf(
        make("START", { type: "callback", data: { callback: { leg_3_phone_number: 5, note: null } } }),
      ),
    ).toEqual([]);
  });
});

describe("missing and unknown event names", () => {
  it("reports a missing event attribute", () => {
    expect(issuesOf(make("START", { event: undefined }))).toEqual([
      { code: "missing-event", pointer: "/event", message: 'missing the event name attribute "event"' },
    ]);
  });

  it.each([
    ["HANGUP", '"HANGUP"'],
    ["start", '"start"'],
    [7, "7"],
    [null, "null"],
    [["START"], "an array"],
  ])("reports unknown event %j", (event, shown) => {
    expect(issuesOf(make("START", { event }))).toEqual([
      {
        code: "unknown-event",
        pointer: "/event",
        message: `unknown event ${shown}; expected one of START, RING, RINGRESULT, READY, JOIN, LEAVE, COMPLETED`,
      },
    ]);
  });
});

describe("required attributes", () => {
  // READY and LEAVE examples are phone parties; JOIN as a phone party keeps "subject_type" independent.
  const REQUIRED: [string, string[]][] = [
    ["START", []],
    ["RING", []],
    ["RINGRESULT", ["state"]],
    ["READY", ["subject_type", "subject"]],
    ["LEAVE", ["subject_type", "subject"]],
    ["COMPLETED", ["hanged_by", "hanged_value", "is_answered"]],
  ];
  const GENERAL = ["id", "timestamp", "accountcode", "session_id", "direction", "type"];
  const cases = REQUIRED.flatMap(([event, own]) =>
    [...GENERAL, ...own].map((attr) => [event, attr] as [string, string]),
  );

  it.each(cases)("%s without %s", (event, attr) => {
    expect(issuesOf(make(event, { [attr]: undefined }))).toEqual([
      {
        code: "missing-attribute",
        pointer: `/${attr}`,
        message: `${event} is missing required attribute "${attr}"`,
      },
    ]);
  });

  it.each(["subject_type", "subject"])("JOIN of a phone party without %s", (attr) => {
    const join = make("JOIN", {
      subject_type: "phone",
      subject: "371",
      subject_user: undefined,
      [attr]: undefined,
    });
    expect(issuesOf(join)).toEqual([
      {
        code: "missing-attribute",
        pointer: `/${attr}`,
        message: `JOIN is missing required attribute "${attr}"`,
      },
    ]);
  });

  it("JOIN of a sip party without subject_type also makes its subject_user out of place", () => {
    // Without subject_type the "sip" condition is false, so the else branch forbids subject_user.
    expect(byPointer(issuesOf(make("JOIN", { subject_type: undefined })))).toEqual([
      {
        code: "missing-attribute",
        pointer: "/subject_type",
        message: 'JOIN is missing required attribute "subject_type"',
      },
      {
        code: "not-allowed",
        pointer: "/subject_user",
        message: 'JOIN must not have "subject_user": it appears only when subject_type is "sip"',
      },
    ]);
  });

  it("reports every missing attribute of an empty START", () => {
    expect(byPointer(issuesOf({ event: "START" })).map((i) => i.pointer)).toEqual([
      "/accountcode",
      "/direction",
      "/id",
      "/session_id",
      "/timestamp",
      "/type",
    ]);
  });
});

describe("enumerations", () => {
  const cases: [string, string, unknown, Ev, string][] = [
    ["START", "direction", "sideways", {}, "inbound, outbound"],
    ["START", "type", "fax", {}, "standard, autodialer, callback, transfer"],
    ["START", "subtype", "random", { type: "autodialer" }, "predictive, contact-callflow, operator-contact"],
    ["RING", "phase", "didtolocal", {}, "localtosip, localtodid, siptodid, didtodid, didtosip"],
    ["RING", "leg", "caller", { type: "callback" }, "contact, operator"],
    ["READY", "subject_type", "fax", {}, "phone, sip"],
    ["COMPLETED", "hanged_by", "robot", {}, "phone, sip"],
    [
      "RINGRESULT",
      "state",
      "MAYBE",
      {},
      "ANSWER, BUSY, NOANSWER, CANCEL, CONGESTION, CHANUNAVAIL, DONTCALL, TORTURE, INVALIDARGS, ABORT",
    ],
    [
      "RINGRESULT",
      "state",
      "answer",
      {},
      "ANSWER, BUSY, NOANSWER, CANCEL, CONGESTION, CHANUNAVAIL, DONTCALL, TORTURE, INVALIDARGS, ABORT",
    ],
  ];

  it.each(cases)("%s %s %j", (event, attr, bad, extra, allowed) => {
    expect(issuesOf(make(event, { ...extra, [attr]: bad }))).toEqual([
      {
        code: "bad-value",
        pointer: `/${attr}`,
        message: `${event} "${attr}" must be one of ${allowed}; got ${JSON.stringify(bad)}`,
      },
    ]);
  });
});

describe("attributes that belong to some events only", () => {
  const notAllowed = (event: string, attr: string, rule: string): SchemaIssue => ({
    code: "not-allowed",
    pointer: `/${attr.replace(".", "/")}`,
    message: `${event} must not have "${attr}": it appears ${rule}`,
  });

  it.each(["START", "RING", "READY", "JOIN", "LEAVE", "COMPLETED"])("state in %s", (event) => {
    expect(issuesOf(make(event, { state: "ANSWER" }))).toEqual([
      notAllowed(event, "state", 'only in the event "RINGRESULT"'),
    ]);
  });

  const subjectCases = ["START", "RING", "RINGRESULT", "COMPLETED"].flatMap((event) =>
    ["subject_type", "subject", "subject_user"].map((attr) => [event, attr] as [string, string]),
  );
  it.each(subjectCases)("%s with %s", (event, attr) => {
    expect(issuesOf(make(event, { [attr]: "sip" }))).toEqual([
      notAllowed(event, attr, 'only in the events "READY", "JOIN" and "LEAVE"'),
    ]);
  });

  const completedCases = ["START", "RING", "RINGRESULT", "READY", "JOIN", "LEAVE"].flatMap((event) =>
    ["hanged_by", "hanged_value", "hanged_user", "is_answered", "audio_url"].map(
      (attr) => [event, attr] as [string, string],
    ),
  );
  it.each(completedCases)("%s with %s", (event, attr) => {
    expect(issuesOf(make(event, { [attr]: attr === "is_answered" ? true : "x" }))).toEqual([
      notAllowed(event, attr, 'only in the event "COMPLETED"'),
    ]);
  });

  it.each(["READY", "JOIN", "LEAVE"])("%s of a phone party with subject_user", (event) => {
    expect(issuesOf(make(event, { subject_type: "phone", subject: "371", subject_user: "u-1" }))).toEqual([
      notAllowed(event, "subject_user", 'only when subject_type is "sip"'),
    ]);
  });

  it.each(["READY", "JOIN", "LEAVE"])("%s of a sip party without subject_user", (event) => {
    expect(issuesOf(make(event, { subject_type: "sip", subject: "101", subject_user: undefined }))).toEqual([
      {
        code: "missing-attribute",
        pointer: "/subject_user",
        message: `${event} is missing required attribute "subject_user", which is always present when subject_type is "sip"`,
      },
    ]);
  });

  it("COMPLETED hung up by phone with hanged_user", () => {
    expect(issuesOf(make("COMPLETED", { hanged_user: "u-1" }))).toEqual([
      notAllowed("COMPLETED", "hanged_user", 'only when hanged_by is "sip"'),
    ]);
  });

  it("COMPLETED hung up by sip without hanged_user", () => {
    expect(issuesOf(make("COMPLETED", { hanged_by: "sip", hanged_value: "101" }))).toEqual([
      {
        code: "missing-attribute",
        pointer: "/hanged_user",
        message:
          'COMPLETED is missing required attribute "hanged_user", which is always present when hanged_by is "sip"',
      },
    ]);
  });

  it.each(["standard", "transfer"])("leg in a %s call", (type) => {
    expect(issuesOf(make("RING", { type, leg: "contact" }))).toEqual([
      notAllowed("RING", "leg", 'only in calls of type "callback" or "autodialer"'),
    ]);
  });

  it.each(["autodialer", "callback"])("leg in a %s call is fine", (type) => {
    expect(issuesOf(make("RING", { type, leg: "operator" }))).toEqual([]);
  });

  it.each(["standard", "callback", "transfer"])("subtype in a %s call", (type) => {
    expect(issuesOf(make("START", { type, subtype: "predictive" }))).toEqual([
      notAllowed("START", "subtype", 'only in calls of type "autodialer"'),
    ]);
  });

  it.each(["campaign_id", "contact_id"])("data.%s in a callback call", (key) => {
    expect(issuesOf(make("START", { type: "callback", data: { [key]: "7" } }))).toEqual([
      notAllowed("START", `data.${key}`, 'only in calls of type "autodialer"'),
    ]);
  });

  it.each(["standard", "autodialer", "transfer"])("data.callback in a %s call", (type) => {
    expect(issuesOf(make("START", { type, data: { callback: { leg_1_phone_number: "371" } } }))).toEqual([
      notAllowed("START", "data.callback", 'only in calls of type "callback"'),
    ]);
  });

  it("data.trace_id is fine in any call", () => {
    for (const type of ["standard", "autodialer", "callback", "transfer"]) {
      expect(issuesOf(make("START", { type, data: { trace_id: "t" } }))).toEqual([]);
    }
  });
});

describe("types, ranges and formats", () => {
  it.each([
    [-1, "out-of-range", 'RING "participants" must be >= 0; got -1'],
    [1.5, "wrong-type", 'RING "participants" must be an integer; got 1.5'],
    ["2", "wrong-type", 'RING "participants" must be an integer; got "2"'],
  ])("participants %j", (participants, code, message) => {
    expect(issuesOf(make("RING", { participants }))).toEqual([{ code, pointer: "/participants", message }]);
  });

  it.each(["2026-03-02T09:15:00", "2026-03-02", "yesterday", "2026-02-30T09:15:00Z"])(
    "timestamp %j is not a date-time",
    (timestamp) => {
      expect(issuesOf(make("START", { timestamp }))).toEqual([
        {
          code: "bad-format",
          pointer: "/timestamp",
          message: `START "timestamp" must be an ISO 8601 date-time with time zone in the years 0001 to 9999 (e.g. 2026-03-02T09:15:00Z); got ${JSON.stringify(timestamp)}`,
        },
      ]);
    },
  );

  it("an epoch timestamp that was not normalised is the wrong type", () => {
    expect(issuesOf(make("START", { timestamp: 1772442900 }))).toEqual([
      {
        code: "wrong-type",
        pointer: "/timestamp",
        message: 'START "timestamp" must be a string; got 1772442900',
      },
    ]);
  });

  it.each(["not a url", "/recordings/a.mp3"])("audio_url %j is not an absolute URI", (audio_url) => {
    expect(issuesOf(make("COMPLETED", { audio_url }))).toEqual([
      {
        code: "bad-format",
        pointer: "/audio_url",
        message: `COMPLETED "audio_url" must be an absolute URI; got ${JSON.stringify(audio_url)}`,
      },
    ]);
  });

  it('is_answered "yes" is the wrong type', () => {
    expect(issuesOf(make("COMPLETED", { is_answered: "yes" }))).toEqual([
      {
        code: "wrong-type",
        pointer: "/is_answered",
        message: 'COMPLETED "is_answered" must be a boolean; got "yes"',
      },
    ]);
  });

  it("an empty identifier and a numeric identifier", () => {
    expect(byPointer(issuesOf(make("START", { id: "", session_id: 5 })))).toEqual([
      { code: "bad-value", pointer: "/id", message: 'START "id" must not be empty' },
      { code: "wrong-type", pointer: "/session_id", message: 'START "session_id" must be a string; got 5' },
    ]);
  });

  it("data that is not an object", () => {
    expect(issuesOf(make("START", { data: "x" }))).toEqual([
      { code: "wrong-type", pointer: "/data", message: 'START "data" must be an object; got "x"' },
    ]);
  });

  it("a nested data.callback value of the wrong type", () => {
    expect(issuesOf(make("START", { type: "callback", data: { callback: { leg_2_caller_id: 1 } } }))).toEqual(
      [
        {
          code: "wrong-type",
          pointer: "/data/callback/leg_2_caller_id",
          message: 'START "data.callback.leg_2_caller_id" must be a string; got 1',
        },
      ],
    );
  });
});

describe("several problems at once", () => {
  it("a RING with four problems gets exactly those four, without oneOf noise", () => {
    const ring = make("RING", { accountcode: undefined, direction: "up", state: "ANSWER", participants: -2 });
    expect(byPointer(issuesOf(ring))).toEqual([
      {
        code: "missing-attribute",
        pointer: "/accountcode",
        message: 'RING is missing required attribute "accountcode"',
      },
      {
        code: "bad-value",
        pointer: "/direction",
        message: 'RING "direction" must be one of inbound, outbound; got "up"',
      },
      { code: "out-of-range", pointer: "/participants", message: 'RING "participants" must be >= 0; got -2' },
      {
        code: "not-allowed",
        pointer: "/state",
        message: 'RING must not have "state": it appears only in the event "RINGRESULT"',
      },
    ]);
  });

  it("a COMPLETED with three problems", () => {
    const completed = make("COMPLETED", { hanged_by: "sip", is_answered: 2, audio_url: "nope" });
    expect(byPointer(issuesOf(completed)).map((i) => [i.code, i.pointer])).toEqual([
      ["bad-format", "/audio_url"],
      ["missing-attribute", "/hanged_user"],
      ["wrong-type", "/is_answered"],
    ]);
  });
});

describe("messages", () => {
  it("shortens long values to 60 characters", () => {
    const long = "x".repeat(100);
    expect(preview(long)).toBe(`"${"x".repeat(56)}...`);
    expect(preview(long)).toHaveLength(60);
    expect(preview(undefined)).toBe("nothing");
    expect(preview({ a: 1 })).toBe("an object");
    expect(preview([1])).toBe("an array");
  });

  it("describes an error it has no words for as a schema violation", () => {
    expect(
      describeErrors("START", [
        { keyword: "oneOf", instancePath: "", schemaPath: "#/oneOf", params: { passingSchemas: null } },
      ]),
    ).toEqual([{ code: "schema-violation", pointer: "", message: "START does not match the schema" }]);
  });

  it("keeps one issue per pointer and message", () => {
    const error = {
      keyword: "type",
      instancePath: "/id",
      schemaPath: "#/type",
      params: { type: "string" },
      data: 5,
    };
    expect(describeErrors("START", [error, { ...error }])).toEqual([
      { code: "wrong-type", pointer: "/id", message: 'START "id" must be a string; got 5' },
    ]);
  });
});

describe("custom schema directories", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "teltel-schema-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("compiles an unchanged copy of the bundled schema", async () => {
    const copy = join(dir, "copy");
    await mkdir(copy);
    await copyFile(SCHEMA_PATH, join(copy, "teltel-event.schema.json"));
    const custom = createEventValidator(await loadSchemaDocument(copy));
    for (const name of EVENTS) expect(custom(make(name)).ok).toBe(true);
    expect(custom(make("RING", { state: "ANSWER" })).ok).toBe(false);
  });

  it("uses the rules of a modified copy", async () => {
    const doc = schemaDocument() as { $defs: { RINGRESULT: { properties: { state: { enum: string[] } } } } };
    doc.$defs.RINGRESULT.properties.state.enum.push("VOICEMAIL");
    const modified = join(dir, "modified");
    await mkdir(modified);
    await writeFile(join(modified, "teltel-event.schema.json"), JSON.stringify(doc));
    const custom = createEventValidator(await loadSchemaDocument(modified));
    expect(custom(make("RINGRESULT", { state: "VOICEMAIL" })).ok).toBe(true);
    expect(validate(make("RINGRESULT", { state: "VOICEMAIL" })).ok).toBe(false);
  });

  it("reports a directory without the schema as an InputError", async () => {
    await expect(loadSchemaDocument(join(dir, "nowhere"))).rejects.toBeInstanceOf(InputError);
  });

  it.each([
    ["an invalid type keyword", { type: "object", properties: { x: { type: "nonsense" } } }],
    ["an unknown keyword (strict mode)", { type: "object", foo: 1 }],
    ["an unresolvable reference", { $ref: "#/$defs/missing" }],
  ])("throws SchemaError for %s", (_name, doc) => {
    expect(() => createEventValidator(doc)).toThrow(SchemaError);
    expect(() => createEventValidator(doc)).toThrow(/^the event schema does not compile: /);
  });
});

describe("isRfc3339DateTime", () => {
  it.each([
    ["2026-03-02T09:15:00Z", true],
    ["2026-03-02T09:15:00.123Z", true],
    ["2026-03-02t09:15:00z", true],
    ["2026-03-02T09:15:00+02:00", true],
    ["2024-02-29T09:15:00Z", true],
    ["2026-02-29T09:15:00Z", false],
    ["2026-04-31T00:00:00Z", false],
    ["2026-03-02 09:15:00Z", false],
    ["2026-03-02T24:00:00Z", false],
    ["2026-03-02T23:59:60Z", false],
    ["2026-03-02T09:15:00", false],
    ["2026-03-02T09:15:00.Z", false],
    ["2026-03-02T09:15:00+0200", false],
  ])("%s -> %s", (text, expected) => {
    expect(isRfc3339DateTime(text)).toBe(expected);
  });

  it.each([
    ["0000-06-15T12:00:00Z", false],
    ["0001-01-01T00:00:00Z", true],
    ["0999-06-15T12:00:00.5Z", true],
    ["9999-12-31T23:59:59.999Z", true],
    // The offset makes these the year 0000 and the year 10000 in UTC.
    ["0001-01-01T00:30:00+01:00", false],
    ["0001-01-01T01:00:00+01:00", true],
    ["9999-12-31T23:30:00-01:00", false],
    ["9999-12-31T22:59:59.999-01:00", true],
  ])("the years 0001-9999 only: %s -> %s", (text, expected) => {
    expect(isRfc3339DateTime(text)).toBe(expected);
  });

  it("a timestamp outside the years 0001-9999, written or as an epoch number, is bad-format", () => {
    const issue = (timestamp: unknown) => issuesOf(normalizeEvent(make("START", { timestamp })));
    expect(issue("0000-12-31T23:59:59Z").map((i) => [i.code, i.pointer])).toEqual([
      ["bad-format", "/timestamp"],
    ]);
    // -62135596801 s is 0000-12-31T23:59:59Z; 253402300800000 ms is 10000-01-01T00:00:00Z; 1e20 ms is no Date.
    expect(issue(-62_135_596_801)).toEqual([
      {
        code: "bad-format",
        pointer: "/timestamp",
        message:
          'START "timestamp" must be a date-time in the years 0001 to 9999 (or epoch seconds or milliseconds within them); got -62135596801, epoch seconds in the year 0',
      },
    ]);
    expect(issue(253_402_300_800_000)[0]?.message).toMatch(
      /got 253402300800000, epoch milliseconds in the year 10000$/,
    );
    expect(issue(1e20)[0]).toMatchObject({
      code: "bad-format",
      message: expect.stringMatching(/got 100000000000000000000, no date at all$/),
    });
    // The first and last instants of the range stay valid.
    expect(issue(-62_135_596_800)).toEqual([]);
    expect(issue(253_402_300_799_999)).toEqual([]);
  });

  it("rejects a leap second as bad-format, since Date.parse cannot place it", () => {
    const issues = issuesOf(make("START", { timestamp: "2026-03-02T23:59:60Z" }));
    expect(issues.map((i) => [i.code, i.pointer])).toEqual([["bad-format", "/timestamp"]]);
  });
});

describe("a custom schema with unevaluatedProperties", () => {
  // The bundled schema does not use the unevaluated* keywords, so ajv's tracking of evaluated properties is
  // switched off for it; a user's copy that does use them must still be honoured.
  it("rejects an attribute no subschema evaluated, and still accepts the known ones", () => {
    const doc = schemaDocument();
    const defs = doc.$defs as Record<string, Record<string, unknown>>;
    defs.RING = { ...defs.RING, unevaluatedProperties: false };
    const strict = createEventValidator(doc);
    expect(strict(structuredClone(VALID.RING as Ev)).ok).toBe(true);
    const extra = strict({ ...structuredClone(VALID.RING as Ev), note: "x" });
    expect(extra.ok).toBe(false);
    // The bundled schema allows unknown extra attributes.
    expect(validate({ ...structuredClone(VALID.RING as Ev), note: "x" }).ok).toBe(true);
  });
});
