// GitHub Actions renderers: validate's findings and analyze's failed gates as workflow commands (::error / ::warning).
import type { ValidateResult } from "../commands/validate.js";
import type { GateResult } from "../report/gates.js";
import { escapeControls } from "./escape.js";
import { formatGateValue, groupLabel } from "./gate-tables.js";
import { counted } from "./words.js";

/** Escapes a workflow-command message as GitHub's toolkit does: %, CR, LF. */
export function escapeGithubData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Escapes a workflow-command property: like data, plus : and , which separate properties. */
export function escapeGithubProperty(text: string): string {
  return escapeGithubData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/**
 * One workflow command per finding, then a plain summary line. Values from the input are first shown with
 * control characters escaped (as on a terminal: the log viewer renders ANSI), then escaped as GitHub
 * documents, so a finding is always exactly one line and no value can end it or start a command.
 */
export function renderFindingsGithub(result: ValidateResult): string {
  const lines = result.findings.map((f) => {
    const props = [`file=${escapeGithubProperty(escapeControls(f.file))}`, `line=${f.line}`];
    if (f.column !== undefined) props.push(`col=${f.column}`);
    props.push(`title=${escapeGithubProperty(f.code)}`);
    return `::${f.severity} ${props.join(",")}::${escapeGithubData(escapeControls(f.message))}`;
  });
  const s = result.summary;
  const more = result.findingsOmitted > 0 ? ` (${result.findingsOmitted} more not shown)` : "";
  lines.push(
    `teltel-events validate: ${counted(s.lines, "line")}, ${s.invalid} invalid, ${counted(s.errors, "error")}, ${counted(s.warnings, "warning")}${more}`,
  );
  return `${lines.join("\n")}\n`;
}

/**
 * Failed gates of analyze as workflow commands (`--gates-format github`): `::error` for an error-level gate,
 * `::warning` for a warning, one per failing group of a selector gate, then a plain summary line. GitHub
 * shows only the first 10 of each per step, so the worst group of every failed gate comes first, then the
 * other failing groups, worst first. With --fail-on-skip a skipped error-level gate is an `::error` too (it
 * fails the run). Escaped as the findings are: the expression and group keys cannot end the line or start
 * another command.
 */
export function renderGatesGithub(
  results: readonly GateResult[],
  options: { failOnSkip?: boolean } = {},
): string {
  const first: string[] = [];
  const rest: string[] = [];
  for (const gate of results) {
    const command = gate.level === "error" ? "error" : "warning";
    const title = `title=${escapeGithubProperty(escapeControls(`gate ${gate.expr}`))}`;
    const line = (message: string) => `::${command} ${title}::${escapeGithubData(escapeControls(message))}`;
    if (gate.status === "skip" && gate.level === "error" && options.failOnSkip === true) {
      const why = gate.reason === "no-baseline" ? "no baseline value" : `n=${gate.n}`;
      first.push(line(`${gate.expr}: skipped (${why}), and --fail-on-skip fails the run on a skip`));
    }
    if (gate.status !== "fail") continue;
    // Groups come worst first from the evaluation.
    const failing = gate.groups === undefined ? [undefined] : gate.groups.filter((g) => g.status === "fail");
    failing.forEach((group, i) => {
      const measured = group ?? gate;
      const where = group === undefined ? "" : ` for ${groupLabel(gate, group)}`;
      const base =
        measured.baseline === undefined ? "" : `, baseline ${formatGateValue(gate.kind, measured.baseline)}`;
      const message = `${gate.expr}${where}: ${formatGateValue(gate.kind, measured.value)} (n=${measured.n}${base})`;
      (i === 0 ? first : rest).push(line(message));
    });
  }
  const count = (level: string, status: string) =>
    results.filter((r) => (level === "" || r.level === level) && r.status === status).length;
  const warnings = count("warn", "fail");
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const summary = `teltel-events analyze: ${plural(results.length, "gate")}, ${count("error", "fail")} failed, ${plural(warnings, "warning")}, ${count("", "skip")} skipped`;
  return `${[...first, ...rest, summary].join("\n")}\n`;
}
