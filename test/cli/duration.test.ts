// The one duration syntax of window options (--return-window): 90m, 24h, 2d, 30s or plain seconds.
import { InvalidArgumentError } from "commander";
import { describe, expect, it } from "vitest";
import { duration } from "../../src/cli/duration.js";

describe("duration", () => {
  it.each([
    ["90m", 5400],
    ["24h", 86_400],
    ["2d", 172_800],
    ["30s", 30],
    ["3600", 3600],
    ["1.5h", 5400],
    ["0", 0],
    [" 45M ", 2700],
    ["2 h", 7200],
  ])("%s is %d seconds", (text, seconds) => {
    expect(duration(text)).toBe(seconds);
  });

  it.each(["", "h", "-1h", "24x", "1h30m", "1e3", "Infinity", "0x10", "2w", "1,5h"])(
    "%j is refused with a sentence that shows the syntax",
    (text) => {
      expect(() => duration(text)).toThrow(InvalidArgumentError);
      expect(() => duration(text)).toThrow(
        "expected a duration such as 90m, 24h, 2d or a number of seconds.",
      );
    },
  );
});
