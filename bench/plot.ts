/**
 * A small SVG line chart for the benchmark: learners on the x axis, one panel per measure,
 * one line per server. Written by hand to keep the benchmark free of a charting stack.
 */

export interface Series {
  name: string;
  colour: string;
  points: Array<{ x: number; y: number }>;
}

export interface Panel {
  title: string;
  unit: string;
  series: Series[];
  /** A horizontal target line, if any. */
  target?: number | undefined;
}

const WIDTH = 420;
const HEIGHT = 260;
const MARGIN = { left: 56, right: 16, top: 34, bottom: 44 };

function niceMax(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return Math.ceil((value * 1.1) / magnitude) * magnitude;
}

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;");
}

function panelSvg(panel: Panel, offsetX: number): string {
  const xs = panel.series.flatMap((s) => s.points.map((p) => p.x));
  const ys = [...panel.series.flatMap((s) => s.points.map((p) => p.y)), panel.target ?? 0];
  const xMax = niceMax(Math.max(...xs, 1));
  const yMax = niceMax(Math.max(...ys, 1));
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const sx = (x: number) => offsetX + MARGIN.left + (x / xMax) * plotW;
  const sy = (y: number) => MARGIN.top + plotH - (y / yMax) * plotH;
  const parts: string[] = [];
  parts.push(`<text x="${offsetX + WIDTH / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">${escape(panel.title)}</text>`);
  for (let i = 0; i <= 4; i += 1) {
    const y = (yMax * i) / 4;
    parts.push(`<line x1="${sx(0)}" x2="${sx(xMax)}" y1="${sy(y)}" y2="${sy(y)}" stroke="#ddd"/>`);
    parts.push(`<text x="${sx(0) - 6}" y="${sy(y) + 4}" text-anchor="end" font-size="11">${Number(y.toPrecision(3))}</text>`);
    const x = (xMax * i) / 4;
    parts.push(`<text x="${sx(x)}" y="${sy(0) + 16}" text-anchor="middle" font-size="11">${Math.round(x)}</text>`);
  }
  parts.push(`<text x="${sx(xMax / 2)}" y="${HEIGHT - 8}" text-anchor="middle" font-size="12">learners</text>`);
  parts.push(`<text x="${offsetX + 14}" y="${MARGIN.top + plotH / 2}" font-size="12" transform="rotate(-90 ${offsetX + 14} ${MARGIN.top + plotH / 2})" text-anchor="middle">${escape(panel.unit)}</text>`);
  if (panel.target !== undefined) {
    parts.push(`<line x1="${sx(0)}" x2="${sx(xMax)}" y1="${sy(panel.target)}" y2="${sy(panel.target)}" stroke="#c00" stroke-dasharray="5,4"/>`);
    parts.push(`<text x="${sx(xMax) - 2}" y="${sy(panel.target) - 4}" text-anchor="end" font-size="10" fill="#c00">target</text>`);
  }
  panel.series.forEach((series, index) => {
    const path = series.points.map((p, i) => `${i === 0 ? "M" : "L"}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(" ");
    parts.push(`<path d="${path}" fill="none" stroke="${series.colour}" stroke-width="2"/>`);
    for (const p of series.points) parts.push(`<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="3" fill="${series.colour}"/>`);
    parts.push(`<text x="${sx(0) + 8}" y="${MARGIN.top + 12 + index * 14}" font-size="11" fill="${series.colour}">${escape(series.name)}</text>`);
  });
  return parts.join("\n");
}

export function chartSvg(panels: readonly Panel[], caption: string): string {
  const width = WIDTH * panels.length;
  const body = panels.map((panel, i) => panelSvg(panel, i * WIDTH)).join("\n");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${HEIGHT + 24}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
${body}
<text x="8" y="${HEIGHT + 16}" font-size="11" fill="#555">${escape(caption)}</text>
</svg>
`;
}
