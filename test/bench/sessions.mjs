// Dumps for the per-session memory measurements (README "Sessions, lateness and memory"):
//   node test/bench/sessions.mjs starts N FILE    N sessions holding only a START, 100 a second (none completes)
//   node test/bench/sessions.mjs starts-extra N FILE   the same with one unknown attribute per START (the
//                                                 lines then take the reference path, JSON.parse + ajv)
//   node test/bench/sessions.mjs endless N FILE   one session of N events (START, then READY/JOIN/LEAVE), 10 a second
// Measure with: /usr/bin/time -v node bin/teltel-events.js analyze --format json FILE > /dev/null
// (npm run bench makes the starts dump itself, 1M sessions, and prints its peak RSS against the 400 MB target)
import { createWriteStream } from "node:fs";

const [kind, countText, out] = process.argv.slice(2);
const count = Number(countText);
const KINDS = ["starts", "starts-extra", "endless"];
if (!KINDS.includes(kind) || !Number.isSafeInteger(count) || count < 1 || !out) {
  console.error("usage: node test/bench/sessions.mjs starts|starts-extra|endless N FILE");
  process.exit(2);
}
const t0 = Date.parse("2026-03-02T00:00:00Z");
const sink = createWriteStream(out);
const common = { accountcode: "10452", direction: "inbound", type: "standard" };
let buf = "";
for (let i = 0; i < count; i += 1) {
  const timestamp = new Date(t0 + i * (kind === "endless" ? 100 : 10)).toISOString();
  let event;
  if (kind !== "endless") {
    const n = String(i).padStart(8, "0");
    event = {
      event: "START",
      id: `ev-${n}-01`,
      timestamp,
      ...common,
      session_id: `s-${n}`,
      ...(kind === "starts-extra" ? { queue_tag: "q-7" } : {}),
      call_id: `c-${n}`,
    };
  } else if (i === 0) {
    event = {
      event: "START",
      id: "ev-0",
      timestamp,
      ...common,
      session_id: "s-endless",
      call_id: "c-endless",
    };
  } else {
    const name = ["READY", "JOIN", "LEAVE"][i % 3];
    const party = { subject_type: "phone", subject: `+3712${String(i % 1000).padStart(7, "0")}` };
    event = { event: name, id: `ev-${i}`, timestamp, ...common, session_id: "s-endless", ...party };
  }
  buf += `${JSON.stringify(event)}\n`;
  if (buf.length > 1 << 20) {
    if (!sink.write(buf)) await new Promise((resolve) => sink.once("drain", resolve));
    buf = "";
  }
}
sink.end(buf);
await new Promise((resolve) => sink.once("finish", resolve));
