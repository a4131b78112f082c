// Team bundles: one team's records (or every team's and the hotline's) in an encrypted file,
// carried to another store and imported there. Main shows the save and open dialogs; the
// passphrase travels separately. The import report says what was added, updated, left as it
// was, and which records conflict (listed by kind and reference). A conflict where both sides
// changed can be decided here, "keep ours" or "take theirs": the same file is imported again
// with the decisions and the first report's SHA-256, so another file is refused.
import { useId, useMemo, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { TEAMS, type TeamSlug } from '@shared/domain';
import {
  type BundleConflict,
  type BundleCounts,
  type ConflictResolution,
  type ImportReport,
  type KindReport,
  type SavedFile,
  bundleExportInput,
  bundleImportInput,
  conflictResolution,
} from '@shared/exchange';
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
  /** The passphrase stays in memory only, for importing the same file again with decisions. */
  | { action: 'import'; opened: true; report: ImportReport; passphrase: string };

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
      {outcome ? <OutcomeView outcome={outcome} onOutcome={setOutcome} /> : null}
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

function OutcomeView({ outcome, onOutcome }: { outcome: Outcome; onOutcome: (outcome: Outcome) => void }) {
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
  return <ImportReportView report={outcome.report} passphrase={outcome.passphrase} onOutcome={onOutcome} />;
}

function ImportReportView({ report, passphrase, onOutcome }: { report: ImportReport; passphrase: string; onOutcome: (outcome: Outcome) => void }) {
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
          <ConflictDecisions
            // A new report starts with no decisions.
            key={report.sha256 + conflicts.map((conflict) => conflict.id).join()}
            conflicts={conflicts}
            sha256={report.sha256}
            passphrase={passphrase}
            onOutcome={onOutcome}
          />
        </>
      ) : null}
      <p className="card-note muted">
        {t('exchange.hashLabel', { algorithm: 'SHA-256' })}: <code className="hash-full">{report.sha256}</code>
      </p>
    </section>
  );
}

/** Only "changed on both sides" is settled by a decision; the other reasons need the records fixed. */
function decidable(conflicts: BundleConflict[]): BundleConflict[] {
  const seen = new Set<string>();
  return conflicts.filter((conflict) => {
    if (conflict.reason !== 'changed_on_both_sides' || conflict.kind === 'logEntry' || seen.has(conflict.id)) return false;
    seen.add(conflict.id);
    return true;
  });
}

function ConflictDecisions({
  conflicts,
  sha256,
  passphrase,
  onOutcome,
}: {
  conflicts: BundleConflict[];
  sha256: string;
  passphrase: string;
  onOutcome: (outcome: Outcome) => void;
}) {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const groupId = useId();
  const [choices, setChoices] = useState<Record<string, ConflictResolution>>({});
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ tone: 'info' | 'danger'; text: string } | null>(null);
  const open = decidable(conflicts);
  const decided = open.filter((conflict) => choices[conflict.id]).length;
  const undecidable = conflicts.filter((conflict) => conflict.reason !== 'changed_on_both_sides' || conflict.kind === 'logEntry').length;

  if (!open.length) return <p className="card-note muted">{t('exchange.decisions.noneDecidable')}</p>;

  const apply = async () => {
    setBusy(true);
    setNotice(null);
    const resolutions = Object.fromEntries(open.flatMap((conflict) => (choices[conflict.id] ? [[conflict.id, choices[conflict.id]!]] : [])));
    try {
      const opened = await call(casebook().bundles.import({ passphrase, resolutions, expectSha256: sha256 }));
      if (opened.opened && opened.report) {
        announce(t('exchange.decisions.applied'));
        onOutcome({ action: 'import', opened: true, report: opened.report, passphrase });
        return;
      }
      const text = t('exchange.decisions.cancelled');
      announce(text);
      setNotice({ tone: 'info', text });
    } catch (error) {
      const text =
        isApiError(error) && error.issues.some((issue) => issue.message === 'bundle_differs')
          ? t('exchange.decisions.otherFile')
          : t('exchange.decisions.failed', { message: describeError(t, error) });
      announce(text);
      setNotice({ tone: 'danger', text });
    }
    setBusy(false);
  };

  return (
    <div data-testid="conflict-decisions" aria-busy={busy || undefined}>
      <h3 className="exchange-subtitle" id={`${groupId}-title`}>
        {t('exchange.decisions.title')}
      </h3>
      <div className="card-note exchange-decisions">
        <p>{t('exchange.decisions.intro')}</p>
        {undecidable > 0 ? <p className="muted">{t('exchange.decisions.someUndecidable', { count: undecidable })}</p> : null}
        <ul className="exchange-decision-list" aria-labelledby={`${groupId}-title`}>
          {open.map((conflict) => {
            const label = `${t(`exchange.kind.${KIND_OF[conflict.kind] ?? 'crises'}`)} ${conflict.reference}`;
            return (
              <li key={conflict.id}>
                <fieldset className="segmented" disabled={busy}>
                  <legend>{t('exchange.decisions.legend', { record: label })}</legend>
                  {conflictResolution.options.map((option) => (
                    <label key={option} className={`segment${choices[conflict.id] === option ? ' checked' : ''}`}>
                      <input
                        type="radio"
                        name={`${groupId}-${conflict.id}`}
                        value={option}
                        checked={choices[conflict.id] === option}
                        onChange={() => setChoices((current) => ({ ...current, [conflict.id]: option }))}
                      />
                      {option === 'local' ? t('exchange.decisions.local') : t('exchange.decisions.incoming')}
                    </label>
                  ))}
                </fieldset>
              </li>
            );
          })}
        </ul>
        <p className="muted">{t('exchange.decisions.sameFile')}</p>
        <p className="muted">
          {t('exchange.decisions.progress', { decided, count: open.length })}
        </p>
        <button type="button" className="btn btn-primary" onClick={() => void apply()} disabled={busy || decided === 0} aria-busy={busy || undefined}>
          {busy ? t('exchange.bundles.importing') : t('exchange.decisions.apply')}
        </button>
        {busy ? <Busy label={t('exchange.bundles.importingDetail')} /> : null}
        {notice ? <Alert tone={notice.tone}>{notice.text}</Alert> : null}
      </div>
    </div>
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
    const input = data as z.input<typeof bundleImportInput>;
    try {
      const opened = await call(casebook().bundles.import(input));
      if (opened.opened && opened.report) {
        announce(t('exchange.report.title'));
        onDone({ action: 'import', opened: true, report: opened.report, passphrase: input.passphrase });
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
