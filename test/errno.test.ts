// System errors in words: the sentences a failed -o or input gives never show an errno code.
import { describe, expect, it } from "vitest";
import { describeOutputError, errnoWords } from "../src/errno.js";

const failure = (code: string, message = `${code}: whatever, open 'x'`) =>
  Object.assign(new Error(message), { code });

describe("errnoWords", () => {
  it("says listed codes as strerror does, and others in Node's words without the code", () => {
    expect(errnoWords(failure("ENOSPC"))).toBe("no space left on device");
    expect(errnoWords(failure("ELOOP"))).toBe("too many levels of symbolic links");
    expect(errnoWords(failure("ESTALE", "ESTALE: stale file handle, open '/nfs/x'"))).toBe(
      "stale file handle",
    );
    expect(errnoWords(failure("EWHAT", "EWHAT"))).toBe("unknown error");
    expect(errnoWords(new Error("plain words"))).toBe("plain words");
  });
});

describe("describeOutputError", () => {
  it("names the folder the -o file cannot be written in", () => {
    expect(describeOutputError("out/r.json", failure("ENOENT"))).toBe("the folder out does not exist");
    expect(describeOutputError("a/b/r.json", failure("ENOTDIR"))).toBe(
      "the folder a/b does not exist (a part of its path is a file)",
    );
    expect(describeOutputError("/srv/r.json", failure("EACCES"))).toBe(
      "permission denied in the folder /srv",
    );
    expect(describeOutputError("out", failure("EISDIR"))).toBe("it is a directory");
    expect(describeOutputError("r.json", failure("ENOSPC"))).toBe("no space left on device");
  });
});
