// Writes the definitions tables (src/report/definitions.ts and callers-definitions.ts, built to dist/) into
// README.md between their markers: `npm run readme:definitions`. The tests fail while a table and the README differ.
import { readFileSync, writeFileSync } from "node:fs";
import { CALLER_DEFINITIONS, CALLER_README_MARKERS } from "../dist/report/callers-definitions.js";
import { definitionsMarkdown, README_MARKERS } from "../dist/report/definitions.js";
import { SCORECARD_DEFINITIONS, SCORECARD_README_MARKERS } from "../dist/report/definitions-scorecard.js";

const path = new URL("../README.md", import.meta.url);
const readme = readFileSync(path, "utf8");
const tables = [
  { markers: README_MARKERS, markdown: definitionsMarkdown() },
  { markers: CALLER_README_MARKERS, markdown: definitionsMarkdown(CALLER_DEFINITIONS, "figure") },
  { markers: SCORECARD_README_MARKERS, markdown: definitionsMarkdown(SCORECARD_DEFINITIONS, "figure") },
];
let next = readme;
for (const { markers, markdown } of tables) {
  const start = next.indexOf(markers.start);
  const end = next.indexOf(markers.end);
  if (start < 0 || end < start) {
    process.stderr.write(`README.md has no ${markers.start} ... ${markers.end} block.\n`);
    process.exitCode = 2;
    continue;
  }
  const block = `${markers.start}\n${markdown}${markers.end}`;
  next = next.slice(0, start) + block + next.slice(end + markers.end.length);
}
if (process.exitCode !== 2) {
  if (next !== readme) writeFileSync(path, next);
  process.stdout.write(
    next === readme ? "README.md is up to date.\n" : "README.md: definitions tables written.\n",
  );
}
