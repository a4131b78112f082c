// The preview of an anonymised summary: every table the export holds, with suppressed figures
// shown as ×, the headline totals, the scope and the notes (in the export's own language, as
// they will be written). Nothing here is computed again: it lays out export.preview's answer.
import { type ReactNode, useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { SummaryExport } from '@shared/exchange';
import { useFormat } from '@renderer/i18n/format';
import { LANGUAGE_NAMES } from '@renderer/i18n';
import { Figure, periodName } from './parts';

type Measure = 'crises' | 'resolved' | 'hostagesReleased' | 'suicidesPrevented' | 'livesSaved';
const WITH_RESOLVED: readonly Measure[] = ['crises', 'resolved', 'hostagesReleased', 'suicidesPrevented', 'livesSaved'];
const WITHOUT_RESOLVED: readonly Measure[] = ['crises', 'hostagesReleased', 'suicidesPrevented', 'livesSaved'];

/** The detailed cells listed in the preview at most (the files hold them all). */
const DETAIL_LIMIT = 400;

export function SummaryPreview({ summary, busy }: { summary: SummaryExport; busy: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const c = summary.crises;
  const h = summary.hotline;
  const scope = summary.scope;
  const period = (key: string) => periodName(t, format, key);
  const team = (slug: string) => t(`team.${slug}`);
  const type = (key: string) => t(`crisisType.${key}`, { defaultValue: key });
  const outcome = (key: string) => (key === 'open' ? t('crisisStatus.open') : t(`outcome.${key}`, { defaultValue: key }));
  const suppressedCount = countSuppressed(summary);
  const oneTeam = scope.teams.length === 1;

  const headline: { key: string; value: number | null }[] = [
    { key: 'crises', value: c.totals.crises },
    { key: 'resolved', value: c.totals.resolved },
    { key: 'livesSaved', value: c.totals.livesSaved },
    { key: 'hostagesReleased', value: c.totals.hostagesReleased },
    { key: 'suicidesPrevented', value: c.totals.suicidesPrevented },
    ...(h ? [{ key: 'calls', value: h.totals.calls }] : []),
  ];

  // Matrices: team × period, type × outcome (crises counted).
  const teamPeriods = new Map(c.byTeamAndPeriod.map((row) => [`${row.team}|${row.period}`, row.crises]));
  const typeOutcomes = new Map(c.byTypeAndOutcome.map((row) => [`${row.type}|${row.outcome}`, row.crises]));
  const outcomes = [...new Set(c.byOutcome.map((row) => row.outcome))];
  const listedCells = c.cells.filter((cell) => cell.crises !== 0);
  const listedCalls = h ? h.cells.filter((cell) => cell.calls !== 0) : [];

  return (
    <section className="exchange-preview admin-stack" aria-labelledby="exchange-preview-title" aria-busy={busy || undefined} data-testid="summary-preview">
      <div className="card">
        <div className="card-header">
          <h2 id="exchange-preview-title">{t('exchange.preview.title')}</h2>
          <span className="muted">{t('exchange.preview.generated', { month: format.month(summary.generatedMonth) })}</span>
        </div>
        <div className="exchange-scope">
          <p>{t('exchange.preview.intro')}</p>
          <dl className="exchange-facts">
            <div>
              <dt>{t('exchange.preview.teams')}</dt>
              <dd>{oneTeam ? team(scope.teams[0] ?? '') : t('exchange.params.allTeams')}</dd>
            </div>
            <div>
              <dt>{t('exchange.preview.periods')}</dt>
              <dd>
                {scope.periods.length
                  ? `${period(scope.periods[0] ?? '')} – ${period(scope.periods.at(-1) ?? '')} (${t(`exchange.periodCount.${scope.period}`, { count: scope.periods.length })})`
                  : t('app.none')}
              </dd>
            </div>
            <div>
              <dt>{t('exchange.preview.threshold')}</dt>
              <dd data-testid="preview-k">{t('exchange.preview.thresholdValue', { k: scope.k, max: scope.k - 1 })}</dd>
            </div>
            <div>
              <dt>{t('exchange.preview.hotline')}</dt>
              <dd>{scope.includesHotline ? t('exchange.preview.hotlineIncluded') : t('exchange.preview.hotlineExcluded')}</dd>
            </div>
          </dl>
          <p className="exchange-legend" data-testid="suppression-legend">
            <span className="figure-suppressed" aria-hidden="true">
              ×
            </span>{' '}
            {t('exchange.preview.legend', { max: scope.k - 1, letter: 'x', json: 'JSON', empty: 'null' })}{' '}
            <strong>{t('exchange.preview.suppressedCount', { count: suppressedCount })}</strong>
          </p>
        </div>
        <div className="stat-cards exchange-headline" aria-label={t('exchange.preview.headline')} role="group">
          {headline.map((card) => (
            <div key={card.key} className="stat-card" data-headline={card.key}>
              <span className="stat-card-label">{t(`exchange.measure.${card.key}`)}</span>
              <span className="stat-card-value">
                <Figure value={card.value} />
              </span>
            </div>
          ))}
        </div>
      </div>

      <div className="exchange-tables exchange-tables-wide">
        <MeasureTable
          title={t('exchange.table.byPeriod')}
          testId="by-period"
          head={t('exchange.column.period')}
          measures={WITH_RESOLVED}
          rows={c.byPeriod.map((row) => ({ key: row.period, label: period(row.period), figures: row }))}
        />
        {oneTeam ? null : (
          <MeasureTable
            title={t('exchange.table.byTeam')}
            testId="by-team"
            head={t('exchange.column.team')}
            measures={WITH_RESOLVED}
            rows={c.byTeam.map((row) => ({ key: row.team, label: team(row.team), figures: row }))}
          />
        )}
        <MeasureTable
          title={t('exchange.table.byType')}
          testId="by-type"
          head={t('exchange.column.type')}
          measures={WITH_RESOLVED}
          rows={c.byType.map((row) => ({ key: row.type, label: type(row.type), figures: row }))}
        />
        <MeasureTable
          title={t('exchange.table.byOutcome')}
          testId="by-outcome"
          head={t('exchange.column.outcome')}
          measures={WITHOUT_RESOLVED}
          rows={c.byOutcome.map((row) => ({ key: row.outcome, label: outcome(row.outcome), figures: row }))}
        />
      </div>

      {oneTeam ? null : (
        <Matrix
          title={t('exchange.table.teamByPeriod')}
          testId="team-by-period"
          corner={t('exchange.column.team')}
          columns={scope.periods.map((key) => ({ key, label: period(key) }))}
          rows={scope.teams.map((slug) => ({ key: slug, label: team(slug) }))}
          value={(row, column) => teamPeriods.get(`${row}|${column}`)}
        />
      )}
      <Matrix
        title={t('exchange.table.typeByOutcome')}
        testId="type-by-outcome"
        corner={t('exchange.column.type')}
        columns={outcomes.map((key) => ({ key, label: outcome(key) }))}
        rows={c.byType.map((row) => ({ key: row.type, label: type(row.type) }))}
        value={(row, column) => typeOutcomes.get(`${row}|${column}`)}
      />

      {h ? (
        <div className="exchange-tables">
          <CallsTable title={t('exchange.table.callsByPeriod')} testId="calls-by-period" head={t('exchange.column.period')} rows={h.byPeriod.map((row) => ({ key: row.period, label: period(row.period), calls: row.calls }))} />
          <CallsTable title={t('exchange.table.callsByThreat')} testId="calls-by-threat" head={t('exchange.column.threat')} rows={h.byThreat.map((row) => ({ key: row.threat, label: t(`threat.${row.threat}`, { defaultValue: row.threat }), calls: row.calls }))} />
          <CallsTable title={t('exchange.table.callsByUrgency')} testId="calls-by-urgency" head={t('exchange.column.urgency')} rows={h.byUrgency.map((row) => ({ key: row.urgency, label: t(`urgency.${row.urgency}`, { defaultValue: row.urgency }), calls: row.calls }))} />
          <CallsTable title={t('exchange.table.callsByAction')} testId="calls-by-action" head={t('exchange.column.action')} rows={h.byAction.map((row) => ({ key: row.action, label: t(`hotlineAction.${row.action}`, { defaultValue: row.action }), calls: row.calls }))} />
        </div>
      ) : (
        <p className="card card-note muted">{t('exchange.preview.noHotline')}</p>
      )}

      <section className="card" aria-labelledby="exchange-detail-title">
        <div className="card-header">
          <h2 id="exchange-detail-title">{t('exchange.preview.detailTitle')}</h2>
        </div>
        <p className="card-note">
          {t('exchange.preview.detailIntro', { formats: 'CSV, JSON, Excel', cells: format.number(c.cells.length + (h?.cells.length ?? 0)) })}
        </p>
        <details className="chart-data exchange-detail">
          <summary>{t('exchange.preview.detailCrises', { count: listedCells.length })}</summary>
          <ScrollTable label={t('exchange.preview.detailCrises', { count: listedCells.length })}>
            <table className="table table-compact">
              <thead>
                <tr>
                  <th scope="col">{t('exchange.column.team')}</th>
                  <th scope="col">{t('exchange.column.period')}</th>
                  <th scope="col">{t('exchange.column.type')}</th>
                  <th scope="col">{t('exchange.column.outcome')}</th>
                  {WITHOUT_RESOLVED.map((measure) => (
                    <th scope="col" key={measure} className="cell-end">
                      {t(`exchange.measure.${measure}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {listedCells.slice(0, DETAIL_LIMIT).map((cell) => (
                  <tr key={`${cell.team}|${cell.period}|${cell.type}|${cell.outcome}`}>
                    <td>{team(cell.team)}</td>
                    <td>{period(cell.period)}</td>
                    <td>{type(cell.type)}</td>
                    <td>{outcome(cell.outcome)}</td>
                    {WITHOUT_RESOLVED.map((measure) => (
                      <td key={measure} className="cell-end cell-num">
                        <Figure value={cell[measure as Exclude<Measure, 'resolved'>]} />
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
          {listedCells.length > DETAIL_LIMIT ? <p className="card-note muted">{t('exchange.preview.detailMore', { count: DETAIL_LIMIT })}</p> : null}
        </details>
        {h ? (
          <details className="chart-data exchange-detail">
            <summary>{t('exchange.preview.detailCalls', { count: listedCalls.length })}</summary>
            <ScrollTable label={t('exchange.preview.detailCalls', { count: listedCalls.length })}>
              <table className="table table-compact">
                <thead>
                  <tr>
                    <th scope="col">{t('exchange.column.period')}</th>
                    <th scope="col">{t('exchange.column.threat')}</th>
                    <th scope="col">{t('exchange.column.urgency')}</th>
                    <th scope="col">{t('exchange.column.action')}</th>
                    <th scope="col" className="cell-end">
                      {t('exchange.measure.calls')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {listedCalls.slice(0, DETAIL_LIMIT).map((cell) => (
                    <tr key={`${cell.period}|${cell.threat}|${cell.urgency}|${cell.action}`}>
                      <td>{period(cell.period)}</td>
                      <td>{t(`threat.${cell.threat}`, { defaultValue: cell.threat })}</td>
                      <td>{t(`urgency.${cell.urgency}`, { defaultValue: cell.urgency })}</td>
                      <td>{t(`hotlineAction.${cell.action}`, { defaultValue: cell.action })}</td>
                      <td className="cell-end cell-num">
                        <Figure value={cell.calls} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollTable>
            {listedCalls.length > DETAIL_LIMIT ? <p className="card-note muted">{t('exchange.preview.detailMore', { count: DETAIL_LIMIT })}</p> : null}
          </details>
        ) : null}
      </section>

      <section className="card" aria-labelledby="exchange-notes-title">
        <div className="card-header">
          <h2 id="exchange-notes-title">{t('exchange.preview.notesTitle')}</h2>
          <span className="muted">{t('exchange.preview.notesLanguage', { language: LANGUAGE_NAMES[summary.language] })}</span>
        </div>
        <ol className="exchange-notes" lang={summary.language} data-testid="preview-notes">
          {summary.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ol>
      </section>
    </section>
  );
}

/** A wide table in a scrolling region that the keyboard can reach. */
function ScrollTable({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap exchange-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

function MeasureTable({
  title,
  testId,
  head,
  measures,
  rows,
}: {
  title: string;
  testId: string;
  head: string;
  measures: readonly Measure[];
  rows: { key: string; label: string; figures: Partial<Record<Measure, number | null>> }[];
}) {
  const { t } = useTranslation();
  const titleId = useId();
  return (
    <section className="card" aria-labelledby={titleId} data-testid={testId}>
      <div className="card-header">
        <h3 id={titleId}>{title}</h3>
      </div>
      <ScrollTable label={title}>
        <table className="table table-compact">
          <thead>
            <tr>
              <th scope="col">{head}</th>
              {measures.map((measure) => (
                <th scope="col" key={measure} className="cell-end">
                  {t(`exchange.measure.${measure}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key} data-row={row.key}>
                <th scope="row">{row.label}</th>
                {measures.map((measure) => (
                  <td key={measure} className="cell-end cell-num" data-measure={measure}>
                    <Figure value={row.figures[measure]} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
    </section>
  );
}

function CallsTable({ title, testId, head, rows }: { title: string; testId: string; head: string; rows: { key: string; label: string; calls: number | null }[] }) {
  const { t } = useTranslation();
  const titleId = useId();
  return (
    <section className="card" aria-labelledby={titleId} data-testid={testId}>
      <div className="card-header">
        <h3 id={titleId}>{title}</h3>
      </div>
      <table className="table table-compact">
        <thead>
          <tr>
            <th scope="col">{head}</th>
            <th scope="col" className="cell-end">
              {t('exchange.measure.calls')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} data-row={row.key}>
              <th scope="row">{row.label}</th>
              <td className="cell-end cell-num">
                <Figure value={row.calls} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Matrix({
  title,
  testId,
  corner,
  columns,
  rows,
  value,
}: {
  title: string;
  testId: string;
  corner: string;
  columns: { key: string; label: string }[];
  rows: { key: string; label: string }[];
  value: (row: string, column: string) => number | null | undefined;
}) {
  const titleId = useId();
  return (
    <section className="card" aria-labelledby={titleId} data-testid={testId}>
      <div className="card-header">
        <h3 id={titleId}>{title}</h3>
      </div>
      <ScrollTable label={title}>
        <table className="table table-compact exchange-matrix">
          <thead>
            <tr>
              <th scope="col">{corner}</th>
              {columns.map((column) => (
                <th scope="col" key={column.key} className="cell-end">
                  {column.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key} data-row={row.key}>
                <th scope="row">{row.label}</th>
                {columns.map((column) => (
                  <td key={column.key} className="cell-end cell-num">
                    <Figure value={value(row.key, column.key)} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
    </section>
  );
}

/** How many published figures are suppressed, over every table. */
function countSuppressed(summary: SummaryExport): number {
  let count = 0;
  const visit = (value: unknown) => {
    if (value === null) count += 1;
    else if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === 'object') Object.values(value as Record<string, unknown>).forEach(visit);
  };
  visit(summary.crises);
  if (summary.hotline) visit(summary.hotline);
  return count;
}
