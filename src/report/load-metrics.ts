// The load figures as gate metrics (--fail-if 'peak_concurrent > 30', --baseline deltas): whole-dump counts.
import type { MetricDef, Reading } from "./gate-metrics.js";

function loadFigure(name: string, path: string, about: string): MetricDef {
  return {
    name,
    kind: "count",
    scope: "input",
    about,
    read(get): Reading {
      // Taken over the calls; null over none (and in a report from before the load section).
      const n = get("kpis.calls") ?? 0;
      return { value: n > 0 ? get(path) : null, n };
    },
  };
}

/** The load metrics, in report order. */
export const LOAD_METRICS: readonly MetricDef[] = [
  loadFigure("peak_concurrent", "load.peakConcurrent", "most calls in progress at once (START to COMPLETED)"),
  loadFigure("peak_phone_legs", "load.peakPhoneLegs", "most phone legs in progress at once"),
  loadFigure("erlangs", "load.busyHour.erlangs", "traffic of the busy hour in Erlangs (call-seconds / 3600)"),
];
