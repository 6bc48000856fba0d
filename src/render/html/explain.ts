// --explain --format html: one self-contained page in the report's style (same CSP, no script): the figure,
// its definition, numerator and denominator, and the calls behind each.
import type { ExplainedPart, Explanation } from "../../report/explain-figure.js";
import {
  callColumns,
  eventsText,
  explainedName,
  figure,
  iso,
  plain,
  unlistedReason,
} from "../explain-text.js";
import { h } from "./escape.js";
import { pageHead } from "./page.js";

/** The explanation as an HTML page. */
export function renderExplainHtml(e: Explanation, toolVersion: string): string {
  const name = explainedName(e);
  const d = e.definition;
  const parts =
    e.shape === "input" || e.shape === "whole"
      ? [`<p>${h(unlistedReason(e))}</p>`]
      : [
          section(
            e.shape === "values"
              ? `Calls behind it, largest first: ${e.numerator.counts} (${e.numerator.value ?? "–"})`
              : `${e.shape === "rate" ? "Numerator" : "Counted"}: ${e.numerator.counts} (${e.numerator.value ?? "–"})`,
            e.numerator,
            e.shape === "values",
          ),
          e.denominator === undefined
            ? ""
            : section(
                `Denominator: ${e.denominator.counts} (${e.denominator.value ?? "–"}); the calls not in the numerator`,
                e.denominator,
                false,
              ),
        ];
  return `${pageHead(`${name} explained – teltel-events`)}
<body>
<main>
<header><h1>${h(name)} = ${h(figure(e.value, e.kind))}</h1>
<p>${h(d === null ? e.about : `${d.label}: ${plain(d.formula)}`)}</p>
${d?.over === undefined ? "" : `<p>Over ${h(plain(d.over))}.</p>`}${d?.notes === undefined ? "" : `<p>${h(plain(d.notes))}.</p>`}
${e.consistent ? "" : "<p><strong>The calls recounted here do not add up to the report's figure: a defect, please report it.</strong></p>"}
</header>
${parts.join("\n")}
<footer>Made by teltel-events ${h(toolVersion)}; no data leaves this file.</footer>
</main>
</body>
</html>
`;
}

function section(title: string, part: ExplainedPart, values: boolean): string {
  const head = callColumns(values);
  const rows = part.calls.map(
    (call) =>
      `<tr><td>${h(call.sessionId)}</td><td>${h(iso(call.start))}</td><td>${h(call.direction)}</td><td>${h(call.type)}</td>${
        values ? `<td class="num">${h((call.values ?? []).join(", "))}</td>` : ""
      }<td>${h(`${call.file}:${call.line}`)}</td><td>${h(eventsText(call.events))}</td></tr>`,
  );
  const more =
    part.unlisted > 0 ? `<p>… and ${part.unlisted} more (<code>--max-problems</code> lists more).</p>` : "";
  return `<section class="panel wide"><h2>${h(title)}</h2>
${rows.length === 0 ? "<p>none</p>" : `<table><thead><tr>${head.map((c) => `<th>${h(c)}</th>`).join("")}</tr></thead><tbody>${rows.join("")}</tbody></table>`}${more}</section>`;
}
