// auth: the token compared through timingSafeEqual over equal-length digests, every presented token checked.
import * as crypto from "node:crypto";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { tokenCheck } from "../../src/collect/auth.js";

vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:crypto")>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

const TOKEN = "s3cret-token-0123456789";
const spy = vi.mocked(crypto.timingSafeEqual);
beforeEach(() => {
  spy.mockClear();
});

describe("tokenCheck", () => {
  it("accepts the token as a bearer header or as ?token=", () => {
    const check = tokenCheck(TOKEN);
    expect(check(`Bearer ${TOKEN}`, [])).toBe("ok");
    expect(check(`bearer  ${TOKEN} `, [])).toBe("ok");
    expect(check(undefined, [TOKEN])).toBe("ok");
    expect(check(`Bearer ${TOKEN}`, [TOKEN])).toBe("ok");
  });

  it("says missing without any token, wrong with any wrong one", () => {
    const check = tokenCheck(TOKEN);
    expect(check(undefined, [])).toBe("missing");
    expect(check("Bearer nope", [])).toBe("wrong");
    expect(check(`Basic ${TOKEN}`, [])).toBe("wrong");
    expect(check(`Bearer ${TOKEN}`, ["nope"])).toBe("wrong");
    expect(check(undefined, [TOKEN, undefined])).toBe("wrong");
    expect(check(undefined, [`${TOKEN}x`])).toBe("wrong");
    expect(check(undefined, [""])).toBe("wrong");
  });

  it("compares with timingSafeEqual, always two 32-byte digests whatever the lengths", () => {
    const check = tokenCheck(TOKEN);
    check("Bearer x", ["a much longer guess than the token itself, by far"]);
    expect(spy).toHaveBeenCalledTimes(2);
    for (const [a, b] of spy.mock.calls) {
      expect((a as Buffer).length).toBe(32);
      expect((b as Buffer).length).toBe(32);
    }
  });
});
