// The report's charts: ECharts options rendered server-side to SVG (no DOM, no canvas), cleaned for the CSP.
import { createHash } from "node:crypto";
import { type EChartsCoreOption, init, use } from "echarts/core";
// Each chart, component and the SVG renderer from its own module: the echarts/charts and echarts/components
// indexes would load every chart and component there is (about 0.5 s of CPU, more than the rendering).
import { install as BarChart } from "echarts/lib/chart/bar/install.js";
import { install as HeatmapChart } from "echarts/lib/chart/heatmap/install.js";
import { install as LineChart } from "echarts/lib/chart/line/install.js";
import { install as GridComponent } from "echarts/lib/component/grid/installSimple.js";
import { install as LegendComponent } from "echarts/lib/component/legend/installLegendPlain.js";
import { install as VisualMapComponent } from "echarts/lib/component/visualMap/installVisualMapContinuous.js";
import { install as SVGRenderer } from "echarts/lib/renderer/installSVGRenderer.js";
import { h } from "./escape.js";
import { cleanSvg } from "./svg.js";

use([BarChart, LineChart, HeatmapChart, GridComponent, LegendComponent, VisualMapComponent, SVGRenderer]);

/** Outcome colours, shared with the tables' legend swatches. */
export const COLORS = {
  answered: "#2e8b57",
  notAnswered: "#9aa3ad",
  abandoned: "#d1495b",
  line: "#2f6db5",
  inbound: "#2f6db5",
  outbound: "#e08a2e",
  peak: "#6a3d9a",
} as const;

/** Chart widths in SVG units for a full-width panel and a half-width one (text stays about 12 px). */
export const WIDE = 1160;
export const HALF = 560;
const FONT = { fontFamily: "system-ui, sans-serif", fontSize: 12, color: "#4a4f57" };

/** One chart's SVG: `option` drawn at `width` x `height`, the instance disposed (or the process would not exit). */
export function chartSvg(option: EChartsCoreOption, caption: string, width: number, height: number): string {
  const chart = init(null, null, { renderer: "svg", ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: FONT, ...option });
    // Ids from the caption (unique per page): the same report always gives the same page.
    const prefix = `c${createHash("sha256").update(caption).digest("hex").slice(0, 8)}`;
    return cleanSvg(chart.renderToSVGString(), prefix, h(caption));
  } finally {
    chart.dispose();
  }
}

/** A category axis with a name (its unit). */
function categoryAxis(names: readonly string[], name: string, extra: object = {}): object {
  return {
    type: "category",
    data: names,
    name,
    nameLocation: "middle",
    nameGap: 28,
    axisTick: { alignWithLabel: true },
    ...extra,
  };
}

/** A value axis with a name (its unit). */
function valueAxis(name: string, extra: object = {}): object {
  return { type: "value", name, nameLocation: "end", minInterval: 1, ...extra };
}

/** Stacked bars of calls by outcome per slot, and service level per slot as a line on a 0-100 % axis. */
export function outcomeChart(
  slots: readonly {
    label: string;
    answered: number;
    notAnswered: number;
    abandoned: number;
    sl: number | null;
    /** Peak concurrent calls in the slot (load), drawn as a line on the calls axis when given. */
    peak?: number;
  }[],
  xName: string,
  caption: string,
): string {
  const bar = (name: string, color: string, data: number[]): object => ({
    type: "bar",
    name,
    stack: "calls",
    color,
    data,
    barMaxWidth: 40,
  });
  return chartSvg(
    {
      legend: { bottom: 0, itemWidth: 14, itemHeight: 10, itemGap: 28 },
      grid: { left: 48, right: 52, top: 36, bottom: 64 },
      xAxis: categoryAxis(
        slots.map((s) => s.label),
        xName,
      ),
      yAxis: [
        valueAxis("calls"),
        valueAxis("service level %", { min: 0, max: 100, splitLine: { show: false } }),
      ],
      series: [
        bar(
          "answered",
          COLORS.answered,
          slots.map((s) => s.answered),
        ),
        bar(
          "not answered",
          COLORS.notAnswered,
          slots.map((s) => s.notAnswered),
        ),
        bar(
          "abandoned by the caller",
          COLORS.abandoned,
          slots.map((s) => s.abandoned),
        ),
        {
          type: "line",
          name: "service level %",
          yAxisIndex: 1,
          color: COLORS.line,
          symbolSize: 5,
          connectNulls: false,
          data: slots.map((s) => (s.sl === null ? null : Math.round(s.sl * 1000) / 10)),
        },
        ...peakLine(slots.map((s) => s.peak)),
      ],
    },
    caption,
    WIDE,
    320,
  );
}

/** The peak concurrent calls line over the outcome bars (none when no slot has a peak). */
function peakLine(peaks: readonly (number | undefined)[]): object[] {
  if (peaks.every((p) => p === undefined)) return [];
  return [
    {
      type: "line",
      name: "peak concurrent calls",
      color: COLORS.peak,
      symbolSize: 5,
      lineStyle: { type: "dashed" },
      data: peaks.map((p) => p ?? 0),
    },
  ];
}

/** Bars per category, one series per named group (side by side, or stacked when `stack`). */
export function barsChart(
  categories: readonly string[],
  series: readonly { name: string; color: string; data: number[] }[],
  axes: { x: string; y: string },
  caption: string,
  options: { horizontal?: boolean; width?: number; height?: number } = {},
): string {
  const width = options.width ?? HALF;
  // Every category is labelled (ECharts would drop every other label that might touch its neighbour);
  // labels too wide for their bar are slanted instead.
  const slant = !options.horizontal && !labelsFit(categories, (width - 48 - 24) / categories.length);
  const labels = { axisLabel: { interval: 0, hideOverlap: false, ...(slant ? { rotate: 35 } : {}) } };
  const cats = categoryAxis(
    categories,
    axes.x,
    options.horizontal ? { inverse: true, nameGap: 96, ...labels } : { ...labels, nameGap: slant ? 52 : 28 },
  );
  const values = valueAxis(axes.y, options.horizontal ? { nameLocation: "middle", nameGap: 28 } : {});
  const bottom = (series.length > 1 ? 64 : 44) + (slant ? 24 : 0);
  return chartSvg(
    {
      legend: series.length > 1 ? { bottom: 0, itemWidth: 14, itemHeight: 10 } : { show: false },
      grid: options.horizontal
        ? { left: 112, right: 32, top: 16, bottom }
        : { left: 48, right: 24, top: 36, bottom },
      xAxis: options.horizontal ? values : cats,
      yAxis: options.horizontal ? cats : values,
      series: series.map((s) => ({
        type: "bar",
        name: s.name,
        color: s.color,
        data: s.data,
        barMaxWidth: 36,
      })),
    },
    caption,
    width,
    options.height ?? 260,
  );
}

/** Whether every label fits in `band` units at the charts' 12 px text (about 7 units a character, with a gap). */
function labelsFit(labels: readonly string[], band: number): boolean {
  return labels.every((label) => label.length * 7 + 8 <= band);
}

/** A weekday x hour grid of call counts, shaded by count. */
export function heatmapChart(grid: readonly number[][], days: readonly string[], caption: string): string {
  const data: [number, number, number][] = [];
  grid.forEach((row, w) => {
    row.forEach((n, hour) => {
      data.push([hour, w, n]);
    });
  });
  const max = Math.max(1, ...data.map((d) => d[2]));
  return chartSvg(
    {
      grid: { left: 48, right: 16, top: 16, bottom: 78 },
      xAxis: categoryAxis(
        Array.from({ length: 24 }, (_, i) => String(i).padStart(2, "0")),
        "START hour",
        { splitArea: { show: true } },
      ),
      yAxis: { type: "category", data: days, inverse: true, splitArea: { show: true } },
      visualMap: {
        min: 0,
        max,
        calculable: false,
        orient: "horizontal",
        left: "center",
        bottom: 0,
        itemHeight: 160,
        itemWidth: 10,
        text: [`${max} calls`, "0"],
        inRange: { color: ["#eef3fb", "#2f6db5"] },
      },
      series: [{ type: "heatmap", name: "calls", data, itemStyle: { borderColor: "#fff", borderWidth: 1 } }],
    },
    caption,
    WIDE,
    300,
  );
}
