// The audit trail (admin only): verify the hash chain, read the newest entries and page back,
// and export the whole trail for an inspector (main asks where to save it).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditVerification } from '@shared/accounts';
import type { SavedFile } from '@shared/exchange';
import { call, casebook } from '@renderer/lib/api';
import { useLoad } from '@renderer/lib/hooks';
import { useAnnounce } from '@renderer/app/memory';
import { useFormat } from '@renderer/i18n/format';
import { Alert, Badge, ErrorNotice, Loading, PageHeader, describeError } from '@renderer/components/ui';

const PAGE = 50;

export function AuditScreen() {
  const { t } = useTranslation();
  const format = useFormat();
  const announce = useAnnounce();
  // Each page starts before the seq on top of the stack; the first (newest) has no bound.
  const [cursors, setCursors] = useState<(number | undefined)[]>([undefined]);
  const beforeSeq = cursors[cursors.length - 1];
  const entries = useLoad(() => call(casebook().audit.list(beforeSeq === undefined ? { limit: PAGE } : { limit: PAGE, beforeSeq })), [beforeSeq]);
  const [verifying, setVerifying] = useState(false);
  const [verification, setVerification] = useState<AuditVerification | null>(null);
  const [verifyError, setVerifyError] = useState<unknown>(null);
  const [exporting, setExporting] = useState(false);
  const [exported, setExported] = useState<SavedFile | null>(null);
  const [exportError, setExportError] = useState<unknown>(null);

  const verify = async () => {
    setVerifying(true);
    setVerifyError(null);
    setVerification(null);
    try {
      const result = await call(casebook().audit.verify());
      setVerification(result);
      announce(result.ok ? t('audit.verifyOk', { count: result.entries }) : t('audit.verifyFailed', { count: result.problems.length }));
    } catch (error) {
      setVerifyError(error);
    } finally {
      setVerifying(false);
    }
  };

  const exportTrail = async () => {
    setExporting(true);
    setExportError(null);
    setExported(null);
    try {
      setExported(await call(casebook().audit.export()));
    } catch (error) {
      setExportError(error);
    } finally {
      setExporting(false);
    }
  };

  const rows = entries.data ?? [];
  const last = rows[rows.length - 1];
  const mayHaveOlder = rows.length === PAGE && last !== undefined && last.seq > 1;

  return (
    <div className="screen screen-audit admin-stack">
      <PageHeader
        title={t('audit.title')}
        subtitle={t('audit.subtitle')}
        actions={
          <>
            <button type="button" className="btn" onClick={() => void exportTrail()} disabled={exporting}>
              {exporting ? t('audit.exporting') : t('audit.export')}
            </button>
            <button type="button" className="btn btn-primary" onClick={() => void verify()} disabled={verifying}>
              {verifying ? t('audit.verifying') : t('audit.verify')}
            </button>
          </>
        }
      />
      {verification ? (
        verification.ok ? (
          <div className="alert alert-success verify-banner" role="status" data-testid="verify-result" data-ok="true">
            <strong>{t('audit.verifyOk', { count: verification.entries })}</strong>
            <span>{t('audit.verifyOkDetail')}</span>
          </div>
        ) : (
          <div className="alert alert-danger verify-banner" role="alert" data-testid="verify-result" data-ok="false">
            <strong>{t('audit.verifyFailed', { count: verification.problems.length })}</strong>
            <span>{t('audit.verifyFailedDetail', { count: verification.entries })}</span>
            <ul className="verify-problems">
              {verification.problems.map((problem) => (
                <li key={`${problem.seq}-${problem.problem}`}>
                  {t('audit.problemAt', { seq: problem.seq, problem: t(`auditProblem.${problem.problem}`) })}
                </li>
              ))}
            </ul>
          </div>
        )
      ) : null}
      {verifyError ? <Alert>{describeError(t, verifyError)}</Alert> : null}
      {exportError ? <Alert>{t('audit.exportFailed', { message: describeError(t, exportError) })}</Alert> : null}
      {exported?.saved ? (
        <Alert tone="success">
          {t('audit.exported', { file: exported.fileName ?? '', hash: (exported.sha256 ?? '').slice(0, 16) })}
        </Alert>
      ) : null}
      {entries.error ? <ErrorNotice error={entries.error} onRetry={entries.reload} /> : null}
      <section className="card" aria-labelledby="audit-entries-title" aria-busy={entries.loading ? true : undefined}>
        <div className="card-header">
          <h2 id="audit-entries-title">{cursors.length === 1 ? t('audit.newest') : t('audit.olderEntries')}</h2>
        </div>
        {entries.loading && !entries.data ? (
          <Loading />
        ) : (
          <table className="table table-compact">
            <thead>
              <tr>
                <th scope="col">{t('audit.seq')}</th>
                <th scope="col">{t('audit.at')}</th>
                <th scope="col">{t('audit.actor')}</th>
                <th scope="col">{t('audit.action')}</th>
                <th scope="col">{t('audit.recordKind')}</th>
                <th scope="col">{t('audit.hash')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((entry) => (
                <tr key={entry.seq} data-seq={entry.seq}>
                  <td className="cell-num">{entry.seq}</td>
                  <td className="cell-mono">{format.dateTimeSeconds(entry.at)}</td>
                  <td>{entry.actor}</td>
                  <td>{t(`auditAction.${entry.action}`, { defaultValue: entry.action })}</td>
                  <td>{t(`recordKind.${entry.recordKind}`, { defaultValue: entry.recordKind })}</td>
                  <td>
                    {entry.entryHash ? (
                      <span className="hash-short" title={entry.entryHash}>
                        {entry.entryHash.slice(0, 12)}
                      </span>
                    ) : (
                      <Badge tone="warning">{t('audit.unsealed')}</Badge>
                    )}
                  </td>
                </tr>
              ))}
              {entries.data?.length === 0 ? (
                <tr>
                  <td colSpan={6} className="empty-note">
                    {t('audit.empty')}
                  </td>
                </tr>
              ) : null}
            </tbody>
          </table>
        )}
        <div className="card-footer">
          <button
            type="button"
            className="btn btn-small"
            disabled={cursors.length === 1}
            onClick={() => setCursors((stack) => (stack.length > 1 ? stack.slice(0, -1) : stack))}
          >
            {t('audit.newer')}
          </button>
          <button
            type="button"
            className="btn btn-small"
            disabled={!mayHaveOlder || entries.loading}
            onClick={() => last && setCursors((stack) => [...stack, last.seq])}
          >
            {t('audit.older')}
          </button>
        </div>
      </section>
    </div>
  );
}
