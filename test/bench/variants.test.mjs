// The bench's rows: the engine variables a row inherits or sets, and the rows of one or two builds.
import { describe, expect, it } from "vitest";
import { benchEnv, benchVariants, engineEnv, productVariant } from "./variants.mjs";

describe("the engine variables", () => {
  it("are never inherited from the caller, so the default rows mean the default engine", () => {
    const env = benchEnv({
      PATH: "/bin",
      TELTEL_EVENTS_FAST_PATH: "0",
      TELTEL_EVENTS_ENGINE: "reference",
      TELTEL_EVENTS_MAX_THREADS: "4",
    });
    expect(env).toEqual({ PATH: "/bin", TELTEL_EVENTS_MAX_THREADS: "4", NO_COLOR: "1" });
  });

  it("are both set by the reference row (before and after TELTEL_EVENTS_ENGINE exists)", () => {
    expect(engineEnv("reference")).toEqual({
      TELTEL_EVENTS_ENGINE: "reference",
      TELTEL_EVENTS_FAST_PATH: "0",
    });
    expect(engineEnv("js")).toEqual({ TELTEL_EVENTS_ENGINE: "js" });
    expect(engineEnv("default")).toEqual({});
  });
});

describe("productVariant", () => {
  const base = { bin: "/b/tt.js", suffix: "", file: "/d.ndjson", cores: 2, auto: "2" };

  it("runs the command with --format json, --threads only when asked, and labels the threads", () => {
    const v = productVariant({ ...base, command: "analyze", threads: 1 });
    expect(v.argv.slice(1)).toEqual([
      "/b/tt.js",
      "analyze",
      "--threads",
      "1",
      "--format",
      "json",
      "/d.ndjson",
    ]);
    expect(v).toMatchObject({ name: "analyze --threads 1", threads: "1", env: {}, group: "analyze" });
    const d = productVariant({ ...base, command: "validate", threads: 0, suffix: " (B)", engine: "js" });
    expect(d.argv.slice(1)).toEqual(["/b/tt.js", "validate", "--format", "json", "/d.ndjson"]);
    expect(d).toMatchObject({ name: "validate (engine js) (B)", threads: "auto 2", env: engineEnv("js") });
  });

  it("raises the thread cap for more threads than cores, and says so", () => {
    const v = productVariant({ ...base, command: "analyze", threads: 3 });
    expect(v.env).toEqual({ TELTEL_EVENTS_MAX_THREADS: "3" });
    expect(v.note).toBe(
      "analyze --threads 3: run with TELTEL_EVENTS_MAX_THREADS=3, more threads than the 2 cores",
    );
  });
});

describe("benchVariants", () => {
  const a = { bin: "/a.js", suffix: "", hasValidate: true, hasThreads: true };
  const options = { file: "/d", root: "/r", out: "/o", hasJq: true, dirty: false, cores: 2, auto: "2" };
  const names = (o) => benchVariants({ ...options, ...o }).map((v) => v.name);

  it("lists the floor, analyze and validate at default threads and 1, the DuckDB peer and jq", () => {
    expect(names({ builds: [a] })).toEqual([
      "floor",
      "analyze",
      "analyze --threads 1",
      "validate",
      "validate --threads 1",
      "DuckDB peer",
      "jq | wc -l",
    ]);
  });

  it("puts a second build's row beside its twin, and leaves out what a build cannot do", () => {
    const b = { bin: "/b.js", suffix: " (B)", hasValidate: false, hasThreads: true };
    expect(names({ builds: [a, b], parquet: true, engines: true, hasJq: false })).toEqual([
      "floor",
      "analyze",
      "analyze (B)",
      "analyze --threads 1",
      "analyze --threads 1 (B)",
      "analyze (engine js)",
      "analyze (engine js) (B)",
      "analyze (engine reference)",
      "analyze (engine reference) (B)",
      "validate",
      "validate --threads 1",
      "DuckDB peer",
      "export parquet",
      "export parquet (B)",
      "export --events parquet",
      "export --events parquet (B)",
    ]);
  });

  it("adds --threads 2 and 3 on request, and reads a dirty dump's lines with jq -R", () => {
    const list = benchVariants({ ...options, builds: [a], moreThreads: true, dirty: true });
    expect(list.filter((v) => v.group === "analyze").map((v) => v.name)).toEqual([
      "analyze",
      "analyze --threads 1",
      "analyze --threads 2",
      "analyze --threads 3",
    ]);
    expect(list.find((v) => v.name === "jq | wc -l").argv[2]).toContain("-cR 'fromjson?");
  });

  it("writes each export to its own file", () => {
    const b = { ...a, bin: "/b.js", suffix: " (B)" };
    const out = benchVariants({ ...options, builds: [a, b], parquet: true }).filter((v) => v.output);
    expect(out.map((v) => v.output)).toEqual([
      "/o/last-export-parquet.parquet",
      "/o/last-export-parquet-B-.parquet",
      "/o/last-export-events-parquet.parquet",
      "/o/last-export-events-parquet-B-.parquet",
    ]);
    expect(out[1].argv.slice(1)).toEqual([
      "/b.js",
      "export",
      "--format",
      "parquet",
      "-o",
      out[1].output,
      "/d",
    ]);
  });
});
