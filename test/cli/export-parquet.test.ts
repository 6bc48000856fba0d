// export's Parquet and --events wiring in-process: -o is required for the binary format, the bytes go through
// the output's writeBytes, write failures are one sentence; --events in CSV, JSON and NDJSON.
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { parquetReadObjects } from "hyparquet";
import { describe, expect, it } from "vitest";
import { EVENT_ROW_COLUMNS } from "../../src/call/event-row.js";
import { type CliIO, main, type OutputFile } from "../../src/cli.js";

const INBOUND = fileURLToPath(new URL("../../samples/inbound-parallel.ndjson", import.meta.url));
const CALLBACK = fileURLToPath(new URL("../../samples/callback.ndjson", import.meta.url));

interface Opened {
  path: string;
  text: string[];
  bytes: Uint8Array[];
  closed: boolean;
}

/** Fake process edges; `output` decides what openOutput gives (none: the IO has no openOutput). */
function fake(output?: { binary?: boolean; fail?: string }) {
  const out: string[] = [];
  const err: string[] = [];
  const opened: Opened[] = [];
  const io: CliIO = {
    stdout: { write: (t: string) => out.push(t), isTTY: false },
    stderr: { write: (t: string) => err.push(t) },
    stdin: Object.assign(Readable.from([]), { isTTY: true }),
    env: {},
    writeFile: async () => {},
  };
  if (output !== undefined) {
    io.openOutput = (path: string): OutputFile => {
      const file: Opened = { path, text: [], bytes: [], closed: false };
      opened.push(file);
      const handle: OutputFile = {
        write: (t) => void file.text.push(t),
        close: () => {
          file.closed = true;
        },
        discard: () => {},
      };
      if (output.binary !== false) {
        handle.writeBytes = (b) => {
          if (output.fail !== undefined) throw Object.assign(new Error("nope"), { code: output.fail });
          file.bytes.push(b);
        };
      }
      return handle;
    };
  }
  return { io, out: () => out.join(""), err: () => err.join(""), opened };
}

describe("export --format parquet on the command line", () => {
  it("without -o: exit 2, one sentence, nothing written", async () => {
    const f = fake({});
    expect(await main(["export", "-f", "parquet", INBOUND], f.io)).toBe(2);
    expect(f.err()).toBe("teltel-events: --format parquet writes a binary file: give it with -o FILE.\n");
    expect(f.out()).toBe("");
    expect(f.opened).toEqual([]);
  });

  it("-o FILE: the Parquet bytes go through writeBytes, the file is closed, stdout stays empty", async () => {
    const f = fake({});
    expect(await main(["export", "-f", "parquet", "-o", "calls.parquet", INBOUND], f.io)).toBe(0);
    expect(f.err()).toBe("");
    expect(f.out()).toBe("");
    const [file] = f.opened;
    expect(file?.path).toBe("calls.parquet");
    expect(file?.closed).toBe(true);
    expect(file?.text).toEqual([]);
    const bytes = Buffer.concat(file?.bytes ?? []);
    const rows = await parquetReadObjects({
      file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    });
    // inbound-parallel.ndjson: four calls (samples/README.md).
    expect(rows.map((row) => row.session_id)).toEqual([
      "s-0302-0900-01",
      "s-0302-0902-02",
      "s-0302-0904-03",
      "s-0302-0907-04",
    ]);
  });

  it("a failed write (full disk) is exit 2 with one sentence", async () => {
    const f = fake({ fail: "ENOSPC" });
    expect(await main(["export", "-f", "parquet", "-o", "calls.parquet", INBOUND], f.io)).toBe(2);
    expect(f.err()).toBe("teltel-events: cannot write calls.parquet: no space left on device.\n");
  });

  it("an output that takes only text cannot take Parquet: exit 2, one sentence", async () => {
    for (const f of [fake({ binary: false }), fake()]) {
      expect(await main(["export", "-f", "parquet", "-o", "calls.parquet", INBOUND], f.io)).toBe(2);
      expect(f.err()).toBe("teltel-events: this output cannot take a binary format.\n");
    }
  });

  it("--excel-safe is for CSV only", async () => {
    const f = fake({});
    expect(await main(["export", "-f", "parquet", "--excel-safe", "-o", "x.parquet", INBOUND], f.io)).toBe(2);
    expect(f.err()).toBe("teltel-events: --excel-safe only applies to --format csv.\n");
  });
});

describe("export --events on the command line", () => {
  it("csv: the event columns as the header, one row per event", async () => {
    const f = fake();
    expect(await main(["export", "--events", INBOUND], f.io)).toBe(0);
    const lines = f.out().trimEnd().split("\n");
    expect(lines[0]).toBe(EVENT_ROW_COLUMNS.join(","));
    // inbound-parallel.ndjson: 47 lines, 47 events used (samples/README.md); none has data or extra.
    expect(lines).toHaveLength(48);
    // Line 1 of the sample, column by column: no subtype, no leg..trace_id, no data, no extra.
    expect(lines[1]).toBe(
      "START,ev-0302-0900-01-01,2026-03-02T09:00:00.000Z,10452,s-0302-0900-01,c-0302-0900-01,inbound,standard,," +
        `didtosip,0,,,,,,,,,,,,,,,,complete,${INBOUND},1`,
    );
  });

  it("csv: data is its JSON text, quoted (callback.ndjson line 1)", async () => {
    const f = fake();
    expect(await main(["export", "--events", CALLBACK], f.io)).toBe(0);
    const data =
      '{"callback":{"leg_1_phone_number":"+37120000031","leg_1_caller_id":"+37167000000",' +
      '"leg_2_phone_number":"101","leg_2_caller_id":"+37120000031"},"trace_id":"crm-7f3a91"}';
    expect(f.out().split("\n")[1]).toBe(
      "START,ev-0302-1200-01-01,2026-03-02T12:00:00.000Z,10452,s-0302-1200-01,c-0302-1200-01,outbound,callback,," +
        `localtodid,0,contact,,,,,,,,,,,,crm-7f3a91,"${data.replaceAll('"', '""')}",,complete,${CALLBACK},1`,
    );
  });

  it("json and ndjson: the same rows", async () => {
    const json = fake();
    const ndjson = fake();
    expect(await main(["export", "--events", "-f", "json", INBOUND], json.io)).toBe(0);
    expect(await main(["export", "--events", "-f", "ndjson", INBOUND], ndjson.io)).toBe(0);
    const rows = JSON.parse(json.out());
    expect(rows).toHaveLength(47);
    expect(
      ndjson
        .out()
        .trimEnd()
        .split("\n")
        .map((line) => JSON.parse(line)),
    ).toEqual(rows);
    expect(Object.keys(rows[0])).toEqual(EVENT_ROW_COLUMNS);
  });
});
