// Team bundles: one team's records (or every team's and the hotline's) in an encrypted file,
// carried to another store and imported there. Main shows the save and open dialogs; the
// passphrase travels separately. The import report says what was added, updated, left as it
// was, and which records conflict (listed by kind and reference).
import { useId, useMemo, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { TEAMS, type TeamSlug } from '@shared/domain';
import { type BundleCounts, type ImportReport, type KindReport, type SavedFile, bundleExportInput, bundleImportInput } from '@shared/exchange';
import { call, casebook, isApiError } from '@renderer/lib/api';
import { applyServerIssues, schemaResolver } from '@renderer/lib/validation';
import { useAnnounce } from '@renderer/app/memory';
import { useFormat } from '@renderer/i18n/format';
import { Alert, Field, Modal, describeError } from '@renderer/components/ui';
import { PassphraseStrength } from '@renderer/screens/session/PassphraseStrength';

const KINDS = ['members', 'crises', 'logEntries', 'hotlineCalls'] as const;
type Kind = (typeof KINDS)[number];
/** The report's record kinds (conflicts) to the counts' names. */
const KIND_OF: Record<string, Kind> = { member: 'members', crisis: 'crises', logEntry: 'logEntries', hotlineCall: 'hotlineCalls' };

type Outcome =
  | { action: 'export'; saved: false }
  | { action: 'export'; saved: true; file: SavedFile; counts: BundleCounts | null; teamSlug: TeamSlug | null }
  | { action: 'import'; opened: false }
  | { action: 'import'; opened: true; report: ImportReport };

export function BundlesPanel() {
  const { t } = useTranslation();
  const [dialog, setDialog] = useState<'export' | 'import' | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  return (
    <>
      <section className="card" aria-labelledby="bundles-title">
        <div className="card-header">
          <h2 id="bundles-title">{t('exchange.bundles.title')}</h2>
          <div className="card-actions">
            <button type="button" className="btn" onClick={() => setDialog('import')}>
              {t('exchange.bundles.import')}
            </button>
            <button type="button" className="btn btn-primary" onClick={() => setDialog('export')}>
              {t('exchange.bundles.export')}
            </button>
          </div>
        </div>
        <div className="card-note exchange-bundle-intro">
          <p>{t('exchange.bundles.intro')}</p>
          <p className="muted">{t('exchange.bundles.passphraseNote')}</p>
        </div>
      </section>
      {outcome ? <OutcomeView outcome={outcome} /> : null}
      {dialog === 'export' ? (
        <ExportBundleDialog
          onClose={() => setDialog(null)}
          onDone={(result) => {
            setDialog(null);
            setOutcome(result);
          }}
        />
      ) : null}
      {dialog === 'import' ? (
        <ImportBundleDialog
          onClose={() => setDialog(null)}
          onDone={(result) => {
            setDialog(null);
            setOutcome(result);
          }}
        />
      ) : null}
    </>
  );
}

function OutcomeView({ outcome }: { outcome: Outcome }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (outcome.action === 'export') {
    if (!outcome.saved) return <Alert tone="info">{t('exchange.bundles.exportCancelled')}</Alert>;
    return (
      <Alert tone="success">
        <span>
          {t('exchange.bundles.exported', {
            file: outcome.file.fileName ?? '',
            scope: outcome.teamSlug ? t(`team.${outcome.teamSlug}`) : t('exchange.bundles.allTeams'),
          })}{' '}
          {outcome.counts
            ? t('exchange.bundles.counts', {
                members: format.number(outcome.counts.members),
                crises: format.number(outcome.counts.crises),
                logEntries: format.number(outcome.counts.logEntries),
                hotlineCalls: format.number(outcome.counts.hotlineCalls),
              })
            : null}{' '}
          <span className="hash-line">
            {t('exchange.hashLabel', { algorithm: 'SHA-256' })}: <code className="hash-full">{outcome.file.sha256}</code>
          </span>
        </span>
      </Alert>
    );
  }
  if (!outcome.opened) return <Alert tone="info">{t('exchange.bundles.importCancelled')}</Alert>;
  return <ImportReportView report={outcome.report} />;
}

function ImportReportView({ report }: { report: ImportReport }) {
  const { t } = useTranslation();
  const format = useFormat();
  const conflicts = KINDS.flatMap((kind) => report[kind].conflicts);
  const changed = KINDS.reduce((sum, kind) => sum + report[kind].added + report[kind].updated, 0);
  return (
    <section className="card" aria-labelledby="import-report-title" data-testid="import-report">
      <div className="card-header">
        <h2 id="import-report-title">{t('exchange.report.title')}</h2>
        <span className="muted">
          {report.scope.teamSlug ? t(`team.${report.scope.teamSlug}`) : t('exchange.bundles.allTeams')}
        </span>
      </div>
      <div className="card-note">
        <Alert tone={conflicts.length ? 'warning' : 'success'}>
          {conflicts.length
            ? t('exchange.report.withConflicts', { count: conflicts.length })
            : changed
              ? t('exchange.report.clean')
              : t('exchange.report.nothingNew')}
        </Alert>
      </div>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('exchange.report.kind')}</th>
            <th scope="col" className="cell-end">
              {t('exchange.report.added')}
            </th>
            <th scope="col" className="cell-end">
              {t('exchange.report.updated')}
            </th>
            <th scope="col" className="cell-end">
              {t('exchange.report.unchanged')}
            </th>
            <th scope="col" className="cell-end">
              {t('exchange.report.conflicts')}
            </th>
          </tr>
        </thead>
        <tbody>
          {KINDS.map((kind) => {
            const row: KindReport = report[kind];
            return (
              <tr key={kind} data-kind={kind}>
                <th scope="row">{t(`exchange.kind.${kind}`)}</th>
                <td className="cell-end cell-num">{format.number(row.added)}</td>
                <td className="cell-end cell-num">{format.number(row.updated)}</td>
                <td className="cell-end cell-num">{format.number(row.unchanged)}</td>
                <td className="cell-end cell-num">{format.number(row.conflicts.length)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {conflicts.length ? (
        <>
          <h3 className="exchange-subtitle">{t('exchange.report.conflictList')}</h3>
          <table className="table table-compact">
            <thead>
              <tr>
                <th scope="col">{t('exchange.report.kind')}</th>
                <th scope="col">{t('exchange.report.reference')}</th>
                <th scope="col">{t('exchange.report.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {conflicts.map((conflict) => (
                <tr key={`${conflict.kind}|${conflict.id}|${conflict.reason}`}>
                  <td>{t(`exchange.kind.${KIND_OF[conflict.kind] ?? 'crises'}`)}</td>
                  <td className="cell-mono">{conflict.reference}</td>
                  <td>{t(`exchange.conflictReason.${conflict.reason}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="card-note muted">{t('exchange.report.conflictNote')}</p>
        </>
      ) : null}
      <p className="card-note muted">
        {t('exchange.hashLabel', { algorithm: 'SHA-256' })}: <code className="hash-full">{report.sha256}</code>
      </p>
    </section>
  );
}

function Busy({ label }: { label: string }) {
  return (
    <p className="backup-progress" role="status">
      <span className="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}

interface ExportValues {
  teamSlug: string;
  passphrase: string;
  passphraseRepeat: string;
}

function ExportBundleDialog({ onClose, onDone }: { onClose: () => void; onDone: (outcome: Outcome) => void }) {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const formId = useId();
  const [failure, setFailure] = useState<unknown>(null);
  const resolver = useMemo(
    () =>
      schemaResolver<ExportValues, unknown>(bundleExportInput, (values) => ({
        ...(values.teamSlug ? { teamSlug: values.teamSlug } : {}),
        passphrase: values.passphrase,
        passphraseRepeat: values.passphraseRepeat,
      })),
    [],
  );
  const {
    register,
    handleSubmit,
    control,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<ExportValues, unknown, unknown>({ resolver, defaultValues: { teamSlug: '', passphrase: '', passphraseRepeat: '' } });
  const passphrase = useWatch({ control, name: 'passphrase' });

  const submit = handleSubmit(async (data) => {
    setFailure(null);
    const input = data as z.input<typeof bundleExportInput>;
    try {
      const saved = await call(casebook().bundles.export(input));
      if (saved.saved) {
        announce(
          t('exchange.bundles.exported', {
            file: saved.fileName ?? '',
            scope: input.teamSlug ? t(`team.${input.teamSlug}`) : t('exchange.bundles.allTeams'),
          }),
        );
        onDone({ action: 'export', saved: true, file: saved, counts: saved.counts, teamSlug: input.teamSlug ?? null });
      } else {
        announce(t('exchange.bundles.exportCancelled'));
        onDone({ action: 'export', saved: false });
      }
    } catch (error) {
      if (isApiError(error) && error.issues.length) {
        const left = applyServerIssues(error.issues, setError, ['teamSlug', 'passphrase', 'passphraseRepeat']);
        if (left.length) setFailure(error);
      } else setFailure(error);
    }
  });

  return (
    <Modal
      title={t('exchange.bundles.exportTitle')}
      onClose={() => {
        if (!isSubmitting) onClose();
      }}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose} disabled={isSubmitting}>
            {t('app.cancel')}
          </button>
          <button type="submit" form={formId} className="btn btn-primary" disabled={isSubmitting} aria-busy={isSubmitting || undefined}>
            {isSubmitting ? t('exchange.bundles.exporting') : t('exchange.bundles.exportConfirm')}
          </button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} noValidate className="form-stack" aria-busy={isSubmitting || undefined}>
        <Field label={t('exchange.bundles.scope')} error={errors.teamSlug?.message} hint={t('exchange.bundles.scopeHint')}>
          <select autoFocus {...register('teamSlug')}>
            <option value="">{t('exchange.bundles.allTeams')}</option>
            {TEAMS.map((team) => (
              <option key={team.slug} value={team.slug}>
                {t(`team.${team.slug}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('exchange.bundles.passphrase')} error={errors.passphrase?.message} hint={t('exchange.bundles.passphraseHint')} required>
          <input type="password" autoComplete="new-password" {...register('passphrase')} />
        </Field>
        <PassphraseStrength value={passphrase} />
        <Field label={t('exchange.bundles.passphraseRepeat')} error={errors.passphraseRepeat?.message} required>
          <input type="password" autoComplete="new-password" {...register('passphraseRepeat')} />
        </Field>
        {isSubmitting ? <Busy label={t('exchange.bundles.exportingDetail')} /> : null}
        {failure ? <Alert>{t('exchange.bundles.exportFailed', { message: describeError(t, failure) })}</Alert> : null}
      </form>
    </Modal>
  );
}

interface ImportValues {
  passphrase: string;
}

function ImportBundleDialog({ onClose, onDone }: { onClose: () => void; onDone: (outcome: Outcome) => void }) {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const formId = useId();
  const [failure, setFailure] = useState<unknown>(null);
  const resolver = useMemo(() => schemaResolver<ImportValues, unknown>(bundleImportInput, (values) => ({ passphrase: values.passphrase })), []);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<ImportValues, unknown, unknown>({ resolver, defaultValues: { passphrase: '' } });

  const submit = handleSubmit(async (data) => {
    setFailure(null);
    try {
      const opened = await call(casebook().bundles.import(data as z.input<typeof bundleImportInput>));
      if (opened.opened && opened.report) {
        announce(t('exchange.report.title'));
        onDone({ action: 'import', opened: true, report: opened.report });
      } else {
        announce(t('exchange.bundles.importCancelled'));
        onDone({ action: 'import', opened: false });
      }
    } catch (error) {
      if (isApiError(error, 'WRONG_PASSPHRASE')) {
        setError('passphrase', { type: 'server', message: 'wrong_passphrase' }, { shouldFocus: true });
      } else if (isApiError(error) && error.issues.length) {
        const left = applyServerIssues(error.issues, setError, ['passphrase']);
        if (left.length) setFailure(error);
      } else setFailure(error);
    }
  });

  return (
    <Modal
      title={t('exchange.bundles.importTitle')}
      onClose={() => {
        if (!isSubmitting) onClose();
      }}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose} disabled={isSubmitting}>
            {t('app.cancel')}
          </button>
          <button type="submit" form={formId} className="btn btn-primary" disabled={isSubmitting} aria-busy={isSubmitting || undefined}>
            {isSubmitting ? t('exchange.bundles.importing') : t('exchange.bundles.importConfirm')}
          </button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} noValidate className="form-stack" aria-busy={isSubmitting || undefined}>
        <p>{t('exchange.bundles.importIntro')}</p>
        <Field label={t('exchange.bundles.importPassphrase')} error={errors.passphrase?.message} required>
          <input type="password" autoComplete="off" autoFocus {...register('passphrase')} />
        </Field>
        {isSubmitting ? <Busy label={t('exchange.bundles.importingDetail')} /> : null}
        {failure ? <Alert>{t('exchange.bundles.importFailed', { message: describeError(t, failure) })}</Alert> : null}
      </form>
    </Modal>
  );
}
