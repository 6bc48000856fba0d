// JUnit XML renderer of validate: a testsuite per input file, a testcase per rule, failures for its errors.
import type { Finding, ValidateResult } from "../commands/validate.js";
import { RULES } from "../rules.js";
import { escapeControls } from "./escape.js";
import { counted } from "./words.js";

/** When the run started (epoch ms) and how long it took (seconds): JUnit's timestamp and time. */
export interface RunTiming {
  startedAt: number;
  seconds: number;
}

/** Escapes text for XML content and attributes, dropping characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** Text from the input as XML: control characters shown escaped (as on a terminal), then escapeXml. */
function xmlText(text: string): string {
  return escapeXml(escapeControls(text));
}

/**
 * The whole result as one JUnit XML document, valid against the Jenkins xunit plugin's JUnit schema
 * (junit-10.xsd). `time` is the run's seconds on <testsuites> and 0 on suites and cases (the files and rules
 * are checked together, in one pass); `timestamp` (on <testsuite>, the only element the schema gives one) is
 * the run's start in UTC, written as Ant's JUnit format has it, without a zone.
 */
export function renderFindingsJunit(result: ValidateResult, run: RunTiming): string {
  const timestamp = new Date(run.startedAt).toISOString().slice(0, 19);
  const codes = Object.keys(result.rules).filter((code) => result.rules[code] !== "off");
  const suites: string[] = [];
  let totalTests = 0;
  let totalFailures = 0;
  for (const file of result.summary.fileNames) {
    const counts = result.summary.findingsByFile[file] ?? {};
    const findings = result.findings.filter((f) => f.file === file);
    const cases: string[] = [];
    let failures = 0;
    for (const code of codes) {
      const mine = findings.filter((f) => f.code === code);
      const total = Object.hasOwn(counts, code) ? (counts[code] ?? 0) : 0;
      const name = escapeXml(`${code}: ${RULES[code]?.description ?? "custom rule"}`);
      const shown = total > mine.length ? ` (${mine.length} shown)` : "";
      let body = "";
      if (total > 0 && result.rules[code] === "error") {
        failures += 1;
        body = `\n      <failure type="${escapeXml(code)}" message="${counted(total, "finding")}${shown}">${lines(mine)}</failure>`;
      } else if (total > 0) {
        body = `\n      <system-out>${counted(total, "warning")}${shown}\n${lines(mine)}</system-out>`;
      }
      const classname = xmlText(`teltel-events.${file}`);
      cases.push(
        body === ""
          ? `    <testcase classname="${classname}" name="${name}" time="0"/>`
          : `    <testcase classname="${classname}" name="${name}" time="0">${body}\n    </testcase>`,
      );
    }
    totalTests += codes.length;
    totalFailures += failures;
    suites.push(
      `  <testsuite name="${xmlText(file)}" tests="${codes.length}" failures="${failures}" errors="0" skipped="0" time="0" timestamp="${timestamp}">\n${cases.join("\n")}\n  </testsuite>`,
    );
  }
  const time = run.seconds.toFixed(3);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="teltel-events validate" tests="${totalTests}" failures="${totalFailures}" errors="0" time="${time}">\n${suites.join("\n")}\n</testsuites>\n`;
}

/** The findings of one rule, one per line, as XML text. */
function lines(findings: readonly Finding[]): string {
  return findings
    .map((f) => xmlText(`${f.file}:${f.line}${f.column === undefined ? "" : `:${f.column}`} ${f.message}`))
    .join("\n");
}
