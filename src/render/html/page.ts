// The HTML renderer's entry: one self-contained page with a strict Content-Security-Policy and no script.
import { createHash } from "node:crypto";
import type { AnalyzeReport } from "../../commands/analyze.js";
import { h } from "./escape.js";
import { callbacksPanel } from "./callbacks.js";
import { compliancePanels } from "./compliance.js";
import { gatesPanel } from "./gates.js";
import { headlineTiles, type PageMeta, renderHeader, renderTile } from "./header.js";
import { loadPanel } from "./load.js";
import { activityPanel, distributionsPanel, hangupsPanel, heatmapPanel, ringResultsPanel } from "./panels.js";
import { scorecardPanel } from "./scorecard.js";
import { repeatPanel } from "./repeat.js";
import { PAGE_CSS } from "./style.js";
import { breakdownPanels, qualityPanel, variantsPanel } from "./tables.js";
import { waitsPanel } from "./waits.js";

export type { PageMeta } from "./header.js";

/** The CSP: nothing may load or run; the one <style> element is allowed by its hash. */
export function contentSecurityPolicy(css: string): string {
  const hash = createHash("sha256").update(css, "utf8").digest("base64");
  return [
    "default-src 'none'",
    `style-src 'sha256-${hash}'`,
    "img-src 'none'",
    "font-src 'none'",
    "script-src 'none'",
    "connect-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}

/** A page's start up to its <body>: the CSP, the viewport, no referrer, the title (plain text) and the one stylesheet. */
export function pageHead(title: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${h(contentSecurityPolicy(PAGE_CSS))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${h(title)}</title>
<style>${PAGE_CSS}</style>
</head>`;
}

/** The analyze report as a self-contained HTML page: header, headline tiles (with deltas), gates, charts, tables. */
export function renderReportHtml(report: AnalyzeReport, meta: PageMeta): string {
  const panels = [
    wide(activityPanel(report)),
    wide(loadPanel(report)),
    wide(heatmapPanel(report)),
    ringResultsPanel(report),
    hangupsPanel(report),
    wide(distributionsPanel(report)),
    wide(waitsPanel(report)),
    ...breakdownPanels(report).map(wide),
    wide(scorecardPanel(report)),
    variantsPanel(report),
    repeatPanel(report),
    ...compliancePanels(report),
    callbacksPanel(report),
    wide(qualityPanel(report)),
  ].filter((p): p is string => p !== undefined);
  return `${pageHead("Call report – teltel-events")}
<body>
<main>
${renderHeader(report, meta)}
<section class="tiles" aria-label="Headline figures">
${headlineTiles(report).map(renderTile).join("\n")}
</section>
${[deltaNote(report), gatesPanel(report)].map((part) => (part === undefined ? "" : `${part}\n`)).join("")}<div class="grid">
${panels.join("\n")}
</div>
<footer>Made by teltel-events ${h(meta.toolVersion)}. Every figure comes from the same report as <code>--format json</code>; no data leaves this file.</footer>
</main>
</body>
</html>
`;
}

/** With a baseline: how to read the changes under the tiles. */
function deltaNote(report: AnalyzeReport): string | undefined {
  if (report.delta === undefined) return undefined;
  return `<p class="note tiles-note">Under each figure: its change from the baseline (rates in percentage points, times in seconds) and the baseline's value. ~ within noise: a two-proportion test says a change this size over these calls could be chance (|z| &lt; 1.96); every metric's change is in --format csv --table delta.</p>`;
}

function wide(section: string | undefined): string | undefined {
  return section?.replace('<section class="panel">', '<section class="panel wide">');
}
