// The bundled schema's rules a scan's bytes alone do not show: the required attributes and the "always and only
// in" rules of the vendor's reference, over the numbers and spans of a scan (spec.ts's OUT).
import { OUT, SLOT, VALUE } from "./spec.js";

const has = (out: Int32Array, s: number): boolean => (out[OUT.spans + 2 * s] as number) >= 0;

/** Whether a fully scanned line (its outputs and its mask of keys seen) obeys the schema's rules. */
export function obeysRules(out: Int32Array, seen: number): boolean {
  const ev = out[SLOT.event] as number;
  if (ev === 0 || out[SLOT.direction] === 0 || out[SLOT.type] === 0) return false;
  if (!has(out, SLOT.id) || !has(out, SLOT.timestamp)) return false;
  if (!has(out, SLOT.accountcode) || !has(out, SLOT.session_id)) return false;
  if ((ev === VALUE.RINGRESULT) !== (out[SLOT.state] !== 0)) return false;
  const party = ev === VALUE.READY || ev === VALUE.JOIN || ev === VALUE.LEAVE;
  if (party !== (out[SLOT.subject_type] !== 0) || party !== has(out, SLOT.subject)) return false;
  if ((out[SLOT.subject_type] === VALUE.sip) !== has(out, SLOT.subject_user)) return false;
  const completed = ev === VALUE.COMPLETED;
  if (completed !== (out[SLOT.hanged_by] !== 0) || completed !== has(out, SLOT.hanged_value)) return false;
  if (completed !== ((seen & (1 << SLOT.is_answered)) !== 0)) return false;
  if ((out[SLOT.hanged_by] === VALUE.sip) !== has(out, SLOT.hanged_user)) return false;
  if (!completed && has(out, SLOT.audio_url)) return false;
  const type = out[SLOT.type];
  if (out[SLOT.leg] !== 0 && type !== VALUE.callback && type !== VALUE.autodialer) return false;
  if (type !== VALUE.autodialer) {
    if (out[SLOT.subtype] !== 0) return false;
    if (has(out, SLOT.dataKeys) || has(out, SLOT.dataKeys + 1)) return false;
  }
  if (type !== VALUE.callback && has(out, SLOT.dataKeys + 3)) return false;
  return true;
}
