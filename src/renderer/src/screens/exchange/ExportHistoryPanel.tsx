// The export history: every file that left the machine (summaries and bundles), who made it,
// when, in which format, with which parameters, and the SHA-256 of its exact bytes.
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { ExportRecord } from '@shared/exchange';
import { call, casebook } from '@renderer/lib/api';
import { useLoad } from '@renderer/lib/hooks';
import { type Formatters, useFormat } from '@renderer/i18n/format';
import { LANGUAGE_NAMES, isLanguage } from '@renderer/i18n';
import { ErrorNotice, Loading } from '@renderer/components/ui';

const str = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);
const num = (value: unknown): number | null => (typeof value === 'number' ? value : null);
const obj = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' ? (value as Record<string, unknown>) : {});

/** The recorded parameters in words (they are stored as written, so read defensively). */
function describeParameters(t: TFunction, format: Formatters, record: ExportRecord): string {
  const p = record.parameters;
  const team = str(p.teamSlug) ?? str(obj(p.filter).teamSlug);
  const teamText = team ? t(`team.${team}`, { defaultValue: team }) : t('exchange.params.allTeams');
  if (record.kind === 'bundle') {
    const counts = obj(p.counts);
    const parts = [team ? teamText : t('exchange.bundles.allTeams')];
    if (num(counts.crises) !== null) {
      parts.push(
        t('exchange.bundles.counts', {
          members: format.number(num(counts.members) ?? 0),
          crises: format.number(num(counts.crises) ?? 0),
          logEntries: format.number(num(counts.logEntries) ?? 0),
          hotlineCalls: format.number(num(counts.hotlineCalls) ?? 0),
        }),
      );
    }
    return parts.join(' · ');
  }
  const filter = obj(p.filter);
  const from = str(filter.from);
  const to = str(filter.to);
  const period = str(p.period);
  const k = num(p.k);
  const language = str(p.language);
  const parts = [teamText];
  if (from || to) parts.push(`${from ? format.day(from) : '…'} – ${to ? format.day(to) : '…'}`);
  else parts.push(t('exchange.history.allDates'));
  if (period) parts.push(t(`exchange.periodBy.${period}`, { defaultValue: period }));
  if (k !== null) parts.push(t('exchange.history.threshold', { k }));
  if (language && isLanguage(language)) parts.push(LANGUAGE_NAMES[language]);
  return parts.join(' · ');
}

export function ExportHistoryPanel() {
  const { t } = useTranslation();
  const format = useFormat();
  const history = useLoad(() => call(casebook().export.history({ limit: 200 })), []);
  const rows = history.data ?? [];

  return (
    <section className="card" aria-labelledby="export-history-title" aria-busy={history.loading || undefined}>
      <div className="card-header">
        <h2 id="export-history-title">{t('exchange.history.title')}</h2>
        {history.data ? <span className="muted">{t('exchange.history.count', { count: rows.length })}</span> : null}
      </div>
      {history.error ? <ErrorNotice error={history.error} onRetry={history.reload} /> : null}
      {history.loading && !history.data ? (
        <Loading />
      ) : (
        <div className="table-wrap exchange-scroll" role="region" aria-labelledby="export-history-title" tabIndex={0}>
          <table className="table exchange-history" data-testid="export-history">
            <thead>
              <tr>
                <th scope="col">{t('exchange.history.when')}</th>
                <th scope="col">{t('exchange.history.who')}</th>
                <th scope="col">{t('exchange.history.what')}</th>
                <th scope="col">{t('exchange.history.parameters')}</th>
                <th scope="col">{t('exchange.history.file')}</th>
                <th scope="col">{t('exchange.hashLabel', { algorithm: 'SHA-256' })}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((record) => (
                <tr key={record.id} data-export={record.id}>
                  <td className="cell-num">{format.dateTime(record.createdAt)}</td>
                  <td>{record.actor}</td>
                  <td>
                    {record.kind === 'bundle'
                      ? t('exchange.history.bundle')
                      : t('exchange.history.summary', { format: record.format.toUpperCase() })}
                  </td>
                  <td>{describeParameters(t, format, record)}</td>
                  <td className="cell-mono">{record.fileName}</td>
                  <td>
                    <code className="hash-full hash-wrap">{record.sha256}</code>
                  </td>
                </tr>
              ))}
              {rows.length === 0 ? (
                <tr>
                  <td colSpan={6} className="empty-note">
                    {t('exchange.history.empty')}
                  </td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </div>
      )}
      <p className="card-note muted">{t('exchange.history.note')}</p>
    </section>
  );
}
