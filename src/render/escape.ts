// Terminal and log safety: control characters in event values are shown escaped, never sent raw.

// C0 controls, DEL, C1 controls, the Arabic letter mark, the Mongolian vowel separator, zero-width and bidi
// formatting characters, line/paragraph separators, word joiners and invisible operators, BOM, interlinear
// annotation marks, the noncharacters U+FFFE/U+FFFF — and lone (unpaired) UTF-16 surrogates, which a terminal
// would show as U+FFFD.
const UNSAFE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
  /[\u0000-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

// The same set minus C0 controls and lone surrogates, which JSON.stringify already writes as \u escapes.
const UNSAFE_IN_JSON =
  /[\u007f-\u009f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb\ufffe\uffff]/g;

/** Replaces every control, invisible-formatting or bidi character, and lone surrogate, with a visible escape (`\x1b`, `\u202e`). */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, "0")}`
      : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Lone (unpaired) UTF-16 surrogates written as `\ud800`: UTF-8 cannot encode them, and writing one would
 * silently turn it into U+FFFD (so that `"\ud800"` and `"\ud801"` would look the same).
 */
export function escapeLoneSurrogates(text: string): string {
  return text.replace(LONE_SURROGATE, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

/** Every lone (unpaired) UTF-16 surrogate replaced by U+FFFD, as the I-JSON outputs write it: well-formed text. */
export function replaceLoneSurrogates(text: string): string {
  return text.replace(LONE_SURROGATE, "\ufffd");
}

// JSON.stringify writes a lone surrogate as a lowercase escape (`\ud800`) and a backslash as `\\`: matching
// either, left to right, finds exactly the escapes that stand for a lone surrogate, never a `\\ud800` text.
const LONE_SURROGATE_ESCAPE = /\\(?:\\|ud[89a-f][0-9a-f]{2})/g;

/**
 * I-JSON (RFC 7493): JSON.stringify, with every lone surrogate (which JSON.stringify writes as `\ud800`, and
 * strict readers — DuckDB, jq — refuse) replaced by U+FFFD, written `\ufffd`; then every character of the
 * escapeControls set that JSON.stringify leaves raw (DEL, C1 controls, bidi and zero-width characters,
 * U+2028/U+2029, BOM) written as a `\uXXXX` escape. Such characters can only occur inside JSON strings, where
 * the escape means the same character: a JSON reader gets exactly the same value, while a terminal, an editor
 * or a JavaScript eval sees only printable ASCII in their place.
 */
export function toSafeJson(value: unknown, indent?: number): string {
  let text = JSON.stringify(value, null, indent);
  if (text.includes("\\ud"))
    text = text.replace(LONE_SURROGATE_ESCAPE, (e) => (e === "\\\\" ? e : "\\ufffd"));
  return text.replace(UNSAFE_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
