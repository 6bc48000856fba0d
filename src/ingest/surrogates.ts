// Unpaired surrogates: valid JSON (`"\ud800"`) but no Unicode text; found once per line, cheaply.

// JSON.parse makes a lone surrogate only from a \uD800-\uDFFF escape (raw surrogates are no valid UTF-8 and
// never reach it), so a line without such an escape is not walked at all.
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Where a parsed line holds an unpaired surrogate: the JSON pointer of the value (or key) and the code unit. */
export interface LoneSurrogate {
  pointer: string;
  codeUnit: number;
  inKey: boolean;
}

/**
 * A string (value or key) of the parsed line `value` holding an unpaired surrogate, or undefined.
 * `text` is the line as parsed: without a surrogate escape in it the value is not walked. The walk uses its
 * own stack, so a line nested 500,000 deep cannot overflow the call stack.
 */
export function findLoneSurrogate(text: string, value: unknown): LoneSurrogate | undefined {
  // includes() first: most lines have no \u escape at all, and it is four times cheaper than the regex.
  if (!text.includes("\\u") || !SURROGATE_ESCAPE.test(text)) return undefined;
  const stack: [unknown, string][] = [[value, ""]];
  while (stack.length > 0) {
    const [item, pointer] = stack.pop() as [unknown, string];
    if (typeof item === "string") {
      const found = loneIn(item);
      if (found !== undefined) return { pointer, codeUnit: found, inKey: false };
    } else if (Array.isArray(item)) {
      for (let i = item.length - 1; i >= 0; i -= 1) stack.push([item[i], `${pointer}/${i}`]);
    } else if (typeof item === "object" && item !== null) {
      const keys = Object.keys(item);
      for (let i = keys.length - 1; i >= 0; i -= 1) {
        const key = keys[i] as string;
        const child = `${pointer}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`;
        const found = loneIn(key);
        if (found !== undefined) return { pointer: child, codeUnit: found, inKey: true };
        stack.push([(item as Record<string, unknown>)[key], child]);
      }
    }
  }
  return undefined;
}

function loneIn(text: string): number | undefined {
  const match = LONE_SURROGATE.exec(text);
  return match === null ? undefined : match[0].charCodeAt(0);
}
