// GitHub Actions renderer of validate: workflow commands (::error / ::warning) so findings annotate the PR.
import type { ValidateResult } from "../commands/validate.js";
import { escapeControls } from "./escape.js";
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
