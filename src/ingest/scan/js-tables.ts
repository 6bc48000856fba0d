// The JS scanner's tables, made once from spec.ts: keys and enum values as bytes, keys by their first byte,
// the byte classes inside strings and each slot's kind.
import { ATTRIBUTE_NAMES, CALLBACK_KEY_NAMES, DATA_KEY_NAMES, ENUMS, KINDS } from "./spec.js";

const bytesOf = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
/** each attribute key with its closing `":`, by slot */
export const KEY_BYTES = ATTRIBUTE_NAMES.map((name) => bytesOf(`${name}":`));
/** data's keys with their closing `":` */
export const DATA_KEY_BYTES = DATA_KEY_NAMES.map((name) => bytesOf(`${name}":`));
/** data.callback's keys with their closing `":` */
export const CALLBACK_KEY_BYTES = CALLBACK_KEY_NAMES.map((name) => bytesOf(`${name}":`));
/** the attribute slots by the first byte of their key */
export const KEYS_BY_FIRST: number[][] = Array.from({ length: 256 }, () => []);
ATTRIBUTE_NAMES.forEach((name, s) => {
  KEYS_BY_FIRST[name.charCodeAt(0)]?.push(s);
});
/** each enum slot's values as bytes (undefined: no enum) */
export const ENUM_BYTES = ATTRIBUTE_NAMES.map((name) => ENUMS[name]?.map(bytesOf));
/** bytes inside strings: 0 printable ASCII, 1 the quote, 2 anything else (backslash, control, non-ASCII) */
export const CLASS = new Uint8Array(256).fill(2);
for (let c = 0x20; c <= 0x7e; c += 1) CLASS[c] = 0;
CLASS[0x22] = 1;
CLASS[0x5c] = 2;
/** each attribute slot's kind */
export const KIND_OF = Uint8Array.from(KINDS);
