import { noChange } from "lit-html";
import { directive } from "lit-html/directive.js";
import { AsyncDirective } from "lit-html/async-directive.js";
import type { ElementPart, PartInfo } from "lit-html/directive.js";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

/** Daily series drawn with uPlot into the element the directive sits on; redrawn when the data changes. */

export interface DailySeries {
  label: string;
  values: Array<number | null>;
  stroke: string;
}

export interface DailyChart {
  days: string[];
  series: DailySeries[];
  /** Draw the first series as bars (spend), the rest as lines. */
  bars?: boolean;
  /** A horizontal line, e.g. the daily budget. */
  limit?: { label: string; value: number };
}

const toSeconds = (day: string) => Date.parse(`${day}T00:00:00Z`) / 1000;

function options(spec: DailyChart, width: number): uPlot.Options {
  const series: uPlot.Series[] = [{ label: "day", value: (_u, v) => (v === null ? "" : new Date(v * 1000).toISOString().slice(0, 10)) }];
  spec.series.forEach((s, i) => {
    series.push({ label: s.label, stroke: s.stroke, width: 2, fill: spec.bars && i === 0 ? `${s.stroke}55` : undefined, paths: spec.bars && i === 0 ? uPlot.paths.bars!({ size: [0.6, 40] }) : undefined });
  });
  if (spec.limit) series.push({ label: spec.limit.label, stroke: "#8a2c1d", dash: [6, 4], width: 1 });
  return { width, height: 220, series, scales: { x: { time: true } }, axes: [{}, { size: 60 }], legend: { show: true } };
}

function data(spec: DailyChart): uPlot.AlignedData {
  const x = spec.days.map(toSeconds);
  const ys = spec.series.map((s) => s.values);
  if (spec.limit) ys.push(spec.days.map(() => spec.limit!.value));
  return [x, ...ys];
}

class ChartDirective extends AsyncDirective {
  #plot: uPlot | undefined;
  #key = "";

  constructor(part: PartInfo) {
    super(part);
  }

  render(_spec: DailyChart): typeof noChange {
    return noChange;
  }

  override update(part: ElementPart, [spec]: [DailyChart]): unknown {
    const key = JSON.stringify(spec);
    if (key !== this.#key) {
      this.#key = key;
      const el = part.element as HTMLElement;
      // Drawn once the figure is laid out, so the chart takes its width.
      requestAnimationFrame(() => {
        if (this.#key !== key) return;
        this.#plot?.destroy();
        this.#plot = new uPlot(options(spec, Math.max(320, el.clientWidth - 20)), data(spec), el);
      });
    }
    return this.render(spec);
  }

  override disconnected(): void {
    this.#plot?.destroy();
    this.#plot = undefined;
    this.#key = "";
  }
}

export const dailyChart = directive(ChartDirective);
