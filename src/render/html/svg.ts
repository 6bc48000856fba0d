// ECharts' SVG made fit for a strict Content-Security-Policy: no style attributes or elements, no foreign ids.

// CSS properties ECharts writes in style="" that SVG also takes as presentation attributes.
const PRESENTATION = new Set([
  "fill",
  "fill-opacity",
  "font-family",
  "font-size",
  "font-style",
  "font-weight",
  "opacity",
  "stroke",
  "stroke-opacity",
  "stroke-width",
  "visibility",
]);
// Values made only of these characters: no quotes, no url(), no escapes.
const SAFE_VALUE = /^[\w\s.,#%()-]*$/;

/**
 * The SVG with: `style` attributes turned into presentation attributes (a CSP without 'unsafe-inline' blocks
 * them), the hover `<style>` element, classes, pointer-events and ECharts' metadata removed (data shapes keep
 * a `data-mark` attribute), ECharts' ids
 * (zr0-...) renamed with `prefix` so several charts in one page never clash, the XML namespaces and fixed
 * size dropped (inline SVG in HTML needs neither; the viewBox keeps the aspect ratio), and role/label added.
 */
export function cleanSvg(svg: string, prefix: string, label: string): string {
  return (
    svg
      .replace(/<style\b[^>]*>[\s\S]*?<\/style>/g, "")
      // ECharts marks the shapes that draw data; kept as data-mark so a test can find the drawn marks.
      .replace(/ ecmeta_ssr_type="chart"/g, ' data-mark=""')
      .replace(/ style="([^"]*)"/g, (_, css: string) => styleToAttributes(css))
      .replace(/ (?:class|pointer-events|ecmeta_[a-z_]+|xmlns(?::xlink)?|version|baseProfile)="[^"]*"/g, "")
      .replace(/\bzr\d+-/g, `${prefix}-`)
      .replace(/^<svg width="\d+" height="\d+"/, `<svg role="img" aria-label="${label}"`)
      .replace(/<defs >/g, "<defs>")
      .replace(/\n/g, "")
  );
}

function styleToAttributes(css: string): string {
  let out = "";
  for (const declaration of css.split(";")) {
    const colon = declaration.indexOf(":");
    if (colon < 0) continue;
    const name = declaration.slice(0, colon).trim().toLowerCase();
    const value = declaration.slice(colon + 1).trim();
    if (PRESENTATION.has(name) && SAFE_VALUE.test(value)) out += ` ${name}="${value}"`;
  }
  return out;
}
