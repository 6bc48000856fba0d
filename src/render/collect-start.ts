// collect's start-up failures in words: the out-dir, its lock, a file in it, the address; never an errno code.
import type { DirectoryProblem } from "../collect/directory.js";
import type { LockHeldError } from "../collect/lock.js";

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

/** Why a file cannot be made in the out-dir; ENOENT in a directory that exists: one that takes no new file. */
export function fileProblem(outDir: string, error: unknown): string {
  return (error as NodeJS.ErrnoException).code === "ENOENT"
    ? `the file system takes no new file in ${outDir}`
    : describeSystemError(error);
}

/** The sentence for an out-dir that cannot be made (`resolved` is its absolute path). */
export function directorySentence(outDir: string, resolved: string, problem: DirectoryProblem): string {
  if (problem.code === "not-a-directory") {
    const is = problem.file ? "is a file, not a directory" : "is not a directory";
    return problem.path === resolved
      ? `--out-dir ${outDir} ${is}.`
      : `cannot create the directory ${outDir}: ${problem.path} ${is}.`;
  }
  if (problem.code === "refused")
    return `cannot create the directory ${outDir}: the file system takes no new directory in ${problem.parent}.`;
  return `cannot create the directory ${outDir}: ${describeSystemError(problem.error)}.`;
}

/** The sentence for a directory another collector holds. */
export function lockSentence(outDir: string, error: LockHeldError): string {
  const { holder, path } = error;
  if (holder === undefined)
    return `${path} is not a lock this tool wrote: if no collector writes to ${outDir}, remove it.`;
  const who = `another collector (pid ${holder.pid}${error.checked ? "" : ` on ${holder.host}`}, since ${holder.since})`;
  if (!error.checked)
    return `${who} may be writing to ${outDir}, and whether it runs cannot be checked from here: if it is gone, remove ${path}.`;
  return `${who} is writing to ${outDir}: stop it first, or give another --out-dir.`;
}
