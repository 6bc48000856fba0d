// Writes the KPI definitions table (src/report/definitions.ts, built to dist/) into README.md between its
// markers: `npm run readme:definitions`. test/report/definitions.test.ts fails while the two differ.
import { readFileSync, writeFileSync } from "node:fs";
import { definitionsMarkdown, README_MARKERS } from "../dist/report/definitions.js";

const path = new URL("../README.md", import.meta.url);
const readme = readFileSync(path, "utf8");
const start = readme.indexOf(README_MARKERS.start);
const end = readme.indexOf(README_MARKERS.end);
if (start < 0 || end < start) {
  process.stderr.write(`README.md has no ${README_MARKERS.start} ... ${README_MARKERS.end} block.\n`);
  process.exitCode = 2;
} else {
  const block = `${README_MARKERS.start}\n${definitionsMarkdown()}${README_MARKERS.end}`;
  const next = readme.slice(0, start) + block + readme.slice(end + README_MARKERS.end.length);
  if (next !== readme) writeFileSync(path, next);
  process.stdout.write(next === readme ? "README.md is up to date.\n" : "README.md: definitions table written.\n");
}
