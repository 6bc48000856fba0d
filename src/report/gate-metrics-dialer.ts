// Gate metrics of the dialer figures: repeat callers, dialer compliance (overall, or per campaign with
// `{campaign:KEY}`), and the callback funnel; each read from its own key of the report.
import type { MetricDef, MetricKind, Reader, Reading } from "./gate-metrics.js";

/** Where a section metric is read: its key's path in the report, and its groups (a list of `key`ed objects). */
export interface MetricSection {
  path: string;
  groups?: { by: string; path: string };
}

const REPEAT: MetricSection = { path: "repeatCallers" };
const COMPLIANCE: MetricSection = {
  path: "compliance.total",
  groups: { by: "campaign", path: "compliance.campaigns" },
};
const CALLBACKS: MetricSection = { path: "callbacks" };

function reading(value: number | null, n: number | null): Reading {
  const over = n ?? 0;
  return { value: over > 0 ? value : null, n: over };
}

function count(name: string, section: MetricSection, path: string, over: string, about: string): MetricDef {
  return { name, kind: "count", scope: "kpi", section, about, read: (get) => reading(get(path), get(over)) };
}

function rate(name: string, section: MetricSection, x: string, n: string, about: string): MetricDef {
  return {
    name,
    kind: "rate",
    scope: "kpi",
    section,
    about,
    read(get: Reader) {
      const [top, base] = [get(x), get(n)];
      if (top === null || base === null || base <= 0) return { value: null, n: Math.max(0, base ?? 0) };
      return { value: top / base, n: base, x: top };
    },
  };
}

function stat(
  name: string,
  section: MetricSection,
  field: string,
  kind: MetricKind,
  about: string,
): MetricDef {
  return {
    name,
    kind,
    scope: "kpi",
    section,
    about,
    read: (get) => reading(get(field), get("connectWait.count")),
  };
}

/** The dialer metrics, in report order. */
export const DIALER_METRICS: readonly MetricDef[] = [
  count(
    "unique_callers",
    REPEAT,
    "uniqueCallers",
    "uniqueCallers",
    "distinct inbound callers (--repeat-callers)",
  ),
  count(
    "repeat_callers",
    REPEAT,
    "repeatCallers",
    "answeredCallers",
    "answered callers who called again within --repeat-window",
  ),
  {
    name: "repeat_caller_share",
    kind: "rate",
    scope: "kpi",
    section: REPEAT,
    about: "repeat callers / answered callers whose window is over (a first-call-resolution proxy)",
    read(get) {
      const x = get("repeatCallers");
      const answered = get("answeredCallers");
      const open = get("windowNotOver");
      const n = answered === null || open === null ? null : answered - open;
      if (x === null || n === null || n <= 0) return { value: null, n: Math.max(0, n ?? 0) };
      return { value: x / n, n, x };
    },
  },
  count(
    "dialer_reached",
    COMPLIANCE,
    "reached",
    "dialled",
    "autodialer calls whose contact answered (--compliance)",
  ),
  count("dropped", COMPLIANCE, "dropped", "dialled", "reached contacts no operator joined"),
  rate("drop_rate", COMPLIANCE, "dropped", "dropBase", "dropped / (reached x (1 - --machine-share))"),
  count(
    "late_connects",
    COMPLIANCE,
    "lateConnects",
    "dialled",
    "operator joined over 2 s after the contact answered",
  ),
  rate("late_connect_share", COMPLIANCE, "lateConnects", "connected", "late connects / connected"),
  stat(
    "connect_wait.median",
    COMPLIANCE,
    "connectWait.median",
    "duration",
    "contact answer to operator JOIN, median",
  ),
  stat("connect_wait.p90", COMPLIANCE, "connectWait.p90", "duration", "contact answer to operator JOIN, p90"),
  count("short_rings", COMPLIANCE, "shortRings", "dialled", "contact rings ended NOANSWER/CANCEL under 15 s"),
  count(
    "outside_hours",
    COMPLIANCE,
    "outsideHours",
    "dialled",
    "autodialer calls started outside --calling-hours",
  ),
  rate("contact_rate", COMPLIANCE, "contactsReached", "contacts", "contacts reached / contacts dialled"),
  count("attempts_per_contact", COMPLIANCE, "attemptsPerContact", "contacts", "autodialer calls per contact"),
  count("callback_calls", CALLBACKS, "calls", "calls", "callback calls (--callbacks)"),
  rate("callback_leg1_rate", CALLBACKS, "leg1Reached", "calls", "callback leg 1 reached / callback calls"),
  rate(
    "callback_leg2_rate",
    CALLBACKS,
    "leg2Reached",
    "leg1Reached",
    "callback leg 2 reached / leg 1 reached",
  ),
  rate("callback_bridge_rate", CALLBACKS, "bridged", "calls", "callback calls bridged / callback calls"),
  {
    name: "time_to_bridge.median",
    kind: "duration",
    scope: "kpi",
    section: CALLBACKS,
    about: "callback START to both legs joined, median",
    read: (get) => reading(get("timeToBridge.median"), get("timeToBridge.count")),
  },
];

/** Metric name -> the report key its figures live under. */
export const DIALER_METRIC_SECTIONS: ReadonlyMap<string, string> = new Map(
  DIALER_METRICS.map((m) => [m.name, (m.section as MetricSection).path.split(".")[0] as string]),
);
