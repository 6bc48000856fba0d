// Gate metrics of the waits (report key `waits`): ASA, longest wait, calls while closed, and a service level
// per --sl-threshold value, `service_level_<T>` (named by the threshold, so the catalogue lists the run's own).
import type { MetricDef, Reader, Reading } from "./gate-metrics.js";

/** The waits metrics every report has; they have no groups (read from the report's `waits`). */
export const WAITS_METRICS: readonly MetricDef[] = [
  {
    name: "asa",
    kind: "duration",
    scope: "input",
    about: "average speed of answer: mean wait of answered inbound calls (open ones with --open-hours)",
    read: (get) => over(get("waits.asaS"), get("waits.answered")),
  },
  {
    name: "longest_wait",
    kind: "duration",
    scope: "input",
    about: "longest wait of an answered or abandoned inbound call (open ones with --open-hours)",
    read: (get) => over(get("waits.longestWaitS"), sum(get("waits.answered"), get("waits.abandoned"))),
  },
];

/** `closed`: only a run with --open-hours lists it among its deltas (else it is null, and not a number column). */
const CLOSED: MetricDef = {
  name: "closed",
  kind: "count",
  scope: "input",
  about: "inbound calls that started outside --open-hours (null without it)",
  read: (get) => over(get("waits.closed.calls"), sum(get("waits.offered"), get("waits.closed.calls"))),
};

const SERVICE_LEVEL = /^service_level_(\d+(?:\.\d+)?)$/;

/** `closed`, or `service_level_<T>`: answered within T s / (offered - short abandons), T a --sl-threshold value. */
export function waitsMetricNamed(name: string): MetricDef | undefined {
  if (name === CLOSED.name) return CLOSED;
  const match = SERVICE_LEVEL.exec(name);
  if (match === null) return undefined;
  const threshold = Number(match[1]);
  return {
    name,
    kind: "rate",
    scope: "input",
    about: `inbound calls answered within ${threshold} s / (offered - short abandons); needs --sl-threshold ${threshold}`,
    read(get) {
      const levels = serviceLevels(get);
      const i = levels.indexOf(threshold);
      const x = i === -1 ? null : get(`waits.serviceLevels.${i}.answeredWithin`);
      const n = i === -1 ? null : minus(get("waits.offered"), get("waits.shortAbandoned"));
      if (x === null || n === null || n <= 0) return { value: null, n: Math.max(0, n ?? 0) };
      return { value: x / n, n, x };
    },
  };
}

/** The waits metrics that depend on a report's options (for its baseline deltas): closed, service_level_<T>. */
export function runWaitsMetrics(get: Reader): MetricDef[] {
  const closed = get("waits.closed.calls") === null ? [] : [CLOSED];
  return [...closed, ...serviceLevels(get).flatMap((t) => waitsMetricNamed(`service_level_${t}`) ?? [])];
}

function serviceLevels(get: Reader): number[] {
  const thresholds: number[] = [];
  for (let i = 0; ; i += 1) {
    const t = get(`waits.serviceLevels.${i}.thresholdS`);
    if (t === null) return thresholds;
    thresholds.push(t);
  }
}

function over(value: number | null, n: number | null): Reading {
  const count = n ?? 0;
  return { value: count > 0 ? value : null, n: count };
}

function sum(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : a + b;
}

function minus(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : a - b;
}
