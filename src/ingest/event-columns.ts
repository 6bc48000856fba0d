// A finalised session's events as columns, in session order: what the call stage reads to build a call, filled
// from the store's rows with no event object made (store/stored-session.ts) or from event objects (any other
// session). One set of columns is reused for session after session.

import type { SourcedEvent, TelTelEvent } from "../types.js";
import type { Session } from "./open-session.js";

type Column<K extends keyof TelTelEvent> = (TelTelEvent[K] | undefined)[];
type DataColumn = (string | undefined)[];

/** The attributes a call is built and checked from; the others (id, timestamp, session_id) are not kept. */
export class EventColumns {
  /** Events in the columns. */
  length = 0;
  ts = new Float64Array(64);
  file: string[] = [];
  line: number[] = [];
  event: Column<"event"> = [];
  accountcode: Column<"accountcode"> = [];
  call_id: Column<"call_id"> = [];
  direction: Column<"direction"> = [];
  type: Column<"type"> = [];
  subtype: Column<"subtype"> = [];
  phase: Column<"phase"> = [];
  participants: Column<"participants"> = [];
  leg: Column<"leg"> = [];
  state: Column<"state"> = [];
  subject_type: Column<"subject_type"> = [];
  subject: Column<"subject"> = [];
  subject_user: Column<"subject_user"> = [];
  hanged_by: Column<"hanged_by"> = [];
  hanged_value: Column<"hanged_value"> = [];
  hanged_user: Column<"hanged_user"> = [];
  is_answered: Column<"is_answered"> = [];
  audio_url: Column<"audio_url"> = [];
  /** Whether the event has `data` (1) or not (0). */
  hasData = new Uint8Array(64);
  campaign_id: DataColumn = [];
  contact_id: DataColumn = [];
  trace_id: DataColumn = [];
  /** Empties the columns for a session of `n` events. */
  reset(n: number): void {
    this.length = n;
    if (this.ts.length < n) {
      const size = Math.max(n, this.ts.length * 2);
      this.ts = new Float64Array(size);
      this.hasData = new Uint8Array(size);
    }
  }

  /** Sets event `i` from its object. */
  setEvent(i: number, item: SourcedEvent): void {
    const e = item.event;
    this.ts[i] = item.ts;
    this.file[i] = item.file;
    this.line[i] = item.line;
    this.event[i] = e.event;
    this.accountcode[i] = e.accountcode;
    this.call_id[i] = e.call_id;
    this.direction[i] = e.direction;
    this.type[i] = e.type;
    this.subtype[i] = e.subtype;
    this.phase[i] = e.phase;
    this.participants[i] = e.participants;
    this.leg[i] = e.leg;
    this.state[i] = e.state;
    this.subject_type[i] = e.subject_type;
    this.subject[i] = e.subject;
    this.subject_user[i] = e.subject_user;
    this.hanged_by[i] = e.hanged_by;
    this.hanged_value[i] = e.hanged_value;
    this.hanged_user[i] = e.hanged_user;
    this.is_answered[i] = e.is_answered;
    this.audio_url[i] = e.audio_url;
    const data = e.data;
    this.hasData[i] = data === undefined ? 0 : 1;
    this.campaign_id[i] = data?.campaign_id;
    this.contact_id[i] = data?.contact_id;
    this.trace_id[i] = data?.trace_id;
  }

  /** Fills the columns from ordered event objects. */
  fill(events: readonly SourcedEvent[]): this {
    this.reset(events.length);
    for (let i = 0; i < events.length; i += 1) this.setEvent(i, events[i] as SourcedEvent);
    return this;
  }
}

/** A session that can fill columns from its own storage, without making its events. */
export interface ColumnarSession extends Session {
  columns(into: EventColumns): void;
}

/** Fills `into` with the events of `session` (from its storage when it has one). */
export function fillColumns(session: Session, into: EventColumns): EventColumns {
  const columnar = session as Partial<ColumnarSession>;
  if (typeof columnar.columns === "function") columnar.columns(into);
  else into.fill(session.events);
  return into;
}
