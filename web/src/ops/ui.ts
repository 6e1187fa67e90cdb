import { html, nothing, type TemplateResult } from "lit-html";
import { toCsv, type Column } from "./csv.ts";

/** Shared pieces of the console's pages: number formats, figure tiles, tables with CSV export. */

export const fmt = {
  int: (value: number | null | undefined) => (value === null || value === undefined ? "–" : value.toLocaleString("en-US")),
  /** A 0-1 share as a percentage with one decimal. */
  pct: (value: number | null | undefined) => (value === null || value === undefined ? "–" : `${(value * 100).toFixed(1)}%`),
  ms: (value: number | null | undefined) => (value === null || value === undefined ? "–" : `${Math.round(value)} ms`),
  usd: (value: number | null | undefined) => (value === null || value === undefined ? "–" : `$${value.toFixed(4)}`),
  minutes: (seconds: number | null | undefined) => (seconds === null || seconds === undefined ? "–" : `${(seconds / 60).toFixed(1)} min`),
  num: (value: number | null | undefined, digits = 2) => (value === null || value === undefined ? "–" : value.toFixed(digits)),
};

export function tile(metric: string, label: string, value: string): TemplateResult {
  return html`<div class="tile" data-metric=${metric}><span class="label">${label}</span><strong class="value">${value}</strong></div>`;
}

export function table<T>(name: string, title: string, columns: readonly Column<T>[], rows: readonly T[], note?: string): TemplateResult {
  return html`<section class="table" data-table=${name}>
    <header>
      <h3>${title}</h3>
      <button class="csv" data-csv=${name} ?disabled=${rows.length === 0} @click=${() => downloadCsv(name, columns, rows)}>CSV</button>
    </header>
    ${note ? html`<p class="note">${note}</p>` : nothing}
    ${rows.length === 0
      ? html`<p class="empty">Nothing in this range.</p>`
      : html`<table>
          <thead><tr>${columns.map((c) => html`<th scope="col" data-col=${c.key}>${c.label}</th>`)}</tr></thead>
          <tbody>
            ${rows.map((row) => html`<tr>${columns.map((c) => html`<td data-col=${c.key}>${c.show ? c.show(row) : String(c.value(row) ?? "–")}</td>`)}</tr>`)}
          </tbody>
        </table>`}
  </section>`;
}

/** Saves a table as `koto-<name>.csv` (the browser's download). */
function downloadCsv<T>(name: string, columns: readonly Column<T>[], rows: readonly T[]): void {
  const url = URL.createObjectURL(new Blob([toCsv(columns, rows)], { type: "text/csv;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = `koto-${name}.csv`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}
