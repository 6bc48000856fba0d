// The export command in-process: CSV/JSON/NDJSON rows per session, quoting, row order, streaming to the sink,
// and its CLI wiring (formats, -o, errors). Expected rows were worked out by hand from samples/ (see
// test/callrecord.test.ts for the cell-by-cell reasoning).
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type { CallRecord } from "../../src/call/record.js";
import { type CliIO, main, type OutputFile } from "../../src/cli.js";
import { type ExportOptions, exportCalls } from "../../src/commands/export.js";
import { type InputSource, inputSources } from "../../src/ingest/read.js";
import { loadSchemaDocument } from "../../src/ingest/schema-file.js";
import { DEFAULT_SESSIONIZE_OPTIONS } from "../../src/ingest/sessionize.js";
import { createEventValidator, type EventValidator } from "../../src/ingest/validate.js";
import type { ExportFormat } from "../../src/render/export.js";

const sample = (name: string) => fileURLToPath(new URL(`../../samples/${name}`, import.meta.url));
const INBOUND = sample("inbound-parallel.ndjson");

let validator: EventValidator;
beforeAll(async () => {
  validator = createEventValidator(await loadSchemaDocument());
});

function options(format: ExportFormat, extra: Partial<ExportOptions> = {}): ExportOptions {
  return {
    validator,
    maxLineBytes: 1 << 20,
    sessionize: DEFAULT_SESSIONIZE_OPTIONS,
    lifecycle: { maxCallMs: 86_400_000 },
    format,
    ...extra,
  };
}

/** Runs an export and returns everything written, and the chunks as they came. */
async function run(inputs: InputSource[], opts: ExportOptions) {
  const chunks: string[] = [];
  const summary = await exportCalls(inputs, opts, (chunk) => chunks.push(chunk));
  return { text: chunks.join(""), chunks, summary };
}

const files = (...paths: string[]) => inputSources(paths, Readable.from([]));
const text = (name: string, body: string): InputSource => ({
  name,
  open: () => Readable.from([Buffer.from(body)]),
});

const ev = (fields: Record<string, unknown>) =>
  JSON.stringify({ accountcode: "10452", direction: "inbound", type: "standard", ...fields });

const HEADER =
  "session_id,status,accountcode,direction,type,subtype,started_at,ended_at,duration_s,ring_attempts," +
  "first_ring_at,answered_at,time_to_answer_s,talk_s,final_state,answered,hanged_by,hanged_value," +
  "hanged_user,operator,campaign_id,contact_id,trace_id,audio_url,anomalies,ring_states,wait_s,closed";

describe("export --format csv", () => {
  it("writes the header and one row per session of inbound-parallel.ndjson, cell by cell", async () => {
    const { text: csv, summary } = await run(files(INBOUND), options("csv"));
    const rec = (id: string) => `https://records.teltel.io/10452/${id}.mp3`;
    expect(csv.split("\n")).toEqual([
      HEADER,
      // COMPLETED 09:03:26 + 300 s lateness is passed by the last line (09:09:13): finalised first; the
      // others are still open at the end of the input and follow in the order they first appeared.
      `s-0302-0900-01,complete,10452,inbound,standard,,2026-03-02T09:00:00.000Z,2026-03-02T09:03:26.000Z,206,3,2026-03-02T09:00:02.000Z,2026-03-02T09:00:09.000Z,9,195,ANSWER,true,phone,+37120000001,,31002,,,,${rec("s-0302-0900-01")},,ANSWER;CANCEL;CANCEL,9,`, // wait_s: time to answer 9 s
      `s-0302-0902-02,complete,10452,inbound,standard,,2026-03-02T09:02:40.000Z,2026-03-02T09:06:03.000Z,203,2,2026-03-02T09:02:41.000Z,2026-03-02T09:02:47.000Z,7,194,ANSWER,true,sip,101,31001,31001,,,,${rec("s-0302-0902-02")},,CANCEL;ANSWER,7,`,
      "s-0302-0904-03,complete,10452,inbound,standard,,2026-03-02T09:04:10.000Z,2026-03-02T09:04:55.000Z,45,3,2026-03-02T09:04:11.000Z,,,,NOANSWER,false,phone,+37120000003,,,,,,,,NOANSWER;NOANSWER;NOANSWER,45,", // the caller hung up: wait_s = duration
      `s-0302-0907-04,complete,10452,inbound,standard,,2026-03-02T09:07:30.000Z,2026-03-02T09:09:13.000Z,103,2,2026-03-02T09:07:31.000Z,2026-03-02T09:07:38.000Z,8,93,ANSWER,true,sip,102,31002,31002,,,,${rec("s-0302-0907-04")},,BUSY;ANSWER,8,`,
      "",
    ]);
    expect(summary).toMatchObject({ rows: 4, complete: 4, incomplete: 0 });
    expect(summary.input.lines).toBe(47);
  });

  it("joins anomaly codes with ';' and leaves unknown values empty (cancelled-and-unanswered.ndjson)", async () => {
    const { text: csv, summary } = await run(
      files(sample("cancelled-and-unanswered.ndjson")),
      options("csv"),
    );
    const rows = csv.trimEnd().split("\n");
    expect(rows).toHaveLength(7);
    expect(rows).toContain(
      "s-0302-1355-00,incomplete,10452,inbound,standard,,,2026-03-02T14:00:03.000Z,,0,,,,,none,true,sip,105,31005,,,,,https://records.teltel.io/10452/s-0302-1355-00.mp3,answered-without-answer;leave-without-join;start-missing,,,",
    );
    expect(rows).toContain(
      "s-0302-1405-05,incomplete,10452,inbound,standard,,2026-03-02T14:05:00.000Z,,,1,2026-03-02T14:05:01.000Z,2026-03-02T14:05:05.000Z,5,,ANSWER,,,,,31002,,,,,incomplete-session,ANSWER,,",
    );
    expect(summary).toMatchObject({ rows: 6, complete: 4, incomplete: 2 });
  });

  it("quotes commas, quotes and line breaks as csv-stringify does, so each record stays one row", async () => {
    const body = [
      ev({ event: "START", id: "1", timestamp: "2026-03-02T09:00:00Z", session_id: 's,"1"' }),
      ev({
        event: "COMPLETED",
        id: "2",
        timestamp: "2026-03-02T09:00:05Z",
        session_id: 's,"1"',
        hanged_by: "phone",
        hanged_value: "+1\n=2\r3",
        is_answered: false,
      }),
    ].join("\n");
    const { text: csv } = await run([text("q.ndjson", body)], options("csv"));
    expect(csv).toBe(
      `${HEADER}\n"s,""1""",complete,10452,inbound,standard,,2026-03-02T09:00:00.000Z,2026-03-02T09:00:05.000Z,5,0,,,,,none,false,phone,"+1\n=2\r3",,,,,,,,,5,\n`,
    );
  });

  it("--excel-safe (render.excelSafe) guards text cells that start a formula, not numbers or the header", async () => {
    const { text: csv } = await run(files(INBOUND), options("csv", { render: { excelSafe: true } }));
    const [header, first] = csv.split("\n");
    expect(header).toBe(HEADER);
    expect(first).toBe(
      "s-0302-0900-01,complete,10452,inbound,standard,,2026-03-02T09:00:00.000Z,2026-03-02T09:03:26.000Z,206,3,2026-03-02T09:00:02.000Z,2026-03-02T09:00:09.000Z,9,195,ANSWER,true,phone,'+37120000001,,31002,,,,https://records.teltel.io/10452/s-0302-0900-01.mp3,,ANSWER;CANCEL;CANCEL,9,",
    );
  });

  it("on a terminal (render.terminal) control characters in values are shown escaped", async () => {
    const body = [
      ev({ event: "START", id: "1", timestamp: "2026-03-02T09:00:00Z", session_id: "t\u001b[2J" }),
      ev({
        event: "COMPLETED",
        id: "2",
        timestamp: "2026-03-02T09:00:05Z",
        session_id: "t\u001b[2J",
        hanged_by: "phone",
        hanged_value: "+1\u202e",
        is_answered: false,
      }),
    ].join("\n");
    const { text: csv } = await run([text("t.ndjson", body)], options("csv", { render: { terminal: true } }));
    expect(csv.split("\n")[1]?.startsWith("t\\x1b[2J,complete,")).toBe(true);
    expect(csv).toContain(",phone,+1\\u202e,");
    const { text: raw } = await run([text("t.ndjson", body)], options("csv"));
    expect(raw.split("\n")[1]?.startsWith("t\u001b[2J,complete,")).toBe(true);
    // JSON rows carry such characters as \u escapes (the same value for a JSON reader).
    const { text: nd } = await run([text("t.ndjson", body)], options("ndjson"));
    expect(nd).toContain('"hanged_value":"+1\\u202e"');
    expect((JSON.parse(nd) as CallRecord).hanged_value).toBe("+1\u202e");
  });

  it("rows come in finalisation order, not input order", async () => {
    const line = (sid: string, event: string, t: string, extra: Record<string, unknown> = {}) =>
      ev({ event, id: `${sid}-${event}`, timestamp: `2026-03-02T${t}Z`, session_id: sid, ...extra });
    const end = { hanged_by: "phone", hanged_value: "+1", is_answered: false };
    const body = [
      line("B", "START", "09:00:00"),
      line("A", "START", "09:00:01"),
      line("A", "COMPLETED", "09:00:05", end),
      // 15 min past A's COMPLETED: a jump, believed once three event ids of two sessions within 5 min
      // (--lateness) agree on it, here at C's COMPLETED: A is finalised then.
      line("C", "START", "09:20:00"),
      line("B", "COMPLETED", "09:20:30", end),
      line("C", "COMPLETED", "09:21:00", end), // B and C are still open at the end: first-seen order
    ].join("\n");
    const { text: csv } = await run([text("o.ndjson", body)], options("csv"));
    expect(
      csv
        .trimEnd()
        .split("\n")
        .slice(1)
        .map((row) => row.split(",")[0]),
    ).toEqual(["A", "B", "C"]);
  });

  it("an input without events gives the header only", async () => {
    const { text: csv, summary } = await run([text("e.ndjson", "\n[1]\n")], options("csv"));
    expect(csv).toBe(`${HEADER}\n`);
    expect(summary.rows).toBe(0);
    expect(summary.input).toMatchObject({ lines: 2, blank: 1, invalid: 1 });
  });
});

describe("export --format json and ndjson", () => {
  it("json is one array of the records; ndjson one record a line; both as many as there are sessions", async () => {
    const json = JSON.parse(
      (await run(files(sample("mixed-day.ndjson")), options("json"))).text,
    ) as CallRecord[];
    const nd = (await run(files(sample("mixed-day.ndjson")), options("ndjson"))).text;
    const lines = nd.trimEnd().split("\n");
    expect(json).toHaveLength(38); // samples/README.md: 38 sessions
    expect(lines).toHaveLength(38);
    expect(lines.map((l) => JSON.parse(l))).toEqual(json);
    expect(json.filter((r) => r.status === "incomplete").map((r) => r.session_id)).toHaveLength(1);
    expect(new Set(json.map((r) => r.session_id)).size).toBe(38);
  });

  it("json keeps nulls, booleans, numbers and the anomalies array", async () => {
    const [first] = JSON.parse((await run(files(INBOUND), options("json"))).text) as CallRecord[];
    expect(first).toMatchObject({ subtype: null, answered: true, duration_s: 206, anomalies: [] });
  });

  it("an empty input is an empty array, or nothing at all as ndjson", async () => {
    expect((await run([text("e", "")], options("json"))).text).toBe("[]\n");
    expect((await run([text("e", "")], options("ndjson"))).chunks).toEqual([]);
  });
});

describe("streaming", () => {
  it("hands rows to the sink in chunks while the input is still being read", async () => {
    const sessions = 2000;
    let produced = 0;
    let producedAtFirstWrite = -1;
    async function* lines() {
      for (let i = 0; i < sessions; i += 1) {
        const t = (s: number) => new Date(Date.UTC(2026, 2, 2, 9) + i * 60_000 + s * 1000).toISOString();
        const sid = `s-${i}`;
        const end = { hanged_by: "phone", hanged_value: "+1", is_answered: false };
        yield Buffer.from(`${ev({ event: "START", id: `${sid}-1`, timestamp: t(0), session_id: sid })}\n`);
        yield Buffer.from(
          `${ev({ event: "COMPLETED", id: `${sid}-2`, timestamp: t(5), session_id: sid, ...end })}\n`,
        );
        produced += 2;
      }
    }
    const chunks: string[] = [];
    const summary = await exportCalls(
      [{ name: "gen", open: () => Readable.from(lines()) }],
      options("ndjson"),
      (chunk) => {
        if (producedAtFirstWrite === -1) producedAtFirstWrite = produced;
        chunks.push(chunk);
      },
    );
    expect(summary.rows).toBe(sessions);
    expect(chunks.length).toBeGreaterThan(2);
    expect(producedAtFirstWrite).toBeGreaterThan(0);
    expect(producedAtFirstWrite).toBeLessThan(sessions * 2);
    expect(chunks.join("").trimEnd().split("\n")).toHaveLength(sessions);
  });
});

/** Fake process edges (stdin an interactive terminal); optional openOutput that records what it gets. */
function fake(withOpen?: { fail?: string }) {
  const out: string[] = [];
  const err: string[] = [];
  const written: [string, string][] = [];
  const opened: { path: string; pieces: string[]; closed: boolean; discarded: boolean }[] = [];
  const io: CliIO = {
    stdout: { write: (t: string) => out.push(t), isTTY: false },
    stderr: { write: (t: string) => err.push(t) },
    stdin: Object.assign(Readable.from([]), { isTTY: true }),
    env: {},
    writeFile: async (path, t) => {
      written.push([path, t]);
    },
  };
  if (withOpen !== undefined) {
    io.openOutput = (path: string): OutputFile => {
      if (withOpen.fail !== undefined) throw Object.assign(new Error("nope"), { code: withOpen.fail });
      const file = { path, pieces: [] as string[], closed: false, discarded: false };
      opened.push(file);
      return {
        write: (t) => void file.pieces.push(t),
        close: () => {
          file.closed = true;
        },
        discard: () => {
          file.discarded = true;
        },
      };
    };
  }
  return { io, out: () => out.join(""), err: () => err.join(""), written, opened };
}

describe("export on the command line (in-process)", () => {
  it("defaults to CSV on stdout, exit 0, nothing on stderr", async () => {
    const f = fake();
    expect(await main(["export", INBOUND], f.io)).toBe(0);
    expect(f.out()).toBe((await run(files(INBOUND), options("csv"))).text);
    expect(f.err()).toBe("");
  });

  it("--format ndjson -o FILE writes the file piece by piece through openOutput and closes it", async () => {
    const f = fake({});
    expect(await main(["export", "-f", "ndjson", "-o", "calls.ndjson", INBOUND], f.io)).toBe(0);
    expect(f.out()).toBe("");
    expect(f.opened).toHaveLength(1);
    expect(f.opened[0]?.closed).toBe(true);
    expect(f.opened[0]?.pieces.join("").trimEnd().split("\n")).toHaveLength(4);
  });

  it("-o FILE falls back to writeFile when the IO cannot open files", async () => {
    const f = fake();
    expect(await main(["export", "-o", "calls.csv", INBOUND], f.io)).toBe(0);
    expect(f.written.map(([path]) => path)).toEqual(["calls.csv"]);
    expect(f.written[0]?.[1].split("\n")[0]).toBe(HEADER);
  });

  it("an output that cannot be opened is exit 2 with one sentence", async () => {
    const f = fake({ fail: "EACCES" });
    expect(await main(["export", "-o", "/nope/calls.csv", INBOUND], f.io)).toBe(2);
    expect(f.err()).toBe(
      "teltel-events: cannot write /nope/calls.csv: permission denied in the folder /nope.\n",
    );
  });

  it("--excel-safe applies to the CSV on stdout", async () => {
    const f = fake();
    expect(await main(["export", "--excel-safe", INBOUND], f.io)).toBe(0);
    expect(f.out()).toContain(",phone,'+37120000001,");
  });

  it("usage errors are exit 2: an unknown format, --threads (export runs in one thread), a missing file", async () => {
    for (const argv of [
      ["export", "-f", "xml", INBOUND],
      ["export", "-f", "json", "--excel-safe", INBOUND],
      ["export", "--threads", "2", INBOUND],
      ["export", "no-such-file.ndjson"],
    ]) {
      const f = fake();
      expect(await main(argv, f.io)).toBe(2);
      expect(f.err()).toMatch(/^teltel-events: [^\n]+\n$/);
      expect(f.out()).toBe("");
    }
  });
});
