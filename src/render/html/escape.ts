// HTML escaping: every value from the input goes through here before it reaches the page.
import { escapeControls } from "../escape.js";

const HTML_SPECIAL = /[&<>"']/g;
const ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * A value as HTML text or a quoted attribute value (also SVG text): control, bidi and invisible characters
 * shown as visible escapes (so a value cannot reorder or hide the text around it), then & < > " ' as entities.
 */
export function h(value: string | number): string {
  return escapeControls(String(value)).replace(HTML_SPECIAL, (c) => ENTITIES[c] as string);
}

/** A value that is not there (null) as a dash, else escaped. */
export function hOr(value: string | number | null | undefined, none = "–"): string {
  return value === null || value === undefined ? none : h(value);
}
