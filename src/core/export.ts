import type {
  ControlPopulation as SitePopulation,
  PopulationRow,
} from './populations/control-populations.ts';

/** The columns every population export has, before the kind's own columns. */
const BASE = ['subject', 'occurred_at', 'title', 'status', 'url', 'gaps'] as const;

export interface ExportTable {
  columns: string[];
  rows: Record<string, string>[];
}

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join('; ');
  return String(value);
}

/** A population as a flat table: the same rows the site shows, for CSV, JSON and the CLI. */
export function populationTable(population: SitePopulation): ExportTable {
  const extra = population.columns.map((c) => c.key);
  const columns = [...BASE, ...extra];
  const rows = population.items.map((item: PopulationRow) => {
    const row: Record<string, string> = {
      subject: item.subject,
      occurred_at: item.occurred_at,
      title: item.title,
      status: item.status,
      url: item.url ?? '',
      gaps: item.gaps.join('; '),
    };
    for (const key of extra) row[key] = text(item.attributes[key]);
    return row;
  });
  return { columns, rows };
}

/** RFC 4180 CSV; cells that a spreadsheet would run as a formula are prefixed with a quote. */
export function toCsv(table: ExportTable): string {
  const escape = (v: string) => {
    const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const lines = [table.columns, ...table.rows.map((r) => table.columns.map((c) => r[c] ?? ''))];
  return `${lines.map((line) => line.map(escape).join(',')).join('\r\n')}\r\n`;
}

export function toJson(
  control: string,
  population: SitePopulation,
  period: { start: string; end: string },
): string {
  const { columns, rows } = populationTable(population);
  const packet = {
    control,
    population: population.kind,
    title: population.title,
    period,
    columns,
    rows,
  };
  // One line: a large population's indentation would be a fifth of its published bytes.
  return `${JSON.stringify(packet)}\n`;
}
