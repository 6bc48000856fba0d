// Types of the ECharts installers imported one by one: echarts ships no .d.ts beside its lib/ files.
type EChartsInstaller = Extract<
  Parameters<typeof import("echarts/core").use>[0],
  (...args: never[]) => unknown
>;
declare module "echarts/lib/chart/bar/install.js" {
  export const install: EChartsInstaller;
}
declare module "echarts/lib/chart/line/install.js" {
  export const install: EChartsInstaller;
}
declare module "echarts/lib/chart/heatmap/install.js" {
  export const install: EChartsInstaller;
}
declare module "echarts/lib/component/grid/installSimple.js" {
  export const install: EChartsInstaller;
}
declare module "echarts/lib/component/legend/installLegendPlain.js" {
  export const install: EChartsInstaller;
}
declare module "echarts/lib/component/visualMap/installVisualMapContinuous.js" {
  export const install: EChartsInstaller;
}
declare module "echarts/lib/renderer/installSVGRenderer.js" {
  export const install: EChartsInstaller;
}
