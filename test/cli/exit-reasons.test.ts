// analyze's exit 1 that no failed gate explains says why on stderr (--strict, --fail-on-skip), in words made
// from codes only; a skip is never a hold, and an empty input says no-events, as validate does.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMain } from "../support/run-main.js";

const sample = (name: string) => fileURLToPath(new URL(`../../samples/${name}`, import.meta.url));
const BROKEN = sample("broken-lines.ndjson");
const HOSTILE = sample("hostile.ndjson");
const MIXED = sample("mixed-day.ndjson");

const run = runMain;

let dir = "";
let empty = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "teltel-exit-"));
  empty = join(dir, "empty.ndjson");
  await writeFile(empty, "");
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("--strict", () => {
  it("says on stderr how many lines are invalid and where the first is (it exited 1 in silence)", async () => {
    // broken-lines: 20 invalid lines, the first at line 2 (not JSON; samples/README.md).
    const r = await run(["analyze", BROKEN, "--strict", "-f", "json", "-o", join(dir, "r.json")]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `teltel-events: --strict: 20 invalid lines, the first at ${BROKEN}:2 (invalid-json: a line is not valid JSON).\n`,
    );
    expect((await run(["analyze", BROKEN, "-o", join(dir, "r.json")])).err).toBe("");
  });

  it("words the reason from the code, never from the line's data", async () => {
    // hostile: 9 invalid lines, the first at line 4 (invalid-json); its lines hold phone numbers and escapes.
    const r = await run(["analyze", HOSTILE, "--strict", "-f", "json"]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `teltel-events: --strict: 9 invalid lines, the first at ${HOSTILE}:4 (invalid-json: a line is not valid JSON).\n`,
    );
  });

  it("says so when the problems listed hold none of the invalid lines", async () => {
    const r = await run(["analyze", BROKEN, "--strict", "--max-problems", "0", "-f", "json"]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      "teltel-events: --strict: 20 invalid lines (none of them among the problems listed: raise --max-problems to see them).\n",
    );
  });
});

describe("skips", () => {
  it("an empty input: the gate is a skip, not a hold, and the report says no-events", async () => {
    const table = await run(["analyze", empty, "--fail-if", "asr < 60%"]);
    expect(table.code).toBe(0);
    // It said "Gates: 1 of 1 hold".
    expect(table.out).toContain("Gates: 0 of 1 hold, 0 failed (0 errors, 0 warnings), 1 skipped");
    expect(table.out).toContain("fails the run only with --fail-on-skip.");
    const json = JSON.parse((await run(["analyze", empty, "-f", "json", "--fail-if", "asr < 60%"])).out);
    expect(json.gates[0]).toMatchObject({ status: "skip", reason: "no-data", n: 0 });
    expect(json.problemCounts).toEqual({ "no-events": 1 });
    expect(json.problems[0]).toMatchObject({ code: "no-events", file: empty, line: 0 });
  });

  it("--fail-on-skip fails the run on a skipped error-level gate, and says which", async () => {
    const r = await run(["analyze", empty, "--fail-if", "asr < 60%", "--fail-on-skip", "-f", "json"]);
    expect(r.code).toBe(1);
    expect(r.err).toBe("teltel-events: --fail-on-skip: 1 error-level gate skipped (asr < 60%: n=0).\n");
    // A skipped warning does not fail the run; a gate that was judged is not a skip.
    expect((await run(["analyze", empty, "--warn-if", "asr < 60%", "--fail-on-skip"])).code).toBe(0);
    const judged = await run(["analyze", MIXED, "--fail-if", "asr < 50%", "--fail-on-skip"]);
    expect([judged.code, judged.err]).toEqual([0, ""]);
  });

  it("--fail-on-skip needs a gate", async () => {
    const r = await run(["analyze", MIXED, "--fail-on-skip"]);
    expect(r.code).toBe(2);
    expect(r.err).toBe("teltel-events: --fail-on-skip needs a gate (--fail-if, --warn-if or --gates).\n");
  });

  it("a dump with events has no no-events problem", async () => {
    const json = JSON.parse((await run(["analyze", MIXED, "-f", "json"])).out);
    expect(json.problemCounts["no-events"]).toBeUndefined();
  });
});
