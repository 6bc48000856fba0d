// The error of a collector that cannot start or stop cleanly: one sentence on stderr, exit code 2.

/** A collector that cannot start (the address, the directory, the lock) or sync at shutdown. */
export class CollectError extends Error {}

/** Words for the system errors a collector meets where strerror's would mislead. */
const WORDS: Readonly<Record<string, string>> = {
  EADDRINUSE: "the address is in use",
  EADDRNOTAVAIL: "the address is not one of this machine's",
  ENOTDIR: "a part of the path is not a directory",
};

/**
 * A system error in words, never its code: `permission denied`. The words are strerror's as libuv puts them at
 * the head of its message (`EACCES: permission denied, open '...'`), or the message of an error that has none.
 */
export function describeSystemError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code !== undefined && WORDS[code] !== undefined) return WORDS[code];
  const message = error instanceof Error ? error.message : String(error);
  const words = /^[A-Z][A-Z0-9_]+: ([^,]+)/.exec(message)?.[1];
  if (words !== undefined) return words;
  // An error without strerror's words (a getaddrinfo failure, say): what is left once its code is taken out.
  return code === undefined ? message : message.replace(code, "").replace(/^\W+/, "") || "unknown error";
}
