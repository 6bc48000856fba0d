// Values from the input written as JSON whatever their depth: no recursion over it, and nesting capped so that
// every JSON reader can read the output (jq 1.6 stops at 256 levels; JSON.stringify overflows the stack).

/**
 * How deep a value of an export row (an event's `data` or `extra`) may nest, the value itself being level 1:
 * a row in a JSON array is then at most 66 levels deep.
 */
export const MAX_VALUE_DEPTH = 64;

type Container = Record<string, unknown> | unknown[];

/**
 * The value itself when it nests at most `max` levels (nearly always: nothing is copied); otherwise a copy in
 * which every array or object at level `max` + 1 is replaced by a string holding its JSON text. Walks with
 * its own stack, so a value nested 100,000 deep costs memory, not the call stack.
 */
export function capDepth(value: unknown, max = MAX_VALUE_DEPTH): unknown {
  if (!isContainer(value) || depthAtMost(value, max)) return value;
  const root: Container = Array.isArray(value) ? [] : {};
  const stack: [Container, Container, number][] = [[value, root, 1]];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const [from, to, level] = item;
    for (const key of Object.keys(from)) {
      const child = (from as Record<string, unknown>)[key];
      let copy: unknown = child;
      if (isContainer(child)) {
        if (level + 1 > max) copy = jsonText(child);
        else {
          copy = Array.isArray(child) ? [] : {};
          stack.push([child, copy as Container, level + 1]);
        }
      }
      // An own property even for the key `__proto__` (an assignment would set the prototype).
      Object.defineProperty(to, key, { value: copy, enumerable: true, writable: true, configurable: true });
    }
  }
  return root;
}

/** The row itself, or (when a value of it nests deeper than MAX_VALUE_DEPTH) a copy with those values capped. */
export function capRowDepth<Row extends object>(row: Row): Row {
  let copy: Record<string, unknown> | undefined;
  const record = row as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (!isContainer(value)) continue;
    const capped = capDepth(value);
    if (capped === value) continue;
    copy ??= { ...record };
    copy[key] = capped;
  }
  return (copy ?? row) as Row;
}

/** Whether no array or object in `value` is deeper than `max` levels (the value itself is level 1). */
function depthAtMost(value: Container, max: number): boolean {
  const stack: [Container, number][] = [[value, 1]];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const [container, level] = item;
    if (level > max) return false;
    for (const key of Object.keys(container)) {
      const child = (container as Record<string, unknown>)[key];
      if (isContainer(child)) stack.push([child, level + 1]);
    }
  }
  return true;
}

/**
 * JSON.stringify of a JSON value (as JSON.parse makes it), the same text, without recursion: an attribute
 * holding undefined is left out and an array item holding it is `null`, as JSON.stringify does.
 */
export function jsonText(value: unknown): string {
  const out: string[] = [];
  // Either text to write as it is, or a value still to write (boxed, so a string value is not taken for text).
  const stack: (string | { value: unknown })[] = [{ value }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if (typeof item === "string") {
      out.push(item);
      continue;
    }
    const v = item.value;
    if (Array.isArray(v)) {
      stack.push("]");
      for (let i = v.length - 1; i >= 0; i -= 1) {
        stack.push({ value: v[i] === undefined ? null : v[i] });
        if (i > 0) stack.push(",");
      }
      stack.push("[");
    } else if (isContainer(v)) {
      const object = v as Record<string, unknown>;
      const keys = Object.keys(object).filter((key) => object[key] !== undefined);
      stack.push("}");
      for (let i = keys.length - 1; i >= 0; i -= 1) {
        const key = keys[i] as string;
        stack.push({ value: object[key] });
        stack.push(`${JSON.stringify(key)}:`);
        if (i > 0) stack.push(",");
      }
      stack.push("{");
    } else out.push(JSON.stringify(v) ?? "null");
  }
  return out.join("");
}

function isContainer(value: unknown): value is Container {
  return typeof value === "object" && value !== null;
}
