// export --format parquet with one thread (threads: 1) starts no worker: with worker threads made to fail, it
// still writes the file (the default export, which encodes in a worker, is the control and fails).
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { parquetMetadata } from "hyparquet";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { type ExportOptions, exportParquet } from "../../src/commands/export.js";
import { inputSources } from "../../src/ingest/read.js";
import { loadSchemaDocument } from "../../src/ingest/schema-file.js";
import { createEventValidator, type EventValidator } from "../../src/ingest/validate.js";
import { exportOptions } from "../support/export-options.js";

vi.mock("node:worker_threads", async (original) => ({
  ...(await original<typeof import("node:worker_threads")>()),
  Worker: class {
    constructor() {
      throw new Error("no worker threads in this test");
    }
  },
}));

const SAMPLE = fileURLToPath(new URL("../../samples/mixed-day.ndjson", import.meta.url));

let validator: EventValidator;
beforeAll(async () => {
  validator = createEventValidator(await loadSchemaDocument());
});

function options(threads: number | undefined): ExportOptions {
  const extra = threads === undefined ? {} : { threads };
  return exportOptions(validator, "calls", { format: "parquet", rowGroupRows: 10, ...extra });
}

describe("exportParquet, threads: 1", () => {
  it("encodes in this thread: no worker is started", async () => {
    const chunks: Uint8Array[] = [];
    const summary = await exportParquet(inputSources([SAMPLE], Readable.from([])), options(1), (c) =>
      chunks.push(c),
    );
    // mixed-day.ndjson: 38 calls, in groups of 10 (samples/README.md).
    expect(summary.rows).toBe(38);
    const file = Buffer.concat(chunks);
    const metadata = parquetMetadata(file.buffer.slice(file.byteOffset, file.byteOffset + file.length));
    expect(metadata.row_groups.map((g) => Number(g.num_rows))).toEqual([10, 10, 10, 8]);
  });

  it("the default (a worker encodes) cannot run here: the control", async () => {
    await expect(
      exportParquet(inputSources([SAMPLE], Readable.from([])), options(undefined), () => {}),
    ).rejects.toThrow("no worker threads in this test");
  });
});
