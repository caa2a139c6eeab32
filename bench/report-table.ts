/**
 * The one table `npm run bench` prints: each measurement beside what it is compared with, the
 * ratio, and the target where the issue sets one. Markdown, so it can go into BENCHMARKS.md
 * as printed.
 */
import { cpus, totalmem } from 'node:os';

export interface Row {
  scenario: string;
  engine: string;
  measured: string;
  against: string;
  ratio: number | null;
  /** The least acceptable ratio (the most, with `atMost`); null where the issue sets none. */
  target: number | null;
  /** The target is a ceiling: a cost, where lower is better. */
  atMost?: boolean;
}

export function renderTable(rows: Row[]): string {
  const header = ['scenario', 'engine', 'measured', 'against', 'ratio', 'target', 'met'];
  const lines = rows.map((row) => [
    row.scenario,
    row.engine,
    row.measured,
    row.against,
    row.ratio === null ? '' : `${row.ratio.toFixed(2)}×`,
    row.target === null ? '' : `${row.atMost ? '≤' : '≥'} ${row.target.toFixed(2)}×`,
    row.target === null || row.ratio === null ? '' : meets(row) ? 'yes' : '**no**',
  ]);
  return [header, header.map(() => '---'), ...lines]
    .map((cells) => `| ${cells.join(' | ')} |`)
    .join('\n');
}

function meets(row: Row): boolean {
  if (row.ratio === null || row.target === null) return false;
  return row.atMost ? row.ratio <= row.target : row.ratio >= row.target;
}

export function perSecond(rate: number): string {
  return `${Math.round(rate).toLocaleString('en-US')}/s`;
}

export function machineLine(postgresVersion: string | null): string {
  const cpu = cpus();
  const memoryGiB = Math.round(totalmem() / 2 ** 30);
  const pg = postgresVersion ? `, PostgreSQL ${postgresVersion}` : '';
  const model = cpu[0]?.model ?? 'unknown CPU';
  return `${cpu.length} × ${model}, ${memoryGiB} GiB, Node ${process.version}${pg}`;
}
