#!/usr/bin/env node
// The README's example outputs, made by the tool: every fenced block right after a marker
//   <!-- example: ARGS [&& ARGS ...] [| FILTER ...] -->
// holds the output of `teltel-events ARGS` (the last command; those before it only prepare files, e.g. a
// baseline made with -o). Each example runs the built bin (dist/: `npm run build` first) with NO_COLOR=1 in
// a fresh temporary directory where `samples` is the repository's samples/, so paths print as in the README.
// Filters, applied in order to the output:
//   prompt           the block starts with the command line, `$ teltel-events ARGS`
//   keys A,B,...     (JSON) only these top-level keys, in the tool's order
//   slice PATH A:B   (JSON) the array at PATH (dotted: kpis.groups, breakdowns.0.groups) keeps items A..B-1
//   items N          (JSON) every other array of arrays or objects keeps its first N items
//   round N          (JSON) fractions rounded to N decimals
// A cut array says what it left out in a string item ("... 3 more", "... 8 earlier"). JSON is laid out in
// the README's style: one top-level key per line, nested values filled up to 110 columns.
//
//   node scripts/readme-examples.mjs            rewrite the blocks of README.md that differ (npm run readme:examples)
//   node scripts/readme-examples.mjs --check    exit 1 when a block differs (the test runs this)
//   --readme FILE                               another file than README.md
// Exit 0: done or up to date; 1: --check found a difference; 2: an example could not be made (the others are
// still checked or rewritten; its block is left as it was, and stderr says why).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BIN = join(ROOT, "bin", "teltel-events.js");
const WIDTH = 110;
const MARKER = /^<!-- example: (.+?) -->$/;

/** A failure that stops the script with exit 2 and one line on stderr. */
class ExampleError extends Error {}

function main(argv) {
  const check = argv.includes("--check");
  const at = argv.indexOf("--readme");
  const readme = resolve(at === -1 ? join(ROOT, "README.md") : (argv[at + 1] ?? ""));
  if (!existsSync(join(ROOT, "dist", "cli.js")))
    throw new ExampleError("dist/ is missing: run npm run build first.");
  const text = readFileSync(readme, "utf8");
  const lines = text.split("\n");
  const differing = [];
  const failed = [];
  let examples = 0;
  for (let i = 0; i < lines.length; i += 1) {
    const marker = MARKER.exec(lines[i]);
    if (marker === null) continue;
    const open = lines[i + 1] ?? "";
    if (!open.startsWith("```"))
      throw new ExampleError(`line ${i + 1}: no fenced block right after the marker.`);
    const close = lines.findIndex((line, j) => j > i + 1 && line === "```");
    if (close === -1) throw new ExampleError(`line ${i + 2}: the fenced block is not closed.`);
    examples += 1;
    const spec = marker[1];
    const have = lines.slice(i + 2, close);
    let want;
    try {
      want = example(spec, i + 1).split("\n");
    } catch (error) {
      // One broken example does not stop the others: its block stays, and the run ends with exit 2.
      if (!(error instanceof ExampleError)) throw error;
      failed.push(error.message);
      i = close;
      continue;
    }
    if (want.join("\n") === have.join("\n")) {
      i = close;
      continue;
    }
    differing.push({ line: i + 1, spec, diff: firstDifference(have, want) });
    if (check) i = close;
    else {
      // Line numbers after this block shift with it: they are those of the file as written.
      lines.splice(i + 2, close - i - 2, ...want);
      i += 1 + want.length;
    }
  }
  if (examples === 0) throw new ExampleError(`${readme}: no <!-- example: ... --> marker.`);
  for (const d of differing) {
    process.stdout.write(`${check ? "differs" : "updated"}: line ${d.line}: ${d.spec}\n${d.diff}\n`);
  }
  for (const message of failed) process.stderr.write(`readme-examples: ${message}\n`);
  if (check) {
    if (failed.length > 0) return 2;
    if (differing.length > 0) {
      process.stdout.write(
        `${differing.length} of ${examples} README examples differ from the tool: npm run readme:examples\n`,
      );
      return 1;
    }
    return 0;
  }
  if (differing.length > 0) writeFileSync(readme, lines.join("\n"));
  const broken = failed.length > 0 ? `, ${failed.length} could not be made (left as they were)` : "";
  process.stdout.write(`${examples} examples, ${differing.length} updated${broken}\n`);
  return failed.length > 0 ? 2 : 0;
}

/** The block's text for one marker: the commands run, the last one's output filtered. */
function example(spec, line) {
  const [commands, ...filters] = spec.split(" | ").map((part) => part.trim());
  const runs = commands.split(" && ").map((command) => words(command, line));
  const dir = mkdtempSync(join(tmpdir(), "teltel-readme-"));
  try {
    symlinkSync(join(ROOT, "samples"), join(dir, "samples"), "dir");
    let output = "";
    for (const args of runs) output = run(args, dir, line);
    return applyFilters(output, filters, runs[runs.length - 1], line);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the bin; exit 0 or 1 (findings) is an output, anything else a broken example. */
function run(args, cwd, line) {
  const env = { ...process.env, NO_COLOR: "1", CI: "1" };
  delete env.FORCE_COLOR;
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    env,
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  if (result.error !== undefined) throw new ExampleError(`line ${line}: ${result.error.message}`);
  if (result.status !== 0 && result.status !== 1) {
    const why = result.stderr.trim().split("\n")[0] ?? "";
    throw new ExampleError(`line ${line}: teltel-events ${args.join(" ")} exited ${result.status}: ${why}`);
  }
  return result.stdout;
}

/** A command line split into arguments as a POSIX shell would: spaces, '...' and "..." quotes, no expansion. */
function words(command, line) {
  const out = [];
  let word = null;
  let quote = null;
  for (const c of command.trim()) {
    if (quote !== null) {
      if (c === quote) quote = null;
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      word ??= "";
    } else if (c === " ") {
      if (word !== null) out.push(word);
      word = null;
    } else word = (word ?? "") + c;
  }
  if (quote !== null) throw new ExampleError(`line ${line}: unclosed ${quote} in the command.`);
  if (word !== null) out.push(word);
  return out;
}

function applyFilters(output, filters, args, line) {
  const prompt = filters.includes("prompt");
  const jsonFilters = filters.filter((f) => f !== "prompt");
  let text = output.replace(/\n$/, "");
  if (jsonFilters.length > 0) {
    let value;
    try {
      value = JSON.parse(output);
    } catch {
      throw new ExampleError(`line ${line}: the output is not JSON, so "${jsonFilters[0]}" cannot apply.`);
    }
    const cut = new Set();
    let items;
    let decimals;
    for (const filter of jsonFilters) {
      const [name, arg = ""] = filter.split(/ +(.*)/s);
      if (name === "keys") value = pickKeys(value, arg.split(","), line);
      else if (name === "slice") slice(value, arg, cut, line);
      else if (name === "items") items = Number(arg);
      else if (name === "round") decimals = Number(arg);
      else throw new ExampleError(`line ${line}: unknown filter "${filter}".`);
    }
    if (items !== undefined) value = limitItems(value, items, cut);
    if (decimals !== undefined) value = round(value, decimals);
    text = layout(value);
  }
  return prompt ? `$ teltel-events ${args.map(shellWord).join(" ")}\n${text}` : text;
}

function shellWord(arg) {
  return /^[\w./:=@%+,-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`;
}

function pickKeys(value, keys, line) {
  const missing = keys.filter((key) => !Object.hasOwn(value, key));
  if (missing.length > 0)
    throw new ExampleError(`line ${line}: the output has no key ${missing.join(", ")}.`);
  return Object.fromEntries(Object.entries(value).filter(([key]) => keys.includes(key)));
}

function slice(root, arg, cut, line) {
  const [path = "", range = ""] = arg.split(" ");
  const [from, to] = range.split(":").map(Number);
  let parent = null;
  let key = null;
  let value = root;
  for (const step of path.split(".")) {
    parent = value;
    key = Array.isArray(value) ? Number(step) : step;
    value = value?.[key];
  }
  if (!Array.isArray(value) || !Number.isInteger(from) || !Number.isInteger(to))
    throw new ExampleError(`line ${line}: "slice ${arg}" names no array (or no FROM:TO).`);
  const kept = value.slice(from, to);
  if (from > 0) kept.unshift(`... ${from} earlier`);
  if (value.length > to) kept.push(`... ${value.length - to} more`);
  parent[key] = kept;
  cut.add(kept);
}

/** Arrays of arrays or objects cut to their first `n` items (scalar lists stay whole: they fill a line). */
function limitItems(value, n, cut) {
  if (Array.isArray(value)) {
    const items = value.map((item) => limitItems(item, n, cut));
    if (cut.has(value) || !value.some((item) => typeof item === "object" && item !== null)) return items;
    if (items.length <= n) return items;
    return [...items.slice(0, n), `... ${items.length - n} more`];
  }
  if (typeof value === "object" && value !== null)
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, limitItems(item, n, cut)]));
  return value;
}

function round(value, decimals) {
  if (typeof value === "number") return Number.isInteger(value) ? value : Number(value.toFixed(decimals));
  if (Array.isArray(value)) return value.map((item) => round(item, decimals));
  if (typeof value === "object" && value !== null)
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, round(item, decimals)]));
  return value;
}

/** JSON in the README's layout: one top-level key per line, nested values filled up to WIDTH columns. */
function layout(value) {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return fill(value, 0);
  const entries = Object.entries(value).map(([key, item]) => {
    const head = `  ${JSON.stringify(key)}: `;
    return head + fill(item, head.length);
  });
  return `{\n${entries.join(",\n")}\n}`;
}

/** A value written from column `col`: on one line when it fits (leaving room for a comma), else filled. */
function fill(value, col) {
  const flat = inline(value);
  const isContainer = typeof value === "object" && value !== null;
  if (!isContainer || col + flat.length + 1 <= WIDTH) return flat;
  const array = Array.isArray(value);
  const entries = array ? value.map((item) => [null, item]) : Object.entries(value);
  if (entries.length === 0) return flat;
  const open = array ? "[" : "{ ";
  const start = col + open.length;
  let out = open;
  let at = start;
  entries.forEach(([key, item], i) => {
    const head = key === null ? "" : `${JSON.stringify(key)}: `;
    let piece = head + inline(item);
    if (i > 0) {
      if (at + 2 + piece.length + 1 > WIDTH) {
        out += `,\n${" ".repeat(start)}`;
        at = start;
      } else {
        out += ", ";
        at += 2;
      }
    }
    if (at + piece.length + 1 > WIDTH) piece = head + fill(item, at + head.length);
    out += piece;
    // The column after the piece: `out` starts at `col` on its first line.
    at = out.includes("\n") ? out.length - out.lastIndexOf("\n") - 1 : col + out.length;
  });
  return out + (array ? "]" : " }");
}

function inline(value) {
  if (Array.isArray(value)) return `[${value.map(inline).join(", ")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 0) return "{}";
    return `{ ${entries.map(([key, item]) => `${JSON.stringify(key)}: ${inline(item)}`).join(", ")} }`;
  }
  return JSON.stringify(value);
}

/** The first line where two blocks differ, as `- have` / `+ want`. */
function firstDifference(have, want) {
  let i = 0;
  while (i < have.length && i < want.length && have[i] === want[i]) i += 1;
  return [`  at block line ${i + 1}:`, `  - ${have[i] ?? "(end)"}`, `  + ${want[i] ?? "(end)"}`].join("\n");
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof ExampleError)) throw error;
  process.stderr.write(`readme-examples: ${error.message}\n`);
  process.exitCode = 2;
}
