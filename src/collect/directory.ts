// The dump directory made one level at a time: node's recursive mkdir spins for ever where mkdir answers ENOENT
// for a parent that exists (/proc, some FUSE mounts); here each level is tried once, so every failure ends.
import { mkdir, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";

/** Why the directory cannot be made: a part of the path is not a directory, or the system said no. */
export type DirectoryProblem =
  | { code: "not-a-directory"; path: string; file: boolean }
  | { code: "refused"; path: string; parent: string }
  | { code: "system"; path: string; error: unknown };

/** A directory that cannot be made, as data; the command words it. */
export class DirectoryError extends Error {
  constructor(readonly problem: DirectoryProblem) {
    super(problem.code);
  }
}

/** Directories the collector makes: mode 0750 before the umask (the dumps hold personal data). */
const MODE = 0o750;

/**
 * Makes `path` and the parents it lacks (mode 0750), or throws a DirectoryError. At most one stat per level on the
 * way up and one mkdir per level on the way down: a path of n levels costs at most 3n system calls.
 */
export async function makeDirectory(path: string): Promise<void> {
  const missing: string[] = [];
  let current = resolve(path);
  for (;;) {
    const found = await kindOf(current);
    if (found === "directory") break;
    if (found !== "missing")
      throw new DirectoryError({ code: "not-a-directory", path: current, file: found === "file" });
    const parent = dirname(current);
    // The root always exists; a path that climbs past it has nothing left to make.
    if (parent === current) break;
    missing.push(current);
    current = parent;
  }
  for (const directory of missing.reverse()) {
    try {
      await mkdir(directory, { mode: MODE });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Made by someone else meanwhile: fine if it is a directory.
      if (code === "EEXIST" && (await kindOf(directory)) === "directory") continue;
      if (code === "EEXIST")
        throw new DirectoryError({
          code: "not-a-directory",
          path: directory,
          file: (await kindOf(directory)) === "file",
        });
      // The parent was there a moment ago: ENOENT means the file system takes no new directory in it (/proc).
      if (code === "ENOENT")
        throw new DirectoryError({ code: "refused", path: directory, parent: dirname(directory) });
      throw new DirectoryError({ code: "system", path: directory, error });
    }
  }
}

/** What is at `path`: missing (or under something missing or not a directory), a directory, a file, or other. */
async function kindOf(path: string): Promise<"missing" | "directory" | "file" | "other"> {
  try {
    const found = await stat(path);
    return found.isDirectory() ? "directory" : found.isFile() ? "file" : "other";
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ENOTDIR: a parent is a file; the walk up finds it and names it.
    if (code === "ENOENT" || code === "ENOTDIR") return "missing";
    throw new DirectoryError({ code: "system", path, error });
  }
}
