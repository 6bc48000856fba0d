// Input checks before anything is read or written: every path a readable file, none named twice (stdin's file
// included), and the -o file none of them.
import { stat } from "node:fs/promises";
import { errnoWords } from "../errno.js";
import { InputError } from "./input-error.js";

/** Which file a stream is: its device and inode (as fstat gives them). */
export interface FileIdentity {
  dev: number;
  ino: number;
}

/**
 * Checks, before anything is read or written, that every path names a readable regular file (or is `-`),
 * that no file is given twice (same device and inode, whatever the spelling, stdin's file included when `-`
 * is read and `stdin` says which file it is), and that the output file, if any, is none of the inputs;
 * returns the inputs' bytes.
 */
export async function checkInputPaths(
  paths: readonly string[],
  outputPath?: string,
  stdin?: FileIdentity,
): Promise<number> {
  let bytes = 0;
  const seen = new Map<string, string>();
  const see = (identity: FileIdentity, name: string): void => {
    const key = `${identity.dev}:${identity.ino}`;
    const first = seen.get(key);
    if (first !== undefined)
      throw new InputError(`${name} is the same file as ${first}: every call in it would count twice.`);
    seen.set(key, name);
  };
  for (const path of paths) {
    if (path === "-") {
      if (stdin !== undefined) see(stdin, "stdin");
      continue;
    }
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT") throw new InputError(`${path}: no such file.`);
      if (code === "EACCES") throw new InputError(`${path}: permission denied.`);
      throw new InputError(`${path}: cannot open it: ${errnoWords(error)}.`);
    }
    if (info.isDirectory()) throw new InputError(`${path}: is a directory, not an event dump.`);
    see(info, path);
    bytes += info.size;
  }
  if (outputPath !== undefined) {
    const output = await stat(outputPath).catch(() => undefined);
    const input = output === undefined ? undefined : seen.get(`${output.dev}:${output.ino}`);
    if (input !== undefined) {
      const named = input === "stdin" ? "the input on stdin" : `the input ${input}`;
      throw new InputError(`-o ${outputPath} is ${named}: writing there would destroy it.`);
    }
  }
  return bytes;
}
