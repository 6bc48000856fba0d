// One call session under construction: its parties, ring attempts and events with their times (ms).

const SECOND = 1000;
/** RINGRESULT states toward one destination, with plausible weights (per cent). */
const SINGLE = { ANSWER: 56, NOANSWER: 14, BUSY: 10, CANCEL: 10, CONGESTION: 3, CHANUNAVAIL: 3, ABORT: 2 };
const PRIVACY = { INVALIDARGS: 1, DONTCALL: 0.7, TORTURE: 0.3 };
/** RINGRESULT weights toward a phone. */
export const TO_PHONE = { ...SINGLE, ...PRIVACY };
/** RINGRESULT weights toward a SIP device. */
export const TO_SIP = { ANSWER: 80, NOANSWER: 9, BUSY: 4, CHANUNAVAIL: 5, ABORT: 1.5, INVALIDARGS: 0.5 };
/** How a group of SIP devices ringing in parallel ends for the ones still ringing. */
const GROUP = { ANSWER: 70, NOANSWER: 12, CANCEL: 15, ABORT: 2, CONGESTION: 1 };
/** Seconds from RING to RINGRESULT, [min, max], per state. */
const DELAY = {
  ANSWER: [2, 20],
  NOANSWER: [25, 45],
  BUSY: [0.5, 3],
  CANCEL: [2, 20],
  CONGESTION: [0.2, 2],
  CHANUNAVAIL: [0.05, 0.5],
  ABORT: [1, 10],
  INVALIDARGS: [0.01, 0.1],
  DONTCALL: [2, 6],
  TORTURE: [3, 10],
};
const COUNTRIES = ["371", "371", "371", "372", "370", "44", "49", "48", "1", "46"];

/** Builds the events of one call session; the scenarios in calls.mjs drive it. */
export class Call {
  constructor(r, account, t0, kind) {
    this.r = r;
    this.account = account;
    this.t = t0;
    this.events = [];
    this.participants = 0;
    const direction = kind === "inbound" || (kind === "transfer" && r.chance(0.7)) ? "inbound" : "outbound";
    const type = kind === "inbound" || kind === "outbound" || kind === "flash" ? "standard" : kind;
    this.base = {
      accountcode: account.accountcode,
      session_id: r.uuid(),
      call_id: r.uuid(),
      direction,
      type,
    };
    if (type === "autodialer")
      this.base.subtype = r.weighted({ predictive: 50, "operator-contact": 25, "contact-callflow": 25 });
    this.data = undefined;
    if (type === "autodialer")
      this.data = { campaign_id: r.pick(account.campaigns), contact_id: r.digits(7) };
    if (type === "callback") this.data = { callback: {}, trace_id: `c2c-${r.uuid()}` };
  }
  phone() {
    return { type: "phone", subject: `${this.r.pick(COUNTRIES)}${this.r.digits(8)}` };
  }
  sip() {
    return this.r.pick(this.account.sips);
  }
  wait(lo, hi) {
    this.t += Math.round(this.r.between(lo, hi) * SECOND);
  }
  emit(event, at, fields, leg) {
    const { session_id, call_id, ...rest } = this.base;
    const obj = {
      id: this.r.uuid(),
      event,
      timestamp: new Date(at).toISOString(),
      session_id,
      call_id,
      ...rest,
    };
    Object.assign(obj, fields);
    if (leg !== undefined) obj.leg = leg;
    if (this.data !== undefined) obj.data = this.data;
    this.events.push({ ts: at, obj });
  }
  start(phase, leg) {
    this.emit("START", this.t, { phase, participants: 0 }, leg);
  }
  /** READY, JOIN or LEAVE of `party`; JOIN and LEAVE move the participant count first. */
  party(event, party, phase, leg) {
    this.wait(0.02, 0.6);
    if (event === "JOIN") this.participants += 1;
    if (event === "LEAVE") this.participants -= 1;
    const fields = {
      phase,
      participants: this.participants,
      subject_type: party.type,
      subject: party.subject,
    };
    if (party.type === "sip") fields.subject_user = party.user;
    this.emit(event, this.t, fields, leg);
  }
  /** Rings `targets` (in parallel when several) and returns the one that answered, if any. */
  dial(targets, phase, leg, single) {
    const r = this.r;
    const ringAt = this.t + r.int(20, 400);
    const lines = targets.map((target, i) => ({ target, callId: i === 0 ? this.base.call_id : r.uuid() }));
    let end = ringAt;
    let winner;
    const result = (line, state, at) => {
      const fields = { phase, participants: this.participants, state };
      this.emit("RINGRESULT", at, fields, leg);
      this.events[this.events.length - 1].obj.call_id = line.callId;
      end = Math.max(end, at);
    };
    const ringing = [];
    let at = ringAt;
    for (const line of lines) {
      at += r.int(2, 30);
      this.emit("RING", at, { phase, participants: this.participants }, leg);
      this.events[this.events.length - 1].obj.call_id = line.callId;
      const pre = lines.length === 1 ? r.weighted(single) : r.weighted({ ring: 86, CHANUNAVAIL: 6, BUSY: 8 });
      if (pre === "ring") ringing.push(line);
      else if (pre === "ANSWER") winner = line;
      else result(line, pre, at + Math.round(r.between(...DELAY[pre]) * SECOND));
    }
    if (winner !== undefined) result(winner, "ANSWER", at + Math.round(r.between(...DELAY.ANSWER) * SECOND));
    if (ringing.length > 0) {
      const outcome = r.weighted(GROUP);
      at += Math.round(r.between(...DELAY[outcome]) * SECOND);
      if (outcome === "ANSWER") winner = ringing.splice(r.int(0, ringing.length - 1), 1)[0];
      if (winner !== undefined) result(winner, "ANSWER", at);
      for (const line of ringing) result(line, outcome === "ANSWER" ? "CANCEL" : outcome, at + r.int(1, 40));
    }
    this.t = end;
    return winner?.target;
  }
  /** Talk, then the parties leave (the one who hangs up first) and COMPLETED closes the answered call. */
  talk(parties, phase, legs = []) {
    this.wait(5, 5 + Math.min(this.r.exp(100), 2400));
    const order = this.r.chance(0.5) ? [0, 1] : [1, 0];
    for (const i of order) if (parties[i] !== undefined) this.party("LEAVE", parties[i], phase, legs[i]);
    this.completed(true, parties[order[0]] ?? parties[0]);
  }
  completed(answered, hanger) {
    this.wait(0.02, 0.5);
    const fields = { participants: 0, hanged_by: hanger.type, hanged_value: hanger.subject };
    if (hanger.type === "sip") fields.hanged_user = hanger.user;
    fields.is_answered = answered;
    if (answered && this.r.chance(0.9)) {
      const day = new Date(this.t).toISOString().slice(0, 10).replaceAll("-", "/");
      fields.audio_url = `https://records.teltel.io/${this.base.accountcode}/${day}/${this.base.session_id}.mp3`;
    }
    this.emit("COMPLETED", this.t, fields);
  }
}
