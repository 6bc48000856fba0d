// System errors in words: no error sentence shows a raw code such as ENOENT.
import { dirname } from "node:path";

/** The errors a user meets, as `strerror` says them. */
const ERRNO_WORDS: Readonly<Record<string, string>> = {
  ENOSPC: "no space left on device",
  EDQUOT: "disk quota exceeded",
  EFBIG: "file too large",
  EIO: "input/output error",
  EROFS: "read-only file system",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  ENOENT: "no such file or directory",
  ENOTDIR: "a part of the path is not a directory",
  EISDIR: "is a directory",
  ELOOP: "too many levels of symbolic links",
  ENAMETOOLONG: "file name too long",
  EMFILE: "too many open files",
  ENFILE: "too many open files in the system",
  ETXTBSY: "text file busy",
  EBUSY: "device or resource busy",
  EXDEV: "not on the same file system",
  EBADF: "stdout is closed",
};

/**
 * An error in words: `no space left on device`. A code not listed gives Node's own words for it, without
 * the code and the call (`ENXIO: no such device or address, open 'x'` -> `no such device or address`).
 */
export function errnoWords(error: unknown): string {
  const err = error as Partial<NodeJS.ErrnoException> | undefined;
  const code = err?.code;
  const listed = code === undefined ? undefined : ERRNO_WORDS[code];
  if (listed !== undefined) return listed;
  const message = typeof err?.message === "string" ? err.message : String(error);
  const words = message.replace(/^[A-Z][A-Z0-9_]*: /, "").replace(/, [a-z]+(?: '.*)?$/, "");
  return words === "" || /^E[A-Z0-9]+$/.test(words) ? "unknown error" : words;
}

/** Why the file `path` cannot be written, in words: `the folder out does not exist`. */
export function describeOutputError(path: string, error: unknown): string {
  const code = (error as Partial<NodeJS.ErrnoException> | undefined)?.code;
  const folder = dirname(path);
  if (code === "ENOENT") return `the folder ${folder} does not exist`;
  if (code === "ENOTDIR") return `the folder ${folder} does not exist (a part of its path is a file)`;
  if (code === "EACCES" || code === "EPERM") return `permission denied in the folder ${folder}`;
  if (code === "EISDIR") return "it is a directory";
  return errnoWords(error);
}
