// The printable report: one self-contained HTML page (inline CSS and SVG charts, no script, no
// remote resource, a CSP that forbids loading anything) built only from the protected summary.
// A PdfPrinter turns it into a PDF: Electron's printToPDF in the app, Chromium in the CLI.
import type { SummaryExport } from '@shared/exchange';
import { type Labels, labelsFor } from './labels';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const SUPPRESSED = 'x';
const INK = '#1f4e79';
const MUTED = '#8a94a6';

function formatFigure(value: number | null | undefined, language: string): string {
  if (value === null || value === undefined) return SUPPRESSED;
  return value.toLocaleString(language === 'en' ? 'en-GB' : 'sr-Latn-RS');
}

/** A round axis maximum that splits into five whole steps. */
function niceMax(value: number): number {
  if (value <= 5) return 5;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}

interface Bar {
  label: string;
  value: number | null;
}

/** Vertical bars, e.g. one per period. Suppressed bars are a dashed outline marked x. */
function columnChart(bars: Bar[], title: string, language: string): string {
  const width = 680;
  const height = 220;
  const left = 40;
  const bottom = bars.length > 16 ? 58 : 36;
  const top = 16;
  const plotHeight = height - top - bottom;
  const max = niceMax(Math.max(1, ...bars.map((bar) => bar.value ?? 0)));
  const slot = (width - left - 8) / Math.max(1, bars.length);
  const barWidth = Math.max(2, Math.min(42, slot * 0.7));
  const showValues = bars.length <= 24;
  const parts: string[] = [];
  for (const tick of [0, 0.2, 0.4, 0.6, 0.8, 1]) {
    const y = top + plotHeight - tick * plotHeight;
    parts.push(`<line x1="${left}" x2="${width - 4}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" stroke="#e3e7ee" stroke-width="1"/>`);
    parts.push(`<text x="${left - 6}" y="${(y + 3).toFixed(1)}" text-anchor="end" class="tick">${escapeHtml(formatFigure(Math.round(max * tick), language))}</text>`);
  }
  bars.forEach((bar, i) => {
    const x = left + slot * i + (slot - barWidth) / 2;
    const cx = x + barWidth / 2;
    if (bar.value === null) {
      const h = Math.min(plotHeight, 18);
      parts.push(`<rect x="${x.toFixed(1)}" y="${(top + plotHeight - h).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${h}" fill="none" stroke="${MUTED}" stroke-dasharray="3 2"/>`);
      parts.push(`<text x="${cx.toFixed(1)}" y="${(top + plotHeight - h - 3).toFixed(1)}" text-anchor="middle" class="value muted">${SUPPRESSED}</text>`);
    } else {
      const h = (bar.value / max) * plotHeight;
      parts.push(`<rect x="${x.toFixed(1)}" y="${(top + plotHeight - h).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${h.toFixed(1)}" fill="${INK}"/>`);
      if (showValues) {
        parts.push(`<text x="${cx.toFixed(1)}" y="${(top + plotHeight - h - 3).toFixed(1)}" text-anchor="middle" class="value">${escapeHtml(formatFigure(bar.value, language))}</text>`);
      }
    }
    const labelY = top + plotHeight + 12;
    const label = escapeHtml(bar.label);
    parts.push(
      bars.length > 16
        ? `<text x="${cx.toFixed(1)}" y="${labelY}" text-anchor="end" transform="rotate(-60 ${cx.toFixed(1)} ${labelY})" class="tick">${label}</text>`
        : `<text x="${cx.toFixed(1)}" y="${labelY}" text-anchor="middle" class="tick">${label}</text>`,
    );
  });
  parts.push(`<line x1="${left}" x2="${width - 4}" y1="${top + plotHeight}" y2="${top + plotHeight}" stroke="#555" stroke-width="1"/>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeHtml(title)}">${parts.join('')}</svg>`;
}

/** Horizontal bars, one per category. */
function barChart(bars: Bar[], title: string, language: string): string {
  const width = 330;
  const row = 20;
  const labelWidth = 150;
  const height = row * bars.length + 8;
  const max = niceMax(Math.max(1, ...bars.map((bar) => bar.value ?? 0)));
  const plotWidth = width - labelWidth - 40;
  const parts: string[] = [];
  bars.forEach((bar, i) => {
    const y = 4 + i * row;
    parts.push(`<text x="${labelWidth - 6}" y="${y + 13}" text-anchor="end" class="tick">${escapeHtml(bar.label)}</text>`);
    if (bar.value === null) {
      parts.push(`<rect x="${labelWidth}" y="${y + 3}" width="18" height="${row - 6}" fill="none" stroke="${MUTED}" stroke-dasharray="3 2"/>`);
      parts.push(`<text x="${labelWidth + 24}" y="${y + 13}" class="value muted">${SUPPRESSED}</text>`);
    } else {
      const w = (bar.value / max) * plotWidth;
      parts.push(`<rect x="${labelWidth}" y="${y + 3}" width="${w.toFixed(1)}" height="${row - 6}" fill="${INK}"/>`);
      parts.push(`<text x="${(labelWidth + w + 4).toFixed(1)}" y="${y + 13}" class="value">${escapeHtml(formatFigure(bar.value, language))}</text>`);
    }
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeHtml(title)}">${parts.join('')}</svg>`;
}

function table(head: string[], body: (string | number | null)[][], language: string, totalRow = false): string {
  const cell = (value: string | number | null, header: boolean) => {
    const text = typeof value === 'string' ? escapeHtml(value) : escapeHtml(formatFigure(value, language));
    const cls = value === null ? ' class="suppressed"' : typeof value === 'number' ? ' class="num"' : '';
    return header ? `<th scope="row">${text}</th>` : `<td${cls}>${text}</td>`;
  };
  const rows = body.map((row, i) => {
    const cls = totalRow && i === body.length - 1 ? ' class="total"' : '';
    return `<tr${cls}>${row.map((value, j) => cell(value, j === 0)).join('')}</tr>`;
  });
  return `<table><thead><tr>${head.map((h, j) => `<th scope="col"${j > 0 ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

export function section(title: string, content: string, cls = ''): string {
  return `<section${cls ? ` class="${cls}"` : ''}><h2>${escapeHtml(title)}</h2>${content}</section>`;
}

/** The page, fonts and headings every printed document of the app shares. */
export const PRINTED_PAGE_STYLE = `
@page { size: A4; margin: 14mm 13mm 16mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: "DejaVu Sans", "Liberation Sans", "Noto Sans", Arial, sans-serif; font-size: 9pt; color: #16202c; line-height: 1.35; }
h1 { font-size: 16pt; margin: 0 0 2mm; color: ${INK}; }
h2 { font-size: 11pt; margin: 6mm 0 2mm; color: ${INK}; border-bottom: 0.4pt solid #c8d1dd; padding-bottom: 1mm; }
`;

const STYLE = `${PRINTED_PAGE_STYLE}
.subtitle { margin: 0 0 3mm; color: #4a5568; }
dl.scope { display: grid; grid-template-columns: max-content 1fr; gap: 0.5mm 4mm; margin: 0; }
dl.scope dt { color: #4a5568; }
dl.scope dd { margin: 0; }
.tiles { display: grid; grid-template-columns: repeat(5, 1fr); gap: 3mm; margin-top: 5mm; }
.tile { border: 0.5pt solid #c8d1dd; border-radius: 2mm; padding: 2.5mm; break-inside: avoid; }
.tile .figure { font-size: 17pt; font-weight: bold; color: ${INK}; }
.tile .label { font-size: 8pt; color: #4a5568; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 6mm; }
section { break-inside: avoid-page; }
section.long { break-inside: auto; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; }
th, td { border-bottom: 0.3pt solid #dfe4eb; padding: 0.8mm 1.6mm; text-align: left; }
th.num, td.num, td.suppressed { text-align: right; }
td.suppressed { color: ${MUTED}; }
tr.total th, tr.total td { font-weight: bold; border-top: 0.6pt solid #7a8699; }
thead th { border-bottom: 0.6pt solid #7a8699; }
svg text { font-family: inherit; }
svg .tick { font-size: 9px; fill: #4a5568; }
svg .value { font-size: 9px; fill: #16202c; }
svg .muted { fill: ${MUTED}; }
ol.notes { padding-left: 5mm; margin: 0; }
ol.notes li { margin-bottom: 1.5mm; }
.legend { color: #4a5568; }
`;

function crisesSections(summary: SummaryExport, l: Labels): string {
  const language = summary.language;
  const { crises } = summary;
  const team = (slug: string) => l.t(`team.${slug}`);
  const parts: string[] = [];
  const tiles = [
    ['crises', crises.totals.crises],
    ['resolved', crises.totals.resolved],
    ['livesSaved', crises.totals.livesSaved],
    ['hostagesReleased', crises.totals.hostagesReleased],
    ['suicidesPrevented', crises.totals.suicidesPrevented],
  ] as const;
  parts.push(
    `<section class="tiles" aria-label="${escapeHtml(l.t('headline'))}">${tiles
      .map(([key, value]) => `<div class="tile"><div class="figure">${escapeHtml(formatFigure(value, language))}</div><div class="label">${escapeHtml(l.t(key))}</div></div>`)
      .join('')}</section>`,
  );
  parts.push(
    section(
      l.t('crisesByPeriod'),
      columnChart(crises.byPeriod.map((row) => ({ label: l.period(row.period), value: row.crises })), l.t('crisesByPeriod'), language),
    ),
  );
  parts.push(
    `<div class="pair">${section(
      l.t('crisesByTeam'),
      barChart(crises.byTeam.map((row) => ({ label: team(row.team), value: row.crises })), l.t('crisesByTeam'), language),
    )}${section(
      l.t('crisesByType'),
      barChart(crises.byType.map((row) => ({ label: l.t(`type.${row.type}`), value: row.crises })), l.t('crisesByType'), language),
    )}</div>`,
  );
  parts.push(
    `<div class="pair">${section(
      l.t('crisesByOutcome'),
      barChart(crises.byOutcome.map((row) => ({ label: l.t(`outcome.${row.outcome}`), value: row.crises })), l.t('crisesByOutcome'), language),
    )}${section(
      l.t('livesSaved'),
      barChart(crises.byTeam.map((row) => ({ label: team(row.team), value: row.livesSaved })), l.t('livesSaved'), language),
    )}</div>`,
  );
  parts.push(
    section(
      l.t('resultsByTeam'),
      table(
        [l.t('team'), l.t('crises'), l.t('resolved'), l.t('hostagesReleased'), l.t('suicidesPrevented'), l.t('livesSaved')],
        [
          ...crises.byTeam.map((row) => [team(row.team), row.crises, row.resolved, row.hostagesReleased, row.suicidesPrevented, row.livesSaved]),
          [l.t('total'), crises.totals.crises, crises.totals.resolved, crises.totals.hostagesReleased, crises.totals.suicidesPrevented, crises.totals.livesSaved],
        ],
        language,
        true,
      ),
    ),
  );
  // Periods down, teams across: long ranges of months break across pages.
  const teams = summary.scope.teams;
  const byTeamPeriod = new Map(crises.byTeamAndPeriod.map((row) => [`${row.team}/${row.period}`, row.crises]));
  parts.push(
    section(
      l.t('teamByPeriod'),
      table(
        [l.t('period'), ...teams.map(team), ...(teams.length > 1 ? [l.t('total')] : [])],
        [
          ...crises.byPeriod.map((row) => [
            l.period(row.period),
            ...teams.map((slug) => byTeamPeriod.get(`${slug}/${row.period}`) ?? null),
            ...(teams.length > 1 ? [row.crises] : []),
          ]),
          [l.t('total'), ...crises.byTeam.map((row) => row.crises), ...(teams.length > 1 ? [crises.totals.crises] : [])],
        ],
        language,
        true,
      ),
      'long',
    ),
  );
  const byTypeOutcome = new Map(crises.byTypeAndOutcome.map((row) => [`${row.type}/${row.outcome}`, row.crises]));
  const outcomes = crises.byOutcome.map((row) => row.outcome);
  parts.push(
    section(
      l.t('typeByOutcome'),
      table(
        [l.t('type'), ...outcomes.map((outcome) => l.t(`outcome.${outcome}`)), l.t('total')],
        [
          ...crises.byType.map((row) => [
            l.t(`type.${row.type}`),
            ...outcomes.map((outcome) => byTypeOutcome.get(`${row.type}/${outcome}`) ?? null),
            row.crises,
          ]),
          [l.t('total'), ...crises.byOutcome.map((row) => row.crises), crises.totals.crises],
        ],
        language,
        true,
      ),
    ),
  );
  return parts.join('');
}

function hotlineSections(summary: SummaryExport, l: Labels): string {
  const language = summary.language;
  const hotline = summary.hotline;
  if (!hotline) return `<p class="legend">${escapeHtml(l.t('noHotline'))}</p>`;
  const categories = (title: string, rows: { label: string; calls: number | null }[]) =>
    section(
      title,
      table([title, l.t('calls')], [...rows.map((row) => [row.label, row.calls]), [l.t('total'), hotline.totals.calls]], language, true),
    );
  return [
    `<h2>${escapeHtml(l.t('hotline'))}</h2>`,
    section(
      l.t('callsByPeriod'),
      columnChart(hotline.byPeriod.map((row) => ({ label: l.period(row.period), value: row.calls })), l.t('callsByPeriod'), language),
    ),
    `<div class="pair">${categories(
      l.t('callsByThreat'),
      hotline.byThreat.map((row) => ({ label: l.t(`threat.${row.threat}`), calls: row.calls })),
    )}${categories(
      l.t('callsByAction'),
      hotline.byAction.map((row) => ({ label: l.t(`action.${row.action}`), calls: row.calls })),
    )}</div>`,
    categories(
      l.t('callsByUrgency'),
      hotline.byUrgency.map((row) => ({ label: l.t(`urgency.${row.urgency}`), calls: row.calls })),
    ),
  ].join('');
}

/** The report page, in the summary's language. Only the summary's own figures appear in it. */
export function summaryReportHtml(summary: SummaryExport): string {
  const l = labelsFor(summary.language);
  const periods = summary.scope.periods;
  const periodRange = periods.length === 0 ? '–' : periods.length === 1 ? l.period(periods[0] ?? '') : `${l.period(periods[0] ?? '')} – ${l.period(periods.at(-1) ?? '')}`;
  const teams = summary.scope.teams.length === 5 ? l.t('allTeams') : summary.scope.teams.map((slug) => l.t(`team.${slug}`)).join(', ');
  const scope = [
    [l.t('teams'), teams],
    [l.t('periods'), periodRange],
    [l.t('threshold'), String(summary.scope.k)],
    [l.t('generated'), l.period(summary.generatedMonth)],
  ]
    .map(([term, value]) => `<dt>${escapeHtml(term ?? '')}</dt><dd>${escapeHtml(value ?? '')}</dd>`)
    .join('');
  const notes = `<ol class="notes">${summary.notes.map((note) => `<li>${escapeHtml(note)}</li>`).join('')}</ol>`;
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(summary.language)}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(l.t('title'))}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<header><h1>${escapeHtml(l.t('title'))}</h1><p class="subtitle">${escapeHtml(l.t('subtitle'))}</p><dl class="scope">${scope}</dl></header>`,
    crisesSections(summary, l),
    hotlineSections(summary, l),
    section(l.t('notes'), `${notes}<p class="legend">${escapeHtml(l.t('suppressedLegend'))}</p><p class="legend">${escapeHtml(l.t('detailInFiles'))}</p>`),
    '</body>',
    '</html>',
  ].join('\n');
}
