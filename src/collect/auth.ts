// The shared-secret check of /events: Authorization: Bearer TOKEN or ?token=TOKEN, compared in constant time.
import { createHash, timingSafeEqual } from "node:crypto";

/** How a request's credentials compare with the token. */
export type AuthResult = "ok" | "missing" | "wrong";

/** Checks the tokens a request presents (header and query); undefined when the collector runs without auth. */
export type TokenCheck = (
  authorization: string | undefined,
  queryTokens: (string | undefined)[],
) => AuthResult;

const BEARER = /^Bearer[ \t]+([^ \t]+)[ \t]*$/i;

const digest = (text: string): Buffer => createHash("sha256").update(text, "utf8").digest();

/**
 * A check against `token`. Both sides are hashed first, so timingSafeEqual compares two 32-byte digests: the
 * time taken says nothing about the token's length or about how much of it a guess got right. Every token
 * presented must match (a right header and a wrong ?token= is wrong).
 */
export function tokenCheck(token: string): TokenCheck {
  const expected = digest(token);
  const matches = (presented: string): boolean => timingSafeEqual(digest(presented), expected);
  return (authorization, queryTokens) => {
    const presented: (string | undefined)[] = [...queryTokens];
    if (authorization !== undefined) presented.push(BEARER.exec(authorization)?.[1]);
    if (presented.length === 0) return "missing";
    // No early exit: every presented token is compared.
    let ok = true;
    for (const candidate of presented) ok = candidate !== undefined && matches(candidate) && ok;
    return ok ? "ok" : "wrong";
  };
}
