// The waits panel: answered and abandoned inbound calls per wait bucket (where callers give up), and the
// cumulative share answered within each bucket's upper edge, with the service levels and closed calls beside.
import type { AnalyzeReport } from "../../commands/analyze.js";
import { definition } from "../../report/definitions.js";
import { dec, pct } from "../cells.js";
import { COLORS, chartSvg, WIDE } from "./charts.js";
import { mdText } from "./defined.js";
import { h } from "./escape.js";
import { figure, panel } from "./figure.js";

/** The waiting callers' panel (always there; it says so when there are no inbound calls). */
export function waitsPanel(report: AnalyzeReport): string {
  const { waits } = report;
  const open = waits.openHours === null ? "" : ` in open hours (${waits.openHours.hours})`;
  const title = `Waiting callers (${waits.offered.toLocaleString("en-US")} inbound calls${open})`;
  if (waits.answered + waits.abandoned === 0)
    return panel(
      title,
      `<p class="note">No answered or abandoned inbound calls${h(open)} in this report; nothing to chart.</p>`,
    );
  const labels = waits.buckets.map((b) => b.bucket);
  const caption =
    "Answered and abandoned inbound calls per wait (s), and the share answered within each bucket's upper edge";
  const svg = chartSvg(
    {
      legend: { bottom: 0, itemWidth: 14, itemHeight: 10, itemGap: 28 },
      grid: { left: 48, right: 60, top: 36, bottom: 64 },
      xAxis: {
        type: "category",
        data: labels,
        name: "wait, s (START → first ANSWER, or → COMPLETED for an abandon)",
        nameLocation: "middle",
        nameGap: 28,
        axisLabel: { interval: 0 },
      },
      yAxis: [
        { type: "value", name: "calls", nameLocation: "end", minInterval: 1 },
        { type: "value", name: "answered within %", min: 0, max: 100, splitLine: { show: false } },
      ],
      series: [
        {
          type: "bar",
          name: "answered",
          color: COLORS.answered,
          barMaxWidth: 36,
          data: waits.buckets.map((b) => b.answered),
        },
        {
          type: "bar",
          name: "abandoned by the caller",
          color: COLORS.abandoned,
          barMaxWidth: 36,
          data: waits.buckets.map((b) => b.abandoned),
        },
        {
          type: "line",
          name: "answered within % (cumulative)",
          yAxisIndex: 1,
          color: COLORS.line,
          symbolSize: 5,
          connectNulls: false,
          data: waits.buckets.map((b) =>
            b.answeredWithinShare === null ? null : Math.round(b.answeredWithinShare * 1000) / 10,
          ),
        },
      ],
    },
    caption,
    WIDE,
    320,
  );
  const rows = waits.buckets.map((b) => [b.bucket, b.answered, b.abandoned, pct(b.answeredWithinShare)]);
  const levels = waits.serviceLevels
    .map((s) => `within ${s.thresholdS} s ${percent(s.serviceLevel)}`)
    .join(", ");
  const closed =
    waits.closed === null
      ? ""
      : ` Closed (started outside the open hours, left out of these figures): ${waits.closed.calls} inbound calls, ${waits.closed.answered} answered, ${waits.closed.abandoned} abandoned.`;
  const asa = dec(waits.asaS).decimal;
  const longest = dec(waits.longestWaitS).decimal;
  return panel(
    title,
    figure(caption, svg, ["wait s", "answered", "abandoned", "answered within %"], rows),
    `ASA (average speed of answer): ${asa === null ? "-" : `${asa} s`}; longest wait: ${longest === null ? "-" : `${longest} s`}. Service level: ${levels}. Wait: ${mdText(definition("waits.buckets").formula)}; a bucket holds its upper edge.${closed}`,
  );
}

function percent(fraction: number | null): string {
  const cell = pct(fraction).percent;
  return cell === null ? "-" : `${cell}%`;
}
