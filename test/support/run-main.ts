// The CLI run in-process, as most CLI tests run it: main(argv, io) with captured stdout and stderr.
import { Readable } from "node:stream";
import { type CliIO, main } from "../../src/cli.js";

/** Runs main in-process with an empty, non-terminal stdin; -o files written through io.writeFile are dropped. */
export async function runMain(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    stdout: { write: (text: string) => out.push(text), isTTY: false },
    stderr: { write: (text: string) => err.push(text) },
    stdin: Object.assign(Readable.from([]), { isTTY: false }),
    env: {},
    writeFile: async () => {},
  };
  const code = await main(argv, io);
  return { code, out: out.join(""), err: err.join("") };
}
