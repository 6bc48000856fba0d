// The bundled schema's rules over a fast-path event that its bytes alone do not show: the required attributes
// and the "always and only in" rules of the vendor's reference.
import type { FastEvent } from "./fast-event.js";

/** The schema's required attributes and its "always and only in" rules, for a fully scanned event. */
export function obeysRules(e: FastEvent): boolean {
  if (
    e.event === undefined ||
    e.id === undefined ||
    e.timestamp === undefined ||
    e.accountcode === undefined ||
    e.session_id === undefined ||
    e.direction === undefined ||
    e.type === undefined
  )
    return false;
  const name = e.event;
  if ((name === "RINGRESULT") !== (e.state !== undefined)) return false;
  const party = name === "READY" || name === "JOIN" || name === "LEAVE";
  if (party !== (e.subject_type !== undefined) || party !== (e.subject !== undefined)) return false;
  if ((e.subject_type === "sip") !== (e.subject_user !== undefined)) return false;
  const completed = name === "COMPLETED";
  if (
    completed !== (e.hanged_by !== undefined) ||
    completed !== (e.hanged_value !== undefined) ||
    completed !== (e.is_answered !== undefined)
  )
    return false;
  if ((e.hanged_by === "sip") !== (e.hanged_user !== undefined)) return false;
  if (!completed && e.audio_url !== undefined) return false;
  const type = e.type;
  if (e.leg !== undefined && type !== "callback" && type !== "autodialer") return false;
  const data = e.data;
  if (type !== "autodialer") {
    if (e.subtype !== undefined) return false;
    if (data !== undefined && (data.campaign_id !== undefined || data.contact_id !== undefined)) return false;
  }
  if (type !== "callback" && data !== undefined && data.callback !== undefined) return false;
  return true;
}
