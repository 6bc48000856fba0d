// End to end: `export` and `timeline` through the built bin (bin/teltel-events.js) on samples/. Row counts are
// checked against analyze's sessions.total; the timeline ladder was written out by hand from the sample lines.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { type BinRun, runBin } from "../support/bin.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const TIMEOUT = 60_000;
const SAMPLES = readdirSync(join(ROOT, "samples"))
  .filter((name) => name.endsWith(".ndjson"))
  .sort();

type Run = BinRun;

/** Runs the real bin with NO_COLOR=1 from the repo root; stdin gets `input` or EOF. */
const run = (args: string[], input = ""): Promise<Run> => runBin(args, { input });

/** RFC 4180 records of a CSV text: quoted fields may hold commas, doubled quotes, CR and LF. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i] as string;
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      record.push(field);
      field = "";
    } else if (c === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
    } else field += c;
  }
  expect(quoted).toBe(false);
  expect(record.length === 0 && field === "").toBe(true); // the text ends with a record delimiter
  return records;
}

const tmp = mkdtempSync(join(tmpdir(), "teltel-export-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.concurrent("export: one row per session of every sample", { timeout: TIMEOUT }, () => {
  for (const name of SAMPLES) {
    it(name, async ({ expect }) => {
      const path = `samples/${name}`;
      const analyzed = await run(["analyze", "--format", "json", path]);
      const total = (JSON.parse(analyzed.stdout) as { sessions: { total: number } }).sessions.total;
      const csv = await run(["export", path]);
      expect(csv.code).toBe(0);
      expect(csv.stderr).toBe("");
      const rows = parseCsv(csv.stdout);
      expect(rows[0]?.slice(0, 3)).toEqual(["session_id", "status", "accountcode"]);
      expect(rows).toHaveLength(total + 1);
      expect(rows.every((row) => row.length === 28)).toBe(true);
      expect(new Set(rows.slice(1).map((row) => row[0])).size).toBe(total);
    });
  }

  it("--format ndjson has the same sessions in the same order as the CSV", async ({ expect }) => {
    const csv = await run(["export", "samples/mixed-day.ndjson"]);
    const nd = await run(["export", "--format", "ndjson", "samples/mixed-day.ndjson"]);
    const ids = nd.stdout
      .trimEnd()
      .split("\n")
      .map((line) => (JSON.parse(line) as { session_id: string }).session_id);
    expect(ids).toHaveLength(38);
    expect(ids).toEqual(
      parseCsv(csv.stdout)
        .slice(1)
        .map((row) => row[0]),
    );
  });

  it("-o FILE writes the rows there (through the streamed file output) and nothing to stdout", async ({
    expect,
  }) => {
    const out = join(tmp, "calls.json");
    const r = await run(["export", "-f", "json", "-o", out, "samples/mixed-day.ndjson"]);
    expect([r.code, r.stdout, r.stderr]).toEqual([0, "", ""]);
    expect(JSON.parse(readFileSync(out, "utf8"))).toHaveLength(38);
  });

  it("reads stdin and adds up several files", async ({ expect }) => {
    const input = readFileSync(join(ROOT, "samples/callback.ndjson"));
    const r = await run(["export", "-f", "ndjson", "-", "samples/transfer.ndjson"], input.toString("utf8"));
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split("\n")).toHaveLength(3 + 3);
  });

  it("an unwritable -o is exit 2 with one line on stderr", async ({ expect }) => {
    const r = await run(["export", "-o", join(tmp, "no-dir", "x.csv"), "samples/callback.ndjson"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^teltel-events: cannot write .*x\.csv: the folder .*no-dir does not exist\.\n$/,
    );
  });
});

describe.concurrent("timeline through the bin", { timeout: TIMEOUT }, () => {
  it("s-0302-1104-04 (autodialer-predictive.ndjson lines 28-39), line by line", async ({ expect }) => {
    const r = await run(["timeline", "s-0302-1104-04", "samples/autodialer-predictive.ndjson"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout.split("\n")).toEqual([
      "Session s-0302-1104-04: outbound autodialer/operator-contact call, account 10452, complete",
      "Started 2026-03-02T11:04:00.000Z, ended 2026-03-02T11:06:55.000Z (175 s)",
      "is_answered true; final state ANSWER",
      "Data: campaign_id 312, contact_id 880201",
      "Recording: https://records.teltel.io/10452/s-0302-1104-04.mp3",
      "",
      "  offset  event       party                 details",
      "   +0:00  START       -                     phase localtosip, leg operator",
      "   +0:00  RING        sip 104 (user 31004)  #1, call c-0302-1104-04-104, leg operator",
      "   +0:03  RINGRESULT  sip 104 (user 31004)  #1, ANSWER after 3 s",
      "   +0:03  READY       sip 104 (user 31004)",
      "   +0:03  JOIN        sip 104 (user 31004)  participants 1",
      "   +0:04  RING        phone +37120000024    #2, call c-0302-1104-04-contact, leg contact",
      "   +0:19  RINGRESULT  phone +37120000024    #2, ANSWER after 15 s",
      "   +0:19  READY       phone +37120000024",
      "   +0:19  JOIN        phone +37120000024    participants 2, talk starts",
      "   +2:55  LEAVE       sip 104 (user 31004)  participants 1, talk ends",
      "   +2:55  LEAVE       phone +37120000024    participants 0",
      "   +2:55  COMPLETED   sip 104 (user 31004)  hung up",
      "",
      "Ring attempts: 2",
      "  #1  +0:00 -> +0:03  3 s  ANSWER  sip 104 (user 31004)  call c-0302-1104-04-104  leg operator",
      "  #2  +0:04 -> +0:19  15 s  ANSWER  phone +37120000024  call c-0302-1104-04-contact  leg contact",
      "Talk: +0:19 -> +2:55, 156 s, sip 104 (user 31004) with phone +37120000024",
      "Hung up by: sip 104 (user 31004)",
      "Findings: none",
      "",
    ]);
  });

  it("--format json carries the same call as export", async ({ expect }) => {
    const r = await run(["timeline", "s-0302-1104-04", "-f", "json", "samples/autodialer-predictive.ndjson"]);
    const nd = await run(["export", "-f", "ndjson", "samples/autodialer-predictive.ndjson"]);
    const row = nd.stdout
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as { session_id: string })
      .find((rec) => rec.session_id === "s-0302-1104-04");
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { call: unknown }).call).toEqual(row);
  });

  it("an unknown session id: exit 1, one sentence on stderr, nothing on stdout", async ({ expect }) => {
    const r = await run(["timeline", "s-0000", "samples/mixed-day.ndjson"]);
    expect([r.code, r.stdout, r.stderr]).toEqual([
      1,
      "",
      'teltel-events: no session "s-0000" in the input.\n',
    ]);
  });
});
