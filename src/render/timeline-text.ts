// Text renderer of timeline: one call as a ladder of events from START, then ring attempts, talk and findings.
import { Chalk, type ChalkInstance } from "chalk";
import type { PartyRef } from "../call/talk.js";
import type { AttemptView, LadderStep, TimelineView } from "../commands/timeline.js";
import { RULES } from "../rules.js";
import type { Problem } from "../types.js";
import { escapeControls as esc } from "./escape.js";

/** Options of the timeline text renderer. */
export interface TimelineTextOptions {
  color: boolean;
}

/** The destination party type of each phase (the reference: source "to" destination). */
const PHASE_DESTINATION: Readonly<Record<string, string>> = {
  localtosip: "sip",
  localtodid: "phone",
  siptodid: "phone",
  didtodid: "phone",
  didtosip: "sip",
};

/** The call as readable text: summary lines, the event ladder, ring attempts, talk window, hang-up, findings. */
export function renderTimelineText(view: TimelineView, options: TimelineTextOptions): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const c = view.call;
  const kind = `${esc(c.direction)} ${esc(c.type)}${c.subtype === null ? "" : `/${esc(c.subtype)}`}`;
  const lines = [
    chalk.bold(`Session ${esc(c.session_id)}: ${kind} call, account ${esc(c.accountcode)}, ${c.status}`),
  ];
  const started = c.started_at ?? "unknown (no START; offsets are from the first event)";
  const ended = c.ended_at ?? "unknown (no COMPLETED)";
  const duration = c.duration_s === null ? "" : ` (${seconds(c.duration_s)})`;
  lines.push(`Started ${started}, ended ${ended}${duration}`);
  const answered = c.answered === null ? "unknown" : String(c.answered);
  lines.push(`is_answered ${answered}; final state ${esc(c.final_state)}`);
  const data = [
    c.campaign_id === null ? "" : `campaign_id ${esc(c.campaign_id)}`,
    c.contact_id === null ? "" : `contact_id ${esc(c.contact_id)}`,
    c.trace_id === null ? "" : `trace_id ${esc(c.trace_id)}`,
  ].filter((text) => text !== "");
  if (data.length > 0) lines.push(`Data: ${data.join(", ")}`);
  if (c.audio_url !== null) lines.push(`Recording: ${esc(c.audio_url)}`);

  lines.push("", ...ladder(view.steps, view.ringAttempts, chalk), "");
  lines.push(`Ring attempts: ${view.ringAttempts.length}`);
  for (const a of view.ringAttempts) {
    const span = `${a.ringOffsetS === null ? "?" : offset(a.ringOffsetS)} -> ${a.resultOffsetS === null ? "?" : offset(a.resultOffsetS)}`;
    const parts = [`#${a.attempt}`, span];
    if (a.ringingS !== null) parts.push(seconds(a.ringingS));
    parts.push(a.state === null ? "no RINGRESULT" : esc(a.state));
    if (a.party !== undefined) parts.push(party(a.party));
    if (a.callId !== undefined) parts.push(`call ${esc(a.callId)}`);
    if (a.leg !== undefined) parts.push(`leg ${esc(a.leg)}`);
    lines.push(`  ${parts.join("  ")}`);
  }
  if (view.talk === null) lines.push("Talk: none (two parties were never joined at once)");
  else {
    const to = view.talk.toOffsetS === null ? "?" : offset(view.talk.toOffsetS);
    const length = view.talk.seconds === null ? "still talking at the end" : seconds(view.talk.seconds);
    const who = view.talk.parties.map(party).join(" with ");
    lines.push(`Talk: ${offset(view.talk.fromOffsetS)} -> ${to}, ${length}, ${who}`);
  }
  if (c.hanged_by === null) lines.push("Hung up by: unknown (no COMPLETED)");
  else {
    const hanged = { type: c.hanged_by, subject: c.hanged_value ?? "" };
    lines.push(`Hung up by: ${party(c.hanged_user === null ? hanged : { ...hanged, user: c.hanged_user })}`);
  }
  lines.push(...problemLines("Findings", view.findings, chalk, true));
  if (view.inputProblems.length > 0)
    lines.push(...problemLines("Input problems", view.inputProblems, chalk, false));
  return `${lines.join("\n")}\n`;
}

function ladder(
  steps: readonly LadderStep[],
  attempts: readonly AttemptView[],
  chalk: ChalkInstance,
): string[] {
  const offsets = steps.map((s) => offset(s.offsetS));
  const parties = steps.map(stepParty);
  const offsetWidth = Math.max(6, ...offsets.map((o) => o.length));
  const partyWidth = Math.max(5, ...parties.map((p) => p.length));
  const row = (o: string, event: string, who: string, details: string): string =>
    `  ${o.padStart(offsetWidth)}  ${event}  ${who.padEnd(partyWidth)}  ${details}`.trimEnd();
  const out = [chalk.dim(row("offset", "event     ", "party", "details"))];
  steps.forEach((s, i) => {
    const ringing = s.event === "RINGRESULT" ? attempts[(s.attempt ?? 0) - 1]?.ringingS : undefined;
    const text = details(s, ringing ?? null);
    out.push(row(offsets[i] as string, chalk.bold(s.event.padEnd(10)), parties[i] as string, text));
  });
  return out;
}

function stepParty(s: LadderStep): string {
  if (s.party !== undefined) return party(s.party);
  if (s.event === "RING" || s.event === "RINGRESULT") {
    const type = s.phase === undefined ? undefined : PHASE_DESTINATION[s.phase];
    return type === undefined ? "?" : `${type} ?`;
  }
  return "-";
}

function details(s: LadderStep, ringingS: number | null): string {
  const out: string[] = [];
  if (s.attempt !== undefined) out.push(`#${s.attempt}`);
  if (s.state !== undefined)
    out.push(esc(s.state) + (ringingS === null ? "" : ` after ${seconds(ringingS)}`));
  if (s.event === "START" && s.phase !== undefined) out.push(`phase ${esc(s.phase)}`);
  if (s.event === "RING" && s.callId !== undefined) out.push(`call ${esc(s.callId)}`);
  if (s.leg !== undefined && (s.event === "START" || s.event === "RING")) out.push(`leg ${esc(s.leg)}`);
  if ((s.event === "JOIN" || s.event === "LEAVE") && s.participants !== undefined)
    out.push(`participants ${s.participants}`);
  if (s.event === "COMPLETED") out.push("hung up");
  if (s.talk === "starts") out.push("talk starts");
  if (s.talk === "ends") out.push("talk ends");
  return out.join(", ");
}

function problemLines(
  title: string,
  problems: readonly Problem[],
  chalk: ChalkInstance,
  lifecycle: boolean,
): string[] {
  if (problems.length === 0) return [`${title}: none`];
  const out = [chalk.yellow(`${title}: ${problems.length}`)];
  for (const p of problems) {
    const where = `${esc(p.file)}:${p.line}${p.column === undefined ? "" : `:${p.column}`}`;
    const severity = lifecycle ? `${RULES[p.code]?.severity ?? "error"}  ` : "";
    out.push(`  ${where}  ${severity}${chalk.yellow(p.code)}  ${esc(p.message)}`);
  }
  return out;
}

function party(p: PartyRef): string {
  return `${esc(p.type)} ${esc(p.subject)}${p.user === undefined ? "" : ` (user ${esc(p.user)})`}`;
}

/** Seconds as the ladder shows them: +m:ss, +h:mm:ss past an hour, milliseconds only when present. */
export function offset(s: number): string {
  const sign = s < 0 ? "-" : "+";
  const ms = Math.round(Math.abs(s) * 1000);
  const whole = Math.floor(ms / 1000);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const sec = `${whole % 60}`.padStart(2, "0");
  const frac = ms % 1000 === 0 ? "" : `.${`${ms % 1000}`.padStart(3, "0")}`;
  return h > 0 ? `${sign}${h}:${`${m}`.padStart(2, "0")}:${sec}${frac}` : `${sign}${m}:${sec}${frac}`;
}

function seconds(s: number): string {
  return `${s} s`;
}
