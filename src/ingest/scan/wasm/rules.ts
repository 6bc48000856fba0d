// The bundled schema's required attributes and "always and only in" rules over the outputs (../rules.ts).
import {
  S_EVENT, S_ID, S_TIMESTAMP, S_ACCOUNTCODE, S_SESSION_ID, S_DIRECTION, S_TYPE, S_SUBTYPE, S_LEG, S_STATE,
  S_SUBJECT_TYPE, S_SUBJECT, S_SUBJECT_USER, S_HANGED_BY, S_HANGED_VALUE, S_HANGED_USER, S_IS_ANSWERED,
  S_AUDIO_URL, S_DATA_KEYS, V_RINGRESULT, V_READY, V_JOIN, V_LEAVE, V_COMPLETED, V_AUTODIALER, V_CALLBACK, V_SIP,
} from "./tables";
import { getOut, has } from "./out";

/** Whether a fully scanned line (its outputs, and `seen`, the mask of its keys) obeys the schema's rules. */
export function rules(seen: i32): bool {
  const ev = getOut(S_EVENT);
  if (ev == 0 || getOut(S_DIRECTION) == 0 || getOut(S_TYPE) == 0) return false;
  if (!has(S_ID) || !has(S_TIMESTAMP) || !has(S_ACCOUNTCODE) || !has(S_SESSION_ID)) return false;
  if ((ev == V_RINGRESULT) != (getOut(S_STATE) != 0)) return false;
  const party = ev == V_READY || ev == V_JOIN || ev == V_LEAVE;
  if (party != (getOut(S_SUBJECT_TYPE) != 0) || party != has(S_SUBJECT)) return false;
  if ((getOut(S_SUBJECT_TYPE) == V_SIP) != has(S_SUBJECT_USER)) return false;
  const completed = ev == V_COMPLETED;
  if (completed != (getOut(S_HANGED_BY) != 0) || completed != has(S_HANGED_VALUE)) return false;
  if (completed != ((seen & (1 << S_IS_ANSWERED)) != 0)) return false;
  if ((getOut(S_HANGED_BY) == V_SIP) != has(S_HANGED_USER)) return false;
  if (!completed && has(S_AUDIO_URL)) return false;
  const type = getOut(S_TYPE);
  if (getOut(S_LEG) != 0 && type != V_CALLBACK && type != V_AUTODIALER) return false;
  if (type != V_AUTODIALER) {
    if (getOut(S_SUBTYPE) != 0) return false;
    if (has(S_DATA_KEYS) || has(S_DATA_KEYS + 1)) return false;
  }
  if (type != V_CALLBACK && has(S_DATA_KEYS + 3)) return false;
  return true;
}
