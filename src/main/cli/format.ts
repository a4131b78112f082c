// Readable text for a terminal: the statistics as tables, the verification as a short list.
import { type CrisisTotals, type Statistics, TEAMS } from '@shared/domain';
import type { VerifyReport } from '../services/maintenance';

type Cell = string | number;

/** Columns padded to their widest cell; the first column left-aligned, numbers right-aligned. */
export function table(rows: Cell[][]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, index) => (widths[index] = Math.max(widths[index] ?? 0, String(cell).length)));
  return rows
    .map((row) =>
      row
        .map((cell, index) => (index === 0 ? String(cell).padEnd(widths[index] ?? 0) : String(cell).padStart(widths[index] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const TOTALS_HEADER = ['', 'crises', 'resolved', 'hostages released', 'suicides prevented', 'lives saved'];

function totalsRow(label: string, totals: CrisisTotals): Cell[] {
  return [label, totals.total, totals.resolved, totals.hostagesReleased, totals.suicidesPrevented, totals.livesSaved];
}

function teamName(slug: string): string {
  return TEAMS.find((team) => team.slug === slug)?.name ?? slug;
}

function countsLine(counts: Record<string, number>): string {
  const entries = Object.entries(counts);
  return entries.length === 0 ? '–' : entries.map(([key, count]) => `${key} ${count}`).join(', ');
}

export function statisticsText(stats: Statistics): string {
  const crises = table([
    TOTALS_HEADER,
    totalsRow('All crises', stats.crises),
    ['By team'],
    ...Object.entries(stats.crisesByTeam).map(([slug, totals]) => totalsRow(`  ${teamName(slug)}`, totals)),
    ['By year'],
    ...Object.entries(stats.crisesByYear).map(([year, totals]) => totalsRow(`  ${year}`, totals)),
  ]);
  const hotline = [
    `Hotline calls: ${stats.hotline.total}`,
    `  by year:   ${countsLine(stats.hotline.byYear)}`,
    `  by threat: ${countsLine(stats.hotline.byThreat)}`,
  ].join('\n');
  return `${crises}\n\n${hotline}\n`;
}

export function verifyText(report: VerifyReport): string {
  const lines = [
    `integrity:         ${report.integrity.join('; ')}`,
    `schema version:    ${report.schemaVersion}`,
    'migrations:',
    ...report.migrations.map((m) => `  ${String(m.version).padStart(4, '0')}_${m.name}  ${m.checksum}`),
    report.ok ? 'result:            ok' : 'problems:',
    ...report.problems.map((problem) => `  ${problem}`),
  ];
  return `${lines.join('\n')}\n`;
}
