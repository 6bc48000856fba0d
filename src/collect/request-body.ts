// A request's body, read up to the limit (the rest drained, bounded), or none for a GET.
import type { IncomingMessage } from "node:http";

/** Bytes of an over-long body still read (and dropped) so the client hears the 413 instead of a reset. */
const DRAIN_LIMIT = 1 << 20;

/** A body as received: its first bytes (up to the limit) and how many bytes came in all. */
export interface Body {
  bytes: Buffer;
  /** Bytes received in all, past the limit too. */
  size: number;
  tooLarge: boolean;
}

/** A GET's body (if a client sends one) is read and dropped: the event is the query string. */
export function emptyBody(req: IncomingMessage): Body {
  req.resume();
  return { bytes: Buffer.alloc(0), size: 0, tooLarge: false };
}

/** The body up to `limit` bytes; past it, the rest is read and dropped (up to DRAIN_LIMIT more). */
export function readBody(req: IncomingMessage, limit: number): Promise<Body> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    let size = 0;
    const done = (): void => resolve({ bytes: Buffer.concat(chunks), size, tooLarge: size > limit });
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (kept < limit) {
        const piece = chunk.subarray(0, limit - kept);
        chunks.push(piece);
        kept += piece.length;
      }
      if (size > limit + DRAIN_LIMIT) {
        req.pause();
        done();
      }
    });
    req.on("end", done);
    req.on("error", reject);
    req.on("close", () => {
      if (!req.complete) reject(new Error("the request was aborted"));
    });
  });
}
