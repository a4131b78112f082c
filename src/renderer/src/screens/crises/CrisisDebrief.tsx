// After the crisis: the team's debrief (kept with the crisis, saved with the version last read,
// so two people debriefing at once cannot overwrite each other) and the incident report as PDF.
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Crisis } from '@shared/domain';
import { type Debrief, debriefSave } from '@shared/debriefs';
import type { SavedFile } from '@shared/exchange';
import { call, casebook, isApiError } from '@renderer/lib/api';
import { useLoad } from '@renderer/lib/hooks';
import { useFormat } from '@renderer/i18n/format';
import { currentLanguage } from '@renderer/i18n';
import { useAnnounce } from '@renderer/app/memory';
import { Alert, ErrorNotice, Field, Loading, describeError } from '@renderer/components/ui';

const PARTS = ['whatWorked', 'whatDidNotWork', 'lessons'] as const;
type Part = (typeof PARTS)[number];
type Texts = Record<Part, string>;

function textsOf(debrief: Debrief): Texts {
  return { whatWorked: debrief.whatWorked, whatDidNotWork: debrief.whatDidNotWork, lessons: debrief.lessons };
}

export function DebriefCard({ crisis }: { crisis: Crisis }) {
  const loaded = useLoad(() => call(casebook().debriefs.get({ crisisId: crisis.id })), [crisis.id]);
  if (loaded.loading && !loaded.data) return <Loading />;
  if (loaded.error) return <ErrorNotice error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <Loading />;
  return <DebriefForm key={`${loaded.data.crisisId}-${loaded.data.version}`} saved={loaded.data} onReload={loaded.reload} />;
}

function DebriefForm({ saved, onReload }: { saved: Debrief; onReload: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const announce = useAnnounce();
  const titleId = useId();
  const [current, setCurrent] = useState<Debrief>(saved);
  const [texts, setTexts] = useState<Texts>(textsOf(saved));
  const [errors, setErrors] = useState<Partial<Record<Part, string>>>({});
  const [problem, setProblem] = useState<{ conflict: boolean; message: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const changed = PARTS.some((part) => texts[part] !== current[part]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input = { crisisId: current.crisisId, version: current.version, ...texts };
    const parsed = debriefSave.safeParse(input);
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0]), 'too_long'])));
      return;
    }
    setErrors({});
    setProblem(null);
    setSaving(true);
    try {
      const next = await call(casebook().debriefs.save(parsed.data));
      setCurrent(next);
      setTexts(textsOf(next));
      announce(t('debrief.saved'));
    } catch (error) {
      setProblem({ conflict: isApiError(error, 'VERSION_CONFLICT'), message: describeError(t, error) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="card debrief" aria-labelledby={titleId}>
      <div className="card-header">
        <h2 id={titleId}>{t('debrief.title')}</h2>
        {current.updatedAt && current.updatedBy ? (
          <span className="muted" data-testid="debrief-meta">
            {t('debrief.lastChanged', { name: current.updatedBy, date: fmt.dateTime(current.updatedAt) })}
          </span>
        ) : null}
      </div>
      <p className="muted">{t('debrief.intro')}</p>
      <form className="debrief-form" onSubmit={(event) => void submit(event)} noValidate>
        {PARTS.map((part) => (
          <Field key={part} label={t(`debrief.${part}`)} errorText={errors[part] ? t('debrief.tooLong') : undefined}>
            <textarea rows={4} value={texts[part]} onChange={(event) => setTexts({ ...texts, [part]: event.target.value })} />
          </Field>
        ))}
        {problem ? (
          <Alert>
            {problem.conflict ? t('debrief.conflict') : problem.message}{' '}
            {problem.conflict ? (
              <button type="button" className="btn btn-small" onClick={onReload}>
                {t('debrief.reload')}
              </button>
            ) : null}
          </Alert>
        ) : null}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={saving || !changed}>
            {saving ? t('debrief.saving') : t('debrief.save')}
          </button>
        </div>
      </form>
    </section>
  );
}

type ReportState = { state: 'idle' } | { state: 'saving' } | { state: 'saved'; file: SavedFile } | { state: 'failed'; message: string };

/** The incident report as PDF: the shell asks where; it names people, and the card says so. Keyed by the crisis's version by its parent. */
export function IncidentReportCard({ crisis }: { crisis: Crisis }) {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const titleId = useId();
  const [report, setReport] = useState<ReportState>({ state: 'idle' });
  const save = async () => {
    setReport({ state: 'saving' });
    try {
      const file = await call(casebook().reports.incident({ crisisId: crisis.id, language: currentLanguage() }));
      if (!file.saved) {
        setReport({ state: 'idle' });
        return;
      }
      setReport({ state: 'saved', file });
      announce(t('incidentReport.saved', { file: file.fileName ?? '' }));
    } catch (error) {
      setReport({ state: 'failed', message: describeError(t, error) });
    }
  };

  return (
    <section className="card incident-report" aria-labelledby={titleId}>
      <div className="card-header">
        <h2 id={titleId}>{t('incidentReport.title')}</h2>
      </div>
      <Alert tone="warning">{t('incidentReport.notAnonymised')}</Alert>
      {crisis.status === 'open' ? <p className="muted">{t('incidentReport.draftNote')}</p> : null}
      <button type="button" className="btn" onClick={() => void save()} disabled={report.state === 'saving'}>
        {report.state === 'saving' ? t('incidentReport.saving') : crisis.status === 'open' ? t('incidentReport.saveDraft') : t('incidentReport.save')}
      </button>
      {report.state === 'saved' ? <Alert tone="success">{t('incidentReport.saved', { file: report.file.fileName ?? '' })}</Alert> : null}
      {report.state === 'failed' ? <Alert>{report.message}</Alert> : null}
    </section>
  );
}
