// The -o writer: a temporary file beside the target, renamed into place only when complete, removed otherwise.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOutputFiles, describeWriteError } from "../../src/cli/files.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "teltel-files-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("createOutputFiles", () => {
  it("writes pieces to a temporary file and replaces the target only at close", () => {
    const target = join(dir, "calls.csv");
    writeFileSync(target, "old\n");
    const file = createOutputFiles().open(target);
    file.write("a,b\n");
    file.write("1,2\n");
    expect(readFileSync(target, "utf8")).toBe("old\n");
    expect(readdirSync(dir).filter((n) => n.startsWith(".calls.csv."))).toHaveLength(1);
    file.close();
    expect(readFileSync(target, "utf8")).toBe("a,b\n1,2\n");
    expect(readdirSync(dir)).toEqual(["calls.csv"]);
  });

  it("discard leaves the old file and no temporary file", () => {
    const target = join(dir, "report.json");
    writeFileSync(target, "{}\n");
    const file = createOutputFiles().open(target);
    file.write("[partial");
    file.discard();
    expect(readFileSync(target, "utf8")).toBe("{}\n");
    expect(readdirSync(dir).filter((n) => n.startsWith(".report.json."))).toEqual([]);
  });

  it("a target in a missing directory fails at open with the errno", async () => {
    const error = await createOutputFiles()
      .writeWhole(join(dir, "no-dir", "x.csv"), "x")
      .catch((e: unknown) => e);
    expect((error as NodeJS.ErrnoException).code).toBe("ENOENT");
  });
});

describe("describeWriteError", () => {
  it("says a full disk in words", () => {
    expect(describeWriteError(Object.assign(new Error("x"), { code: "ENOSPC" }))).toBe(
      "no space left on device",
    );
  });

  it("never shows a raw errno code: an unlisted one gets Node's words without the code and the call", () => {
    const enxio = Object.assign(new Error("ENXIO: no such device or address, open '/dev/x'"), {
      code: "ENXIO",
    });
    expect(describeWriteError(enxio)).toBe("no such device or address");
    const rename = new Error("ENOTEMPTY: directory not empty, rename 'a' -> 'b'");
    expect(describeWriteError(Object.assign(rename, { code: "ENOTEMPTY" }))).toBe("directory not empty");
    expect(describeWriteError(Object.assign(new Error("EWHATEVER"), { code: "EWHATEVER" }))).toBe(
      "unknown error",
    );
  });
});
