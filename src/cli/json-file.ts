// Small JSON files named by a flag (--gates, --baseline): read whole but capped, regular files only, a UTF-8
// byte order mark accepted (as in dumps), and every refusal one sentence that quotes nothing of the content.
import { constants } from "node:fs";
import { open } from "node:fs/promises";
import { describeWriteError } from "./files.js";
import { UsageError } from "./io.js";

/** Which file a flag names: for the refusals (`is larger than 1 MiB: that is not a gates file`). */
export interface JsonFileKind {
  flag: string;
  /** What the file should be: "gates file", "report". */
  what: string;
  maxBytes: number;
}

/** The parsed JSON of a flag's file, or a UsageError (one sentence) saying why it cannot be. */
export async function readJsonFile(path: string, kind: JsonFileKind): Promise<unknown> {
  const bytes = await readSmallFile(path, kind);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b)
    throw new UsageError(`${kind.flag} ${path} is gzip-compressed: a dump? It takes a ${kind.what} (JSON).`);
  // A byte order mark is how some editors (and PowerShell's Out-File) start UTF-8: not part of the JSON.
  const text = bytes.toString("utf8").replace(/^\uFEFF/, "");
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    if (looksLikeDump(text))
      throw new UsageError(
        `${kind.flag} ${path} looks like a dump of events (one JSON event per line), not a ${kind.what}${kind.what === "report" ? ": give the JSON that `analyze --format json` wrote" : ""}.`,
      );
    // The parser's message quotes the text it choked on (a phone number, say): only its reason is kept, or
    // nothing when the reason still holds a quotation.
    const reason = (error as Error).message.replace(/, (?:\.\.\.)?".*$/s, "");
    const detail = reason.includes('"') ? "" : ` (${reason})`;
    throw new UsageError(`${kind.flag} ${path} is not valid JSON${detail}.`);
  }
}

/** Whether text that is not one JSON value is NDJSON whose first line is a webhook event. */
function looksLikeDump(text: string): boolean {
  const first = /^\s*([^\n]*)/.exec(text)?.[1]?.trim() ?? "";
  try {
    const value = JSON.parse(first) as unknown;
    return typeof value === "object" && value !== null && Object.hasOwn(value, "event");
  } catch {
    return false;
  }
}

/** The bytes of a regular file of at most `maxBytes`; anything else is refused in one sentence. */
async function readSmallFile(path: string, kind: JsonFileKind): Promise<Buffer> {
  const { flag, what, maxBytes } = kind;
  const cannot = (error: unknown): UsageError =>
    new UsageError(`${flag} ${path}: cannot read it (${describeWriteError(error)}).`);
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    // Non-blocking: opening a FIFO for reading would otherwise wait for a writer before it could be refused.
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw cannot(error);
  }
  const tooLarge = (): UsageError =>
    new UsageError(
      `${flag} ${path} is larger than ${maxBytes / 1024 / 1024} MiB, too large for a ${what}: is it the right file?`,
    );
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw new UsageError(`${flag} ${path} is a directory: give the ${what} itself.`);
    if (!info.isFile())
      throw new UsageError(
        `${flag} ${path} is not a regular file (a device, a pipe or a socket): give a ${what} on disk.`,
      );
    if (info.size > maxBytes) throw tooLarge();
    // Read on to the end, but never past the cap: a file that grows while it is read is refused too.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(64 * 1024);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) throw tooLarge();
      chunks.push(chunk.subarray(0, bytesRead));
    }
    return Buffer.concat(chunks, total);
  } catch (error) {
    throw error instanceof UsageError ? error : cannot(error);
  } finally {
    await handle.close();
  }
}
