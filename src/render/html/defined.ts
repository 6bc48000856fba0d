// The figures' definitions (src/report/definitions.ts) on the page: their Markdown as HTML or as plain text.
import { definition, type FigureId } from "../../report/definitions.js";
import { h } from "./escape.js";

// `code`, **bold**, *emphasis*, [text](#anchor): the only Markdown the definitions use.
const INLINE = /`([^`]+)`|\*\*([^*]+)\*\*|\*([^*]+)\*|\[([^\]]+)\]\([^)]*\)/g;

/** A definition's Markdown as HTML: text escaped, code spans as <code>, a link as its text (the page links nowhere). */
export function mdHtml(md: string): string {
  let out = "";
  let at = 0;
  for (const m of md.matchAll(INLINE)) {
    out += h(md.slice(at, m.index));
    const [, code, bold, em, link] = m;
    if (code !== undefined) out += `<code>${h(code)}</code>`;
    else if (bold !== undefined) out += `<strong>${h(bold)}</strong>`;
    else if (em !== undefined) out += `<em>${h(em)}</em>`;
    else out += h(link ?? "");
    at = m.index + m[0].length;
  }
  return out + h(md.slice(at));
}

/** A definition's Markdown as plain text (for a title attribute; escape it there). */
export function mdText(md: string): string {
  return md.replace(INLINE, (_, code, bold, em, link) => code ?? bold ?? em ?? link ?? "");
}

/** `formula, over OVER` of a figure as HTML (`over` prefixed by `n` when given: "over 23 calls with ..."). */
export function formulaOver(id: FigureId, n?: string): string {
  const d = definition(id);
  if (d.over === undefined) return mdHtml(d.formula);
  return `${mdHtml(d.formula)}, over ${n === undefined ? "" : `${h(n)} `}${mdHtml(d.over)}`;
}

/** The whole definition of a figure in plain text: formula, what it is taken over, conventions. */
export function definitionText(id: FigureId): string {
  const d = definition(id);
  const parts = [d.formula, d.over === undefined ? "" : `over ${d.over}`, d.notes ?? ""];
  return mdText(parts.filter((p) => p !== "").join("; "));
}
