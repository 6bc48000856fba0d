// The gates panel: one row per gate (✓ pass / ✗ fail / skip as words, not only colour), then the groups of a
// selector gate the terminal table lists too: every failing one, worst first, and (none) and (other) always.
import type { AnalyzeReport } from "../../commands/analyze.js";
import type { GateGroupResult, GateResult } from "../../report/gates.js";
import { groupLabel, resultWord, shownGroups } from "../gate-tables.js";
import { h } from "./escape.js";
import { measure, num, panel } from "./figure.js";

/** The gates panel, or undefined when the run had no gates. */
export function gatesPanel(report: AnalyzeReport): string | undefined {
  const gates = report.gates;
  if (gates === undefined || gates.length === 0) return undefined;
  const count = (status: GateResult["status"], level?: GateResult["level"]) =>
    gates.filter((g) => g.status === status && (level === undefined || g.level === level)).length;
  const failed = count("fail");
  const title = `Gates: ${failed} of ${gates.length} failed (${count("fail", "error")} error, ${count(
    "fail",
    "warn",
  )} warning level), ${count("pass")} passed, ${count("skip")} skipped`;
  const withBaseline = gates.some(
    (g) => g.baseline !== undefined || (g.groups ?? []).some((group) => group.baseline !== undefined),
  );
  const columns = [
    "result",
    "gate",
    "level",
    "value",
    "threshold",
    ...(withBaseline ? ["baseline"] : []),
    "n",
  ];
  // Numbers are right-aligned, so are their headers.
  const numeric = new Set(["value", "threshold", "baseline", "n"]);
  const head = columns.map((c) => `<th scope="col"${numeric.has(c) ? ' class="n"' : ""}>${c}</th>`).join("");
  const rows = gates.flatMap((gate) => gateRows(gate, withBaseline));
  const table = `<div class="scroll"><table class="gates"><thead><tr>${head}</tr></thead><tbody>\n${rows.join(
    "\n",
  )}\n</tbody></table></div>`;
  return panel(
    title,
    table,
    "A gate fails when its condition holds; a failed error-level gate makes analyze exit 1. n: what the value is taken over (calls, answered calls, offered calls, lines); a gate over nothing is skipped — not a pass: --fail-on-skip makes a skipped error-level gate fail the run.",
  );
}

function gateRows(gate: GateResult, withBaseline: boolean): string[] {
  const groups = gate.groups;
  if (groups === undefined)
    return [row(gate, gate, `<code>${h(gate.expr)}</code>`, gate.level, withBaseline)];
  const failing = groups.filter((g) => g.status === "fail");
  const skipped = groups.filter((g) => g.status === "skip").length;
  const summary = `${num(failing.length)} of ${num(groups.length)} ${h(gate.by ?? "")} groups fail${
    skipped > 0 ? `, ${num(skipped)} skipped` : ""
  }`;
  return [
    row(
      gate,
      gate,
      `<code>${h(gate.expr)}</code><span class="sub">${summary}</span>`,
      gate.level,
      withBaseline,
    ),
    ...shownGroups(gate).map((group) =>
      row(gate, group, h(groupLabel(gate, group)), "", withBaseline, "group"),
    ),
  ];
}

/** One row: a gate (its expression as the row's header) or one of its groups (the group as the header). */
function row(
  gate: GateResult,
  result: GateResult | GateGroupResult,
  header: string,
  level: string,
  withBaseline: boolean,
  rowClass?: string,
): string {
  const cells = [
    `<td class="result ${result.status}${result.status === "fail" ? ` ${gate.level}` : ""}">${h(resultWord(result))}</td>`,
    `<th scope="row">${header}</th>`,
    `<td>${h(level)}</td>`,
    `<td class="n">${h(measure(gate.kind, result.value))}</td>`,
    `<td class="n">${h(measure(gate.kind, result.threshold))}</td>`,
    ...(withBaseline
      ? [`<td class="n">${result.baseline === undefined ? "" : h(measure(gate.kind, result.baseline))}</td>`]
      : []),
    `<td class="n">${num(result.n)}</td>`,
  ];
  return `<tr${rowClass === undefined ? "" : ` class="${rowClass}"`}>${cells.join("")}</tr>`;
}
