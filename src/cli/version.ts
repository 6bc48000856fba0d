// The tool's version, read once from its package.json (next to dist/ and src/ alike).
import { readFileSync } from "node:fs";

/** package.json's version, or "unknown" when the file cannot be read. */
export const VERSION: string = readVersion();

function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
      version?: unknown;
    };
    return typeof pkg.version === "string" ? pkg.version : "unknown";
  } catch {
    return "unknown";
  }
}
