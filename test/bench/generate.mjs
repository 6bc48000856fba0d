// Deterministic generator of realistic TelTel webhook dumps, with the exact figures `analyze` must report.
// CLI: node test/bench/generate.mjs --events 1000000 --seed 1 --out FILE [--dirty [--no-skew]]
// (writes FILE and FILE.truth.json; --no-skew leaves out the bad lines whose clock is ahead, see dirty.mjs)
import { createHash } from "node:crypto";
import { createWriteStream, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { buildCall, createWorld } from "./calls.mjs";
import { BAD_KINDS, BAD_KINDS_NO_SKEW, badLine, wireVariant } from "./dirty.mjs";
import { createRandom, mulberry32 } from "./prng.mjs";
import { countEvent, finishSession, Heap, iso, newTruth } from "./truth.mjs";

export { BAD_KINDS, BAD_KINDS_NO_SKEW, CLOCK_SKEW_KINDS } from "./dirty.mjs";
export { RING_STATES } from "./truth.mjs";

/** Defaults of a clean dump: no late deliveries, retries, bad or blank lines, or wire variants. */
export const CLEAN = { lateRate: 0, duplicateRate: 0, badRate: 0, blankRate: 0, variantRate: 0 };
/** Rates of `--dirty`: per delivered event (late, duplicate, variant) or per line (bad, blank). */
export const DIRTY = {
  lateRate: 0.01,
  duplicateRate: 0.01,
  badRate: 0.002,
  blankRate: 0.001,
  variantRate: 0.02,
};

const DEFAULTS = {
  badKinds: BAD_KINDS,
  events: 10_000,
  seed: 1,
  start: "2026-03-02T00:00:00.000Z",
  callsPerSecond: 5,
  ...CLEAN,
};
const WARMUP_MS = 10 * 60_000;
const FILES = ["generate.mjs", "calls.mjs", "call.mjs", "dirty.mjs", "prng.mjs", "truth.mjs"];

/** A hash of the generator's sources, so cached dumps are rebuilt when the generator changes. */
export function sourceHash() {
  const hash = createHash("sha256");
  for (const f of FILES) hash.update(readFileSync(new URL(f, import.meta.url)));
  return hash.digest("hex").slice(0, 16);
}

/**
 * Streams a dump of about `events` lines to `out` (a file path, or a writable left open) and returns the
 * truth: every figure of the analyze JSON report it can be checked against, plus `meta` about the run.
 * @param {Partial<typeof DEFAULTS> & { out: string | NodeJS.WritableStream }} options
 */
export async function generateDump(options) {
  const o = { ...DEFAULTS, ...options };
  const r = createRandom(mulberry32(o.seed));
  const world = createWorld(r);
  const sink = typeof o.out === "string" ? createWriteStream(o.out) : o.out;
  const t = newTruth();
  const heap = new Heap();
  const live = new Set();
  const dumpStart = Date.parse(o.start);
  let nextArrival = dumpStart - WARMUP_MS;
  let seq = 0;
  let buf = "";
  let bytes = 0;
  let open = 0;
  let calls = 0;
  const schedule = (item) => heap.push({ ...item, seq: seq++ });
  const write = async (text) => {
    t.input.lines += 1;
    buf += `${text}\n`;
    if (buf.length < 1 << 20) return;
    bytes += Buffer.byteLength(buf);
    const drained = sink.write(buf);
    buf = "";
    if (!drained) await new Promise((resolve) => sink.once("drain", resolve));
  };

  while (t.input.lines < o.events) {
    if (heap.size === 0 || nextArrival <= heap.peek().at) {
      const call = buildCall(r, world, Math.round(nextArrival));
      const state = { ...call, pending: call.events.length, emitted: false, start: false, completed: false };
      live.add(state);
      calls += 1;
      for (const { ts, obj } of call.events) {
        const late = r.chance(o.lateRate) ? r.int(2_000, 59_000) : 0;
        schedule({ at: ts + late, ts, obj, call: state });
      }
      nextArrival += r.exp(1000 / o.callsPerSecond);
      continue;
    }
    const item = heap.pop();
    const call = item.call;
    if (item.at >= dumpStart) {
      if (r.chance(o.blankRate)) {
        t.input.blank += 1;
        await write(r.pick(["", "  ", "\t", "\r"]));
      }
      let text = item.text;
      if (text === undefined) {
        const variant = r.chance(o.variantRate);
        const json = JSON.stringify(variant ? wireVariant(r, item.obj, item.ts) : item.obj);
        // Some wire variants end in CRLF; bad lines derive from the JSON alone (a prefix must stay invalid).
        text = variant && r.chance(0.2) ? `${json}\r` : json;
        if (r.chance(o.badRate) && t.input.lines < o.events) {
          const bad = badLine(r, item.obj, json, o.badKinds);
          t.meta.badKinds[bad.kind] = (t.meta.badKinds[bad.kind] ?? 0) + 1;
          t.input.invalid += 1;
          await write(bad.text);
        }
      }
      if (t.input.lines < o.events) {
        await write(text);
        if (item.text !== undefined) t.input.duplicates += 1;
        else {
          if (!call.emitted) open += 1;
          countEvent(t, call, item);
          if (item.obj.event === "COMPLETED") open -= 1;
          if (open > t.meta.maxOpen) t.meta.maxOpen = open;
          if (r.chance(o.duplicateRate)) {
            call.pending += 1;
            schedule({ at: item.at + r.int(500, 59_000), ts: item.ts, obj: item.obj, text, call });
          }
        }
      }
    }
    call.pending -= 1;
    if (call.pending === 0) finishSession(t, call, live);
  }
  for (const call of [...live]) finishSession(t, call, live);
  if (buf.length > 0) {
    bytes += Buffer.byteLength(buf);
    sink.write(buf);
  }
  if (typeof o.out === "string")
    await new Promise((resolve, reject) => sink.end(resolve).on("error", reject));
  const settings = { ...o };
  delete settings.out;
  Object.assign(t.meta, { settings, sourceHash: sourceHash(), bytes, calls });
  t.input.timeRange = { from: iso(t.meta.minTs), to: iso(t.meta.maxTs) };
  delete t.meta.minTs;
  delete t.meta.maxTs;
  return t;
}

/** Writes `truth` as pretty JSON beside the dump: FILE.truth.json. */
export async function writeTruth(file, truth) {
  await writeFile(`${file}.truth.json`, `${JSON.stringify(truth, null, 2)}\n`);
}

async function cli() {
  const { values: v } = parseArgs({
    options: {
      events: { type: "string", default: "10000" },
      seed: { type: "string", default: "1" },
      out: { type: "string" },
      dirty: { type: "boolean", default: false },
      "no-skew": { type: "boolean", default: false },
      "late-rate": { type: "string" },
      "duplicate-rate": { type: "string" },
      "bad-rate": { type: "string" },
    },
  });
  if (v.out === undefined) throw new Error("usage: generate.mjs --events N --seed S --out FILE [--dirty]");
  const rates = { ...(v.dirty ? DIRTY : CLEAN) };
  if (v["late-rate"] !== undefined) rates.lateRate = Number(v["late-rate"]);
  if (v["duplicate-rate"] !== undefined) rates.duplicateRate = Number(v["duplicate-rate"]);
  if (v["bad-rate"] !== undefined) rates.badRate = Number(v["bad-rate"]);
  const badKinds = v["no-skew"] ? BAD_KINDS_NO_SKEW : BAD_KINDS;
  const options = { events: Number(v.events), seed: Number(v.seed), out: v.out, badKinds, ...rates };
  const truth = await generateDump(options);
  await writeTruth(v.out, truth);
  const mb = (truth.meta.bytes / 1e6).toFixed(1);
  process.stdout.write(`${v.out}: ${truth.input.lines} lines, ${mb} MB, ${truth.sessions.total} sessions\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await cli();
