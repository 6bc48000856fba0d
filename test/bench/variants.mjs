// The rows of the bench as commands to run: the floor, analyze and validate of each build (default threads and
// --threads 1, optional engine and thread-count rows), the DuckDB peer, jq and the Parquet exports.
import { join } from "node:path";

/** The variables that choose the engine: the old fast-path switch and its successor. */
export const ENGINE_VARS = ["TELTEL_EVENTS_FAST_PATH", "TELTEL_EVENTS_ENGINE"];

/**
 * The environment of every run: the caller's without the engine variables (a row that means the default
 * engine must not inherit another one), and no colour.
 * @param {NodeJS.ProcessEnv} env
 */
export function benchEnv(env) {
  const out = { ...env, NO_COLOR: "1" };
  for (const name of ENGINE_VARS) delete out[name];
  return out;
}

/**
 * The variables a row adds to choose its engine. The reference row sets both the old switch and the new one,
 * so it means the reference path before and after TELTEL_EVENTS_ENGINE exists.
 * @param {"default" | "js" | "reference"} engine
 */
export function engineEnv(engine) {
  if (engine === "reference") return { TELTEL_EVENTS_ENGINE: "reference", TELTEL_EVENTS_FAST_PATH: "0" };
  if (engine === "js") return { TELTEL_EVENTS_ENGINE: "js" };
  return {};
}

/**
 * One product row: `command --format json [--threads N] FILE` of one build.
 * @param {{ bin: string, suffix: string, command: string, file: string, threads: number, engine?: "default" | "js" | "reference", cores: number, auto: string }} o
 */
export function productVariant({ bin, suffix, command, file, threads, engine = "default", cores, auto }) {
  const argv = [process.execPath, bin, command, "--format", "json", file];
  if (threads > 0) argv.splice(3, 0, "--threads", String(threads));
  const engineName = engine === "default" ? "" : ` (engine ${engine})`;
  const name = `${command}${threads > 0 ? ` --threads ${threads}` : ""}${engineName}${suffix}`;
  const env = engineEnv(engine);
  let note;
  // More threads than cores would be lowered to the cores; raising the cap makes the row run what it says.
  if (threads > cores) {
    env.TELTEL_EVENTS_MAX_THREADS = String(threads);
    note = `${name}: run with TELTEL_EVENTS_MAX_THREADS=${threads}, more threads than the ${cores} cores`;
  }
  const shown = threads > 0 ? String(threads) : `auto ${auto}`;
  return { name, argv, env, threads: shown, keep: true, group: command, check: command, note };
}

/**
 * Every row for one dump, in table order; a second build's rows follow the first's, each beside its twin.
 * @param {{ file: string, root: string, out: string, builds: { bin: string, suffix: string, hasValidate: boolean, hasThreads: boolean }[], hasJq: boolean, dirty: boolean, parquet: boolean, engines: boolean, moreThreads: boolean, cores: number, auto: string }} o
 */
export function benchVariants(o) {
  const { file, builds, cores, auto } = o;
  const list = [{ name: "floor", argv: [process.execPath, join(o.root, "test/bench/floor.mjs"), file] }];
  const each = (make) => {
    for (const build of builds) {
      const v = make(build);
      if (v !== undefined) list.push(v);
    }
  };
  const product = (command, threads, engine) => (build) => {
    if (command === "validate" && !build.hasValidate) return undefined;
    if (threads > 0 && !build.hasThreads) return undefined;
    return productVariant({ ...build, command, file, threads, engine, cores, auto });
  };
  const threadCounts = o.moreThreads ? [0, 1, 2, 3] : [0, 1];
  for (const threads of threadCounts) each(product("analyze", threads));
  if (o.engines) for (const engine of ["js", "reference"]) each(product("analyze", 0, engine));
  for (const threads of [0, 1]) each(product("validate", threads));
  list.push({
    name: "DuckDB peer",
    argv: [process.execPath, join(o.root, "test/bench/duck.mjs"), file],
    keep: true,
    check: "duck",
  });
  // Dirty dumps have lines jq cannot parse; -R with fromjson? skips them as the floor does.
  const filter = o.dirty ? `-cR 'fromjson? | select(type == "object" and .event)'` : `-c 'select(.event)'`;
  if (o.hasJq) list.push({ name: "jq | wc -l", argv: ["sh", "-c", `jq ${filter} "$0" | wc -l`, file] });
  if (o.parquet)
    for (const [name, extra] of [
      ["export parquet", []],
      ["export --events parquet", ["--events"]],
    ])
      each(({ bin, suffix }) => {
        const output = join(o.out, `last-${`${name}${suffix}`.replace(/[^a-zA-Z0-9]+/g, "-")}.parquet`);
        const argv = [process.execPath, bin, "export", ...extra, "--format", "parquet", "-o", output, file];
        return { name: `${name}${suffix}`, argv, output };
      });
  return list;
}
