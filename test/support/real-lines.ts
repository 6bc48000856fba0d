// The real lines the fast-path tests run on: every line of the samples and fixtures, and two small generated
// dumps (clean and --dirty, about 0.4 s each).
import { relative } from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { DIRTY, generateDump } from "../bench/generate.mjs";
import { ndjsonFilesUnder, ndjsonLines, splitLines } from "./reference-line.js";

/** One real line: where it comes from (a path under the repository, or "generated ...") and its bytes. */
export interface RealLine {
  source: string;
  bytes: Buffer;
}

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Every line of samples/ and test/fixtures/, then 2,000 generated clean lines and 2,000 --dirty ones. */
export async function realLines(): Promise<RealLine[]> {
  const files = [...ndjsonFilesUnder(`${ROOT}samples`), ...ndjsonFilesUnder(`${ROOT}test/fixtures`)];
  const lines = ndjsonLines(files).map(({ file, bytes }) => ({ source: relative(ROOT, file), bytes }));
  for (const [source, rates] of [
    ["generated clean", {}],
    ["generated --dirty", DIRTY],
  ] as const) {
    const chunks: Buffer[] = [];
    const out = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
    });
    await generateDump({ events: 2000, seed: 7, out, ...rates });
    for (const bytes of splitLines(Buffer.concat(chunks))) lines.push({ source, bytes });
  }
  return lines;
}
