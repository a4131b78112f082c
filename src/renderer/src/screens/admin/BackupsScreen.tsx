// Backups (admin only): the copies in the folder beside the store, and "back up now".
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupInfo } from '@shared/accounts';
import { call, casebook } from '@renderer/lib/api';
import { useLoad } from '@renderer/lib/hooks';
import { useAnnounce } from '@renderer/app/memory';
import { useFileSize, useFormat } from '@renderer/i18n/format';
import { Alert, ErrorNotice, Loading, PageHeader, describeError } from '@renderer/components/ui';

export function BackupsScreen() {
  const { t } = useTranslation();
  const format = useFormat();
  const size = useFileSize();
  const announce = useAnnounce();
  const backups = useLoad(() => call(casebook().backups.list()), []);
  const [running, setRunning] = useState(false);
  const [made, setMade] = useState<BackupInfo | null>(null);
  const [failure, setFailure] = useState<unknown>(null);

  const run = async () => {
    setRunning(true);
    setFailure(null);
    setMade(null);
    try {
      const backup = await call(casebook().backups.run());
      setMade(backup);
      announce(t('backups.done', { date: format.dateTime(backup.createdAt) }));
      backups.reload();
    } catch (error) {
      setFailure(error);
    } finally {
      setRunning(false);
    }
  };

  const rows = [...(backups.data ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt));

  return (
    <div className="screen screen-backups admin-stack">
      <PageHeader
        title={t('backups.title')}
        subtitle={t('backups.subtitle')}
        actions={
          <button type="button" className="btn btn-primary" onClick={() => void run()} disabled={running} aria-busy={running || undefined}>
            {running ? (
              <span className="backup-progress">
                <span className="spinner" aria-hidden="true" />
                {t('backups.running')}
              </span>
            ) : (
              t('backups.run')
            )}
          </button>
        }
      />
      {running ? <Alert tone="info">{t('backups.runningDetail')}</Alert> : null}
      {made ? (
        <Alert tone="success">{t('backups.done', { date: format.dateTime(made.createdAt) })}</Alert>
      ) : null}
      {failure ? <Alert>{t('backups.failed', { message: describeError(t, failure) })}</Alert> : null}
      {backups.error ? <ErrorNotice error={backups.error} onRetry={backups.reload} /> : null}
      <section className="card" aria-labelledby="backups-title" aria-busy={backups.loading ? true : undefined}>
        <div className="card-header">
          <h2 id="backups-title">{t('backups.listTitle')}</h2>
          {backups.data ? <span className="muted">{t('backups.count', { count: backups.data.length })}</span> : null}
        </div>
        {backups.loading && !backups.data ? (
          <Loading />
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('backups.createdAt')}</th>
                <th scope="col">{t('backups.fileName')}</th>
                <th scope="col" className="cell-end">
                  {t('backups.size')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((backup) => (
                <tr key={backup.fileName} className={made?.fileName === backup.fileName ? 'row-new' : undefined}>
                  <td>{format.dateTime(backup.createdAt)}</td>
                  <td className="cell-mono">{backup.fileName}</td>
                  <td className="cell-end cell-num">{size(backup.bytes)}</td>
                </tr>
              ))}
              {rows.length === 0 ? (
                <tr>
                  <td colSpan={3} className="empty-note">
                    {t('backups.empty')}
                  </td>
                </tr>
              ) : null}
            </tbody>
          </table>
        )}
        <p className="card-note muted">{t('backups.note')}</p>
      </section>
    </div>
  );
}
