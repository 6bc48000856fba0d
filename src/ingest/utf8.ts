// UTF-8 checking of a line's bytes: decoding replaces bad bytes with U+FFFD silently; this says where they were.

/** Where a line's UTF-8 first goes wrong: its byte offset, the byte, and the 1-based column (characters). */
export interface Utf8Error {
  offset: number;
  byte: number;
  column: number;
}

/**
 * The line `buf[start, end)` decoded, and where its UTF-8 is invalid (the first bad sequence), if anywhere.
 * Only a line whose text holds U+FFFD is checked byte by byte, so valid lines cost one string search.
 */
export function decodeLine(buf: Buffer, start: number, end: number): { text: string; error?: Utf8Error } {
  const text = buf.toString("utf8", start, end);
  if (!text.includes("\ufffd")) return { text };
  const at = invalidUtf8Offset(buf, start, end);
  if (at === -1) return { text };
  const column = buf.toString("utf8", start, at).length + 1;
  return { text, error: { offset: at - start, byte: buf[at] as number, column } };
}

/**
 * The index of the first byte of the first invalid UTF-8 sequence in `buf[start, end)`, or -1 if all is
 * valid. Invalid as the WHATWG decoder (and so Buffer#toString) sees it: stray continuation bytes, truncated
 * sequences, overlong forms, UTF-16 surrogates (ED A0..BF) and code points above U+10FFFF.
 */
export function invalidUtf8Offset(buf: Uint8Array, start: number, end: number): number {
  let i = start;
  while (i < end) {
    const b = buf[i] as number;
    if (b < 0x80) {
      i += 1;
      continue;
    }
    let need: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) low = 0xa0;
      else if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) low = 0x90;
      else if (b === 0xf4) high = 0x8f;
    } else return i;
    if (i + need >= end) return i;
    const second = buf[i + 1] as number;
    if (second < low || second > high) return i;
    for (let k = 2; k <= need; k += 1) {
      const next = buf[i + k] as number;
      if (next < 0x80 || next > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}
