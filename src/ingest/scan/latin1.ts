// Bytes as a latin1 string, one char per byte: Buffer's own latin1Slice (what toString("latin1") calls, without
// its argument checks), over any Uint8Array (a batch, or the wasm scanner's memory).
const slice = (
  Buffer.prototype as unknown as { latin1Slice(this: Uint8Array, from: number, to: number): string }
).latin1Slice;

/** Bytes [from, to) of `bytes` as one flat latin1 string. */
export function latin1(bytes: Uint8Array, from: number, to: number): string {
  return slice.call(bytes, from, to);
}
