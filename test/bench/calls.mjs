// Call scenarios of the TelTel reference: each builds the events of one session with their event times (ms).
import { Call, TO_PHONE, TO_SIP } from "./call.mjs";

/** Call types and their share of all sessions (per cent). */
export const SCENARIO_WEIGHTS = {
  inbound: 42,
  outbound: 26,
  autodialer: 16,
  callback: 7,
  transfer: 7,
  flash: 2,
};

/**
 * Creates the accounts of a small PBX world: account codes, SIP devices with user ids, DIDs, campaigns.
 * @param {ReturnType<import("./prng.mjs").createRandom>} r
 */
export function createWorld(r, accounts = 40) {
  return Array.from({ length: accounts }, () => {
    const accountcode = r.digits(6);
    const sips = Array.from({ length: r.int(3, 25) }, (_, i) => ({
      type: "sip",
      subject: `${accountcode}*${100 + i}`,
      user: r.digits(5),
    }));
    const dids = Array.from({ length: r.int(1, 4) }, () => `3716${r.digits(7)}`);
    const campaigns = Array.from({ length: r.int(1, 4) }, () => r.digits(4));
    return { accountcode, sips, dids, campaigns };
  });
}

/**
 * Builds one call session starting at `t0` (epoch ms): a random scenario of SCENARIO_WEIGHTS.
 * @returns {{ sessionId: string, events: { ts: number, obj: Record<string, unknown> }[] }}
 */
export function buildCall(r, world, t0) {
  const account = world[Math.floor(r.next() ** 2 * world.length)];
  const kind = r.weighted(SCENARIO_WEIGHTS);
  const c = new Call(r, account, t0, kind);
  SCENARIOS[kind](c, r);
  return { sessionId: c.base.session_id, events: c.events };
}

const SCENARIOS = {
  /** A phone calls a DID; after the greeting several SIP operators ring in parallel. */
  inbound(c, r) {
    const caller = c.phone();
    c.start("didtosip");
    c.party("READY", caller, "didtosip");
    c.wait(1, 12);
    if (r.chance(0.08)) return c.completed(false, caller);
    const ops = Array.from({ length: r.int(1, 5) }, () => c.sip());
    const op = c.dial([...new Set(ops)], "didtosip", undefined, TO_SIP);
    if (op === undefined) return c.completed(false, caller);
    c.party("READY", op, "didtosip");
    c.party("JOIN", caller, "didtosip");
    c.party("JOIN", op, "didtosip");
    c.talk([caller, op], "didtosip");
  },
  /** A SIP operator calls a phone. */
  outbound(c) {
    const op = c.sip();
    const callee = c.phone();
    c.start("siptodid");
    c.party("READY", op, "siptodid");
    if (c.dial([callee], "siptodid", undefined, TO_PHONE) === undefined) return c.completed(false, op);
    c.party("READY", callee, "siptodid");
    c.party("JOIN", op, "siptodid");
    c.party("JOIN", callee, "siptodid");
    c.talk([op, callee], "siptodid");
  },
  /** The autodialer: predictive and contact-callflow reach the contact first, operator-contact the operator. */
  autodialer(c, r) {
    const contact = c.phone();
    const sub = c.base.subtype;
    c.start(
      sub === "operator-contact" ? "localtosip" : "localtodid",
      sub === "operator-contact" ? "operator" : "contact",
    );
    let op;
    if (sub === "operator-contact") {
      const target = c.sip();
      op = c.dial([target], "localtosip", "operator", TO_SIP);
      if (op === undefined) return c.completed(false, target);
      c.party("READY", op, "localtosip", "operator");
      c.party("JOIN", op, "localtosip", "operator");
      if (c.dial([contact], "localtodid", "contact", TO_PHONE) === undefined) {
        c.party("LEAVE", op, "localtosip", "operator");
        return c.completed(false, op);
      }
      c.party("READY", contact, "localtodid", "contact");
      c.party("JOIN", contact, "localtodid", "contact");
      return c.talk([op, contact], "localtodid", ["operator", "contact"]);
    }
    if (c.dial([contact], "localtodid", "contact", TO_PHONE) === undefined)
      return c.completed(false, contact);
    c.party("READY", contact, "localtodid", "contact");
    if (sub === "contact-callflow") {
      c.wait(5, 40);
      return c.completed(true, contact);
    }
    c.party("JOIN", contact, "localtodid", "contact");
    const ops = Array.from({ length: r.int(1, 3) }, () => c.sip());
    op = c.dial([...new Set(ops)], "localtosip", "operator", TO_SIP);
    if (op === undefined) {
      c.party("LEAVE", contact, "localtodid", "contact");
      return c.completed(true, contact);
    }
    c.party("READY", op, "localtosip", "operator");
    c.party("JOIN", op, "localtosip", "operator");
    c.talk([contact, op], "localtosip", ["contact", "operator"]);
  },
  /** Click2Call through the API: the first leg (a phone) is reached, then the second (an operator). */
  callback(c) {
    const first = c.phone();
    const op = c.sip();
    c.data.callback = {
      leg_1_phone_number: first.subject,
      leg_1_caller_id: c.r.pick(c.account.dids),
      leg_2_phone_number: op.subject,
      leg_2_caller_id: first.subject,
    };
    c.start("localtodid", "contact");
    if (c.dial([first], "localtodid", "contact", TO_PHONE) === undefined) return c.completed(false, first);
    c.party("READY", first, "localtodid", "contact");
    c.party("JOIN", first, "localtodid", "contact");
    if (c.dial([op], "localtosip", "operator", TO_SIP) === undefined) {
      c.party("LEAVE", first, "localtodid", "contact");
      return c.completed(true, first);
    }
    c.party("READY", op, "localtosip", "operator");
    c.party("JOIN", op, "localtosip", "operator");
    c.talk([first, op], "localtosip", ["contact", "operator"]);
  },
  /** A transferred call: to another SIP device, to an outside phone, or forwarded phone to phone. */
  transfer(c, r) {
    const inbound = c.base.direction === "inbound";
    const phase = inbound ? r.weighted({ didtosip: 70, didtodid: 30 }) : "siptodid";
    const from = inbound ? c.phone() : c.sip();
    const to = phase === "didtosip" ? c.sip() : c.phone();
    c.start(phase);
    c.party("READY", from, phase);
    const answered = c.dial([to], phase, undefined, to.type === "sip" ? TO_SIP : TO_PHONE);
    if (answered === undefined) return c.completed(false, from);
    c.party("READY", to, phase);
    c.party("JOIN", from, phase);
    c.party("JOIN", to, phase);
    c.talk([from, to], phase);
  },
  /** A SIP device starts a call and cancels at once: only START and COMPLETED. */
  flash(c) {
    const op = c.sip();
    c.start("siptodid");
    c.wait(0.1, 2);
    c.completed(false, op);
  },
};
