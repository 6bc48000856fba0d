// The rejected file's line for a refused body: when, why, who, and what was sent.
import type { Delivery } from "./body.js";
import type { Body } from "./request-body.js";

/** The rejected-file line of a refused body: when, why, what was sent (as text if UTF-8, else base64). */
export function rejectedRecord(
  delivery: Delivery,
  receivedAt: Date,
  outcome: { status: number; code: string; reason: string },
  body: Body,
  remote: string,
): string {
  let text: string | undefined;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(body.bytes);
  } catch {
    text = undefined;
  }
  return JSON.stringify({
    received_at: receivedAt.toISOString(),
    status: outcome.status,
    code: outcome.code,
    reason: outcome.reason,
    method: delivery.method,
    content_type: delivery.contentType ?? null,
    ...(delivery.contentEncoding === undefined ? {} : { content_encoding: delivery.contentEncoding }),
    remote_address: remote,
    ...(delivery.query === "" ? {} : { query: delivery.query }),
    bytes: body.size,
    ...(body.tooLarge ? { truncated: true } : {}),
    ...(text === undefined ? { body_base64: body.bytes.toString("base64") } : { body: text }),
  });
}
