// The talk window of a call: from the JOIN that makes two parties joined to the first LEAVE after it (else
// COMPLETED), read from the session's columns; and the parties READY, JOIN and LEAVE name.
import { EventColumns } from "../ingest/event-columns.js";
import type { PartyType, SourcedEvent } from "../types.js";

/** A party as READY, JOIN and LEAVE name it. */
export interface PartyRef {
  type: PartyType;
  subject: string;
  user?: string;
}

/** The talk window as positions in the session's columns. */
export interface TalkSpan {
  /** The JOIN that starts it. */
  start: number;
  /** The LEAVE (or COMPLETED) that ends it; -1 when the session ends without either. */
  end: number;
  /** The two parties joined when it started, in the order they joined. */
  parties: PartyRef[];
}

/** The talk window as events. */
export interface TalkWindow {
  start: SourcedEvent;
  /** The LEAVE (or COMPLETED) that ends it; undefined when the session ends without either. */
  end?: SourcedEvent;
  /** The two parties joined when it started, in the order they joined. */
  parties: PartyRef[];
}

/**
 * The first talk window of an ordered session's columns, or undefined when two parties never were joined at
 * once. The running count follows JOIN and LEAVE per party; a LEAVE of a party that has not joined is ignored.
 */
export function talkSpan(c: EventColumns): TalkSpan | undefined {
  const joined: PartyRef[] = [];
  let window: TalkSpan | undefined;
  for (let i = 0; i < c.length; i += 1) {
    const name = c.event[i];
    if (name === "JOIN") {
      joined.push(partyAt(c, i));
      if (window === undefined && joined.length === 2) window = { start: i, end: -1, parties: [...joined] };
    } else if (name === "LEAVE") {
      const type = c.subject_type[i];
      const subject = c.subject[i];
      const index = joined.findIndex((p) => p.type === type && p.subject === subject);
      if (index === -1) continue;
      joined.splice(index, 1);
      if (window !== undefined) {
        window.end = i;
        return window;
      }
    } else if (name === "COMPLETED" && window !== undefined) {
      window.end = i;
      return window;
    }
  }
  return window;
}

const ownColumns = new EventColumns();

/** talkSpan of ordered events, as those events. */
export function talkWindow(events: readonly SourcedEvent[]): TalkWindow | undefined {
  const span = talkSpan(ownColumns.fill(events));
  if (span === undefined) return undefined;
  const window: TalkWindow = { start: events[span.start] as SourcedEvent, parties: span.parties };
  if (span.end !== -1) window.end = events[span.end] as SourcedEvent;
  return window;
}

/** The party event `i` of the columns (a READY, JOIN or LEAVE) is about. */
export function partyAt(c: EventColumns, i: number): PartyRef {
  const party: PartyRef = { type: c.subject_type[i] as PartyType, subject: c.subject[i] as string };
  const user = c.subject_user[i];
  if (user !== undefined) party.user = user;
  return party;
}

/** The party a READY, JOIN or LEAVE is about. */
export function partyOf(item: SourcedEvent): PartyRef {
  const e = item.event;
  const party: PartyRef = { type: e.subject_type as PartyType, subject: e.subject as string };
  if (e.subject_user !== undefined) party.user = e.subject_user;
  return party;
}
