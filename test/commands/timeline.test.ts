// The timeline command in-process: the view of one session (ladder, ring attempts, talk, findings), its text
// rendering line by line, terminal safety, and the CLI wiring (not found = exit 1). Expected values were
// worked out by hand from the sample lines.
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { type CliIO, main } from "../../src/cli.js";
import { type TimelineOptions, type TimelineView, timelineOf } from "../../src/commands/timeline.js";
import { type InputSource, inputSources } from "../../src/ingest/read.js";
import { loadSchemaDocument } from "../../src/ingest/schema-file.js";
import { DEFAULT_SESSIONIZE_OPTIONS } from "../../src/ingest/sessionize.js";
import { createEventValidator, type EventValidator } from "../../src/ingest/validate.js";
import { offset, renderTimelineText } from "../../src/render/timeline-text.js";

const sample = (name: string) => fileURLToPath(new URL(`../../samples/${name}`, import.meta.url));
const INBOUND = sample("inbound-parallel.ndjson");
const LATE = sample("late-and-duplicates.ndjson");

let validator: EventValidator;
beforeAll(async () => {
  validator = createEventValidator(await loadSchemaDocument());
});

function options(sessionId: string): TimelineOptions {
  return {
    validator,
    maxLineBytes: 1 << 20,
    sessionize: DEFAULT_SESSIONIZE_OPTIONS,
    lifecycle: { maxCallMs: 86_400_000 },
    sessionId,
  };
}

const files = (...paths: string[]) => inputSources(paths, Readable.from([]));
const text = (name: string, body: string): InputSource => ({
  name,
  open: () => Readable.from([Buffer.from(body)]),
});

async function view(sessionId: string, inputs: InputSource[]): Promise<TimelineView> {
  const found = await timelineOf(inputs, options(sessionId));
  expect(found).not.toBeNull();
  return found as TimelineView;
}

describe("the view of s-0302-0900-01 (inbound-parallel.ndjson lines 1-11, 21-23)", () => {
  let v: TimelineView;
  beforeAll(async () => {
    v = await view("s-0302-0900-01", files(INBOUND));
  });

  it("has the export row of the call and offsets from START", () => {
    expect(v.timelineVersion).toBe(1);
    expect(v.origin).toBe("START");
    expect(v.call).toMatchObject({ session_id: "s-0302-0900-01", duration_s: 206, talk_s: 195 });
  });

  it("lists the 14 events in order with their offsets and lines", () => {
    expect(v.steps.map((s) => [s.offsetS, s.event, s.line])).toEqual([
      [0, "START", 1],
      [1, "READY", 2],
      [2, "RING", 3],
      [2, "RING", 4],
      [2, "RING", 5],
      [9, "RINGRESULT", 6],
      [9, "RINGRESULT", 7],
      [9, "RINGRESULT", 8],
      [10, "READY", 9],
      [10, "JOIN", 10],
      [10, "JOIN", 11],
      [205, "LEAVE", 21],
      [205, "LEAVE", 22],
      [206, "COMPLETED", 23],
    ]);
  });

  it("pairs each RING with its RINGRESULT by call_id and names the party that answered", () => {
    expect(v.ringAttempts).toEqual([
      {
        attempt: 1,
        callId: "c-0302-0900-01-101",
        ringOffsetS: 2,
        resultOffsetS: 9,
        state: "CANCEL",
        ringingS: 7,
      },
      {
        attempt: 2,
        callId: "c-0302-0900-01-102",
        party: { type: "sip", subject: "102", user: "31002" }, // READY/JOIN with that call_id
        ringOffsetS: 2,
        resultOffsetS: 9,
        state: "ANSWER",
        ringingS: 7,
      },
      {
        attempt: 3,
        callId: "c-0302-0900-01-103",
        ringOffsetS: 2,
        resultOffsetS: 9,
        state: "CANCEL",
        ringingS: 7,
      },
    ]);
    // The ANSWER (line 6) is the result of the second RING (line 4).
    expect(v.steps.find((s) => s.line === 6)).toMatchObject({ attempt: 2, state: "ANSWER" });
  });

  it("marks the talk window: the second JOIN to the first LEAVE", () => {
    expect(v.talk).toEqual({
      fromOffsetS: 10,
      toOffsetS: 205,
      seconds: 195,
      parties: [
        { type: "phone", subject: "+37120000001" },
        { type: "sip", subject: "102", user: "31002" },
      ],
    });
    expect(v.steps.filter((s) => s.talk !== undefined).map((s) => [s.line, s.talk])).toEqual([
      [11, "starts"],
      [21, "ends"],
    ]);
  });

  it("names who hung up on COMPLETED, and has no findings", () => {
    expect(v.steps[13]?.party).toEqual({ type: "phone", subject: "+37120000001" });
    expect(v.findings).toEqual([]);
    expect(v.inputProblems).toEqual([]);
  });

  it("renders as a ladder, line by line", () => {
    expect(renderTimelineText(v, { color: false }).split("\n")).toEqual([
      "Session s-0302-0900-01: inbound standard call, account 10452, complete",
      "Started 2026-03-02T09:00:00.000Z, ended 2026-03-02T09:03:26.000Z (206 s)",
      "is_answered true; final state ANSWER",
      "Recording: https://records.teltel.io/10452/s-0302-0900-01.mp3",
      "",
      "  offset  event       party                 details",
      "   +0:00  START       -                     phase didtosip",
      "   +0:01  READY       phone +37120000001",
      "   +0:02  RING        sip ?                 #1, call c-0302-0900-01-101",
      "   +0:02  RING        sip 102 (user 31002)  #2, call c-0302-0900-01-102",
      "   +0:02  RING        sip ?                 #3, call c-0302-0900-01-103",
      "   +0:09  RINGRESULT  sip 102 (user 31002)  #2, ANSWER after 7 s",
      "   +0:09  RINGRESULT  sip ?                 #1, CANCEL after 7 s",
      "   +0:09  RINGRESULT  sip ?                 #3, CANCEL after 7 s",
      "   +0:10  READY       sip 102 (user 31002)",
      "   +0:10  JOIN        phone +37120000001    participants 1",
      "   +0:10  JOIN        sip 102 (user 31002)  participants 2, talk starts",
      "   +3:25  LEAVE       phone +37120000001    participants 1, talk ends",
      "   +3:25  LEAVE       sip 102 (user 31002)  participants 0",
      "   +3:26  COMPLETED   phone +37120000001    hung up",
      "",
      "Ring attempts: 3",
      "  #1  +0:02 -> +0:09  7 s  CANCEL  call c-0302-0900-01-101",
      "  #2  +0:02 -> +0:09  7 s  ANSWER  sip 102 (user 31002)  call c-0302-0900-01-102",
      "  #3  +0:02 -> +0:09  7 s  CANCEL  call c-0302-0900-01-103",
      "Talk: +0:10 -> +3:25, 195 s, phone +37120000001 with sip 102 (user 31002)",
      "Hung up by: phone +37120000001",
      "Findings: none",
      "",
    ]);
  });
});

describe("other sessions", () => {
  it("an incomplete session without START: offsets from the first event, findings sorted by line", async () => {
    const cancelled = sample("cancelled-and-unanswered.ndjson");
    const v = await view("s-0302-1355-00", files(cancelled));
    expect(v.origin).toBe("first event");
    expect(v.steps.map((s) => s.offsetS)).toEqual([0, 0, 1]);
    expect(v.talk).toBeNull();
    expect(v.findings.map((f) => [f.line, f.code])).toEqual([
      [1, "leave-without-join"],
      [1, "start-missing"],
      [2, "leave-without-join"],
      [3, "answered-without-answer"],
    ]);
    const lines = renderTimelineText(v, { color: false }).split("\n");
    expect(lines[1]).toBe(
      "Started unknown (no START; offsets are from the first event), ended 2026-03-02T14:00:03.000Z",
    );
    expect(lines).toContain("Findings: 4");
    expect(lines).toContain(`  ${cancelled}:1  error  start-missing  session s-0302-1355-00 has no START`);
  });

  it("still talking at the end of the dump: the talk window has no end", async () => {
    const v = await view("s-0302-1405-05", files(sample("cancelled-and-unanswered.ndjson")));
    expect(v.talk).toMatchObject({ fromOffsetS: 6, toOffsetS: null, seconds: null });
    const lines = renderTimelineText(v, { color: false }).split("\n");
    expect(lines).toContain(
      "Talk: +0:06 -> ?, still talking at the end, phone +37120000055 with sip 102 (user 31002)",
    );
    expect(lines).toContain("Hung up by: unknown (no COMPLETED)");
  });

  it("lists the line problems that name the session: a conflicting duplicate and a late retry", async () => {
    const v = await view("s-0303-0901-02", files(LATE));
    expect(v.inputProblems.map((p) => [p.line, p.code])).toEqual([
      [24, "conflicting-duplicate"],
      [64, "late-event"],
    ]);
    expect(renderTimelineText(v, { color: false })).toContain("\nInput problems: 2\n");
  });

  it("returns null for a session id that no event has", async () => {
    expect(await timelineOf(files(INBOUND), options("s-nope"))).toBeNull();
  });
});

describe("terminal safety and colour", () => {
  const hostile = [
    '{"event":"START","id":"1","timestamp":"2026-03-02T09:00:00Z","accountcode":"a\\u001b[2J","session_id":"x","direction":"inbound","type":"standard"}',
    '{"event":"READY","id":"2","timestamp":"2026-03-02T09:00:01Z","accountcode":"a\\u001b[2J","session_id":"x","direction":"inbound","type":"standard","subject_type":"phone","subject":"+1\\u202e\\u0007"}',
  ].join("\n");

  it("escapes control characters of event values; colour only when asked", async () => {
    const v = await view("x", [text("h.ndjson", hostile)]);
    const plain = renderTimelineText(v, { color: false });
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for raw control characters is the point.
    expect(plain).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f\u202e]/);
    expect(plain).toContain("account a\\x1b[2J");
    expect(plain).toContain("phone +1\\u202e\\x07");
    const coloured = renderTimelineText(v, { color: true });
    expect(coloured).toContain("\u001b[1m");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping the colour escapes.
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, "")).toBe(plain);
  });

  it("formats offsets as +m:ss, +h:mm:ss past an hour, with milliseconds only when present", () => {
    expect([offset(0), offset(9), offset(205), offset(3725.5), offset(-2)]).toEqual([
      "+0:00",
      "+0:09",
      "+3:25",
      "+1:02:05.500",
      "-0:02",
    ]);
  });
});

function fake(): { io: CliIO; out: () => string; err: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    stdout: { write: (t: string) => out.push(t), isTTY: false },
    stderr: { write: (t: string) => err.push(t) },
    stdin: Object.assign(Readable.from([]), { isTTY: true }),
    env: {},
    writeFile: async () => {},
  };
  return { io, out: () => out.join(""), err: () => err.join("") };
}

describe("timeline on the command line (in-process)", () => {
  it("prints the ladder, exit 0", async () => {
    const f = fake();
    expect(await main(["timeline", "s-0302-0900-01", INBOUND], f.io)).toBe(0);
    expect(f.out()).toBe(renderTimelineText(await view("s-0302-0900-01", files(INBOUND)), { color: false }));
    expect(f.err()).toBe("");
  });

  it("--format json prints the view as data", async () => {
    const f = fake();
    expect(await main(["timeline", "s-0302-0900-01", "--format", "json", INBOUND], f.io)).toBe(0);
    expect(JSON.parse(f.out())).toEqual(
      JSON.parse(JSON.stringify(await view("s-0302-0900-01", files(INBOUND)))),
    );
  });

  it("a session that is not in the input: one sentence on stderr, exit 1, nothing on stdout", async () => {
    const f = fake();
    expect(await main(["timeline", "s-nope", INBOUND, LATE], f.io)).toBe(1);
    expect(f.err()).toBe('teltel-events: no session "s-nope" in the input.\n');
    expect(f.out()).toBe("");
  });

  it("a file where the session id goes (the id forgotten): says the id comes first, with the usage line", async () => {
    const usage = "(usage: teltel-events timeline [options] <session_id> [files...])";
    const f = fake();
    expect(await main(["timeline", INBOUND], f.io)).toBe(2);
    expect(f.err()).toBe(
      `teltel-events: "${INBOUND}" is a file, but the first argument is the session id, then the files ${usage}.\n`,
    );
    // The same with stdin piped (a script): the file is not taken for an id and stdin is not read.
    const piped = fake();
    piped.io.stdin = Object.assign(Readable.from([Buffer.from("{}\n")]), { isTTY: false });
    expect(await main(["timeline", INBOUND], piped.io)).toBe(2);
    expect(piped.err()).toBe(f.err());
    // An id and no file on a terminal.
    const none = fake();
    expect(await main(["timeline", "s-0302-0900-01"], none.io)).toBe(2);
    expect(none.err()).toBe(
      `teltel-events: no input: the first argument is the session id, then the files or - for stdin ${usage}.\n`,
    );
    expect(f.out() + piped.out() + none.out()).toBe("");
    const help = fake();
    expect(await main(["timeline", "--help"], help.io)).toBe(0);
    expect(help.out()).toMatch(/session_id +the session_id of the call; it comes before the\s+files\n/);
  });

  it("no session id, or an unknown format, is a usage error (exit 2)", async () => {
    for (const argv of [["timeline"], ["timeline", "s-0302-0900-01", "-f", "csv", INBOUND]]) {
      const f = fake();
      expect(await main(argv, f.io)).toBe(2);
      expect(f.err()).toMatch(/^teltel-events: [^\n]+\n$/);
    }
  });
});
