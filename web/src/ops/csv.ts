/** A table's rows as CSV (RFC 4180): every cell quoted when it must be, lines ended with CRLF. */

export interface Column<T> {
  key: string;
  label: string;
  value: (row: T) => string | number | boolean | null;
  /** How the page shows the value (the CSV keeps the raw one). */
  show?: (row: T) => string;
}

const QUOTE_NEEDED = /[",\r\n]/;

function cell(value: string | number | boolean | null): string {
  const text = value === null ? "" : String(value);
  // A leading = + - @ would be read as a formula by spreadsheets: keep it text.
  const safe = /^[=+\-@]/.test(text) && Number.isNaN(Number(text)) ? `'${text}` : text;
  return QUOTE_NEEDED.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv<T>(columns: readonly Column<T>[], rows: readonly T[]): string {
  const lines = [columns.map((c) => cell(c.key)), ...rows.map((row) => columns.map((c) => cell(c.value(row))))];
  return lines.map((line) => line.join(",")).join("\r\n") + "\r\n";
}
