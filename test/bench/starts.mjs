// The START-only memory run of npm run bench: N sessions holding only a START (sessions.mjs starts), analyze
// with --threads 1 and with the default threads in paired rounds; both must count N events in N incomplete
// sessions and print identical JSON. Their median peak RSS goes to the targets.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sameReports, sizeLabel, startsTable } from "./report.mjs";
import { timeRounds } from "./timing.mjs";

/**
 * The START-only dump of `n` sessions, cached in `out` and rebuilt when sessions.mjs changes; written to a
 * temporary name first so an interrupted run leaves nothing to reuse.
 */
function ensureStarts(n, root, out) {
  const script = join(root, "test/bench/sessions.mjs");
  const hash = createHash("sha256").update(readFileSync(script)).digest("hex").slice(0, 16);
  const file = join(out, `starts-${sizeLabel(n)}.ndjson`);
  const meta = `${file}.meta.json`;
  if (existsSync(file) && existsSync(meta)) {
    const m = JSON.parse(readFileSync(meta, "utf8"));
    if (m.sessions === n && m.sourceHash === hash && statSync(file).size === m.bytes) return file;
  }
  mkdirSync(out, { recursive: true });
  process.stderr.write(`generating ${file} ... `);
  const started = Date.now();
  const tmp = `${file}.tmp`;
  const made = spawnSync(process.execPath, [script, "starts", String(n), tmp], { encoding: "utf8" });
  if (made.status !== 0) throw new Error(`sessions.mjs starts ${n} failed:\n${made.stderr}`);
  renameSync(tmp, file);
  writeFileSync(meta, `${JSON.stringify({ sessions: n, sourceHash: hash, bytes: statSync(file).size })}\n`);
  process.stderr.write(`${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return file;
}

/** What a START-only report must say, as [dotted path, value]. */
const want = (n) => [
  ["input.events", n],
  ["sessions.total", n],
  ["sessions.incomplete", n],
  ["sessions.complete", 0],
];

/**
 * Runs the START-only rows (`makeRows(file)` gives them) on `n` sessions; `ok` false when a run is wrong,
 * `identical` false when the rows or rounds printed different reports.
 * @param {number} n
 * @param {{ root: string, out: string, makeRows: (file: string) => object[], timing: object }} o
 */
export async function startsRun(n, { root, out, makeRows, timing }) {
  const file = ensureStarts(n, root, out);
  const bytes = statSync(file).size;
  const variants = makeRows(file);
  const { summaries, outputs } = await timeRounds(variants, {
    ...timing,
    out,
    label: `${sizeLabel(n)} START`,
  });
  const notes = [];
  let ok = true;
  let identical = true;
  for (const v of variants) {
    const runs = outputs.get(v.name);
    const wrong = [];
    for (const run of runs) {
      let report;
      try {
        report = JSON.parse(run.stdout);
      } catch {
        wrong.push(`exit ${run.code}, no JSON report: ${run.stderr.slice(0, 300)}`);
        continue;
      }
      const at = (path) => path.split(".").reduce((o, k) => o?.[k], report);
      for (const [path, value] of want(n))
        if (at(path) !== value) wrong.push(`${path} ${at(path)}, want ${value}`);
      if (run.code !== 0) wrong.push(`exit ${run.code}`);
      if (run.stdout !== runs[0].stdout) identical = false;
    }
    if (wrong.length > 0) ok = false;
    const what =
      wrong.length === 0 ? `${n} events, ${n} incomplete sessions` : [...new Set(wrong)].join("; ");
    notes.push(`${wrong.length === 0 ? "PASS" : "FAIL"} ${v.name}: ${what}`);
  }
  if (!identical) notes.push("FAIL: a row printed different reports in different rounds");
  if (variants.length > 1) {
    const same = sameReports(
      `analyze, ${sizeLabel(n)} START-only`,
      variants.map((v) => ({ tool: v.name, stdout: outputs.get(v.name)[0]?.stdout ?? "" })),
    );
    identical = identical && same.ok;
    notes.push(same.text);
  }
  const rows = summaries.map((s, i) => ({ ...s, n, bytes, threads: variants[i].threads }));
  return { rows, ok: ok && identical, identical, text: `${startsTable(rows)}\n\n${notes.join("\n")}` };
}
