// The anonymised summary for partners: parameters, the preview (export.preview returns exactly
// the structure the CSV, JSON, Excel and PDF writers serialise), then a save in one of the formats.
// Main shows the save dialog; a closed dialog writes and records nothing.
import { useEffect, useMemo, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { TEAMS } from '@shared/domain';
import {
  DEFAULT_K,
  type ExportLanguage,
  MIN_K,
  type SavedFile,
  type SummaryExport,
  type SummaryFormat,
  type SummaryParamsInput,
  type SummaryPeriod,
  exportLanguage,
  summaryFormat,
  summaryParams,
  summaryPeriod,
} from '@shared/exchange';
import { call, casebook, isApiError } from '@renderer/lib/api';
import { useDebounced, useLoad } from '@renderer/lib/hooks';
import { schemaResolver, translateIssue } from '@renderer/lib/validation';
import { useAnnounce, useRemembered } from '@renderer/app/memory';
import { LANGUAGE_NAMES, currentLanguage } from '@renderer/i18n';
import { Alert, Field, Loading, describeError } from '@renderer/components/ui';
import { FormDateTime } from '@renderer/components/dateFields';
import { SummaryPreview } from './SummaryPreview';

interface ParamValues {
  filter: { teamSlug: string; from: string; to: string };
  period: SummaryPeriod;
  k: string;
  language: ExportLanguage;
}

/** The form's values as the channel's input ('' dropped; k a number, or null when empty). */
function toInput(values: ParamValues): SummaryParamsInput {
  const { teamSlug, from, to } = values.filter;
  return {
    filter: {
      ...(teamSlug ? { teamSlug: teamSlug as never } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
    },
    period: values.period,
    k: (values.k.trim() === '' ? null : Number(values.k)) as number,
    language: values.language,
  };
}

type SaveState =
  | { state: 'idle' }
  | { state: 'busy'; format: SummaryFormat }
  | { state: 'saved'; format: SummaryFormat; file: SavedFile }
  | { state: 'cancelled'; format: SummaryFormat }
  | { state: 'failed'; format: SummaryFormat; error: unknown };

const FORMAT_NAMES: Record<SummaryFormat, string> = { csv: 'CSV', json: 'JSON', pdf: 'PDF', xlsx: 'Excel' };

export function SummaryExportPanel() {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const [remembered, remember] = useRemembered<ParamValues>('exchange.params', {
    filter: { teamSlug: '', from: '', to: '' },
    period: 'year',
    k: String(DEFAULT_K),
    language: currentLanguage(),
  });
  const resolver = useMemo(() => schemaResolver<ParamValues, unknown>(summaryParams, toInput), []);
  const {
    register,
    control,
    formState: { errors },
  } = useForm<ParamValues, unknown, unknown>({ resolver, mode: 'onChange', defaultValues: remembered });
  const values = useWatch({ control }) as ParamValues;
  const period = values.period;

  // The preview follows valid parameters (a short pause while typing); invalid ones show errors.
  const parsed = summaryParams.safeParse(toInput(values));
  const wanted = parsed.success ? JSON.stringify(toInput(values)) : null;
  const request = useDebounced(wanted, 250);
  useEffect(() => {
    remember(values);
  }, [JSON.stringify(values)]); // eslint-disable-line react-hooks/exhaustive-deps
  const preview = useLoad<{ params: SummaryParamsInput; summary: SummaryExport } | null>(async () => {
    if (!request) return null;
    const params = JSON.parse(request) as SummaryParamsInput;
    return { params, summary: await call(casebook().export.preview(params)) };
  }, [request]);
  const current = wanted !== null && request === wanted && !preview.loading ? preview.data : undefined;

  const [save, setSave] = useState<SaveState>({ state: 'idle' });
  const busy = save.state === 'busy';
  const write = async (format: SummaryFormat) => {
    if (!current) return;
    setSave({ state: 'busy', format });
    try {
      const file = await call(casebook().export.write({ ...current.params, format }));
      if (file.saved) {
        setSave({ state: 'saved', format, file });
        announce(t('exchange.save.saved', { file: file.fileName ?? '' }));
      } else {
        setSave({ state: 'cancelled', format });
        announce(t('exchange.save.cancelled'));
      }
    } catch (error) {
      setSave({ state: 'failed', format, error });
    }
  };

  const previewIssues = isApiError(preview.error) ? preview.error.issues.map((issue) => translateIssue(t, issue.message)) : [];

  return (
    <>
      <form className="toolbar exchange-params" aria-label={t('exchange.params.label')} noValidate onSubmit={(event) => event.preventDefault()}>
        <div className="toolbar-row">
          <Field label={t('exchange.params.team')} className="toolbar-field" error={errors.filter?.teamSlug?.message}>
            <select {...register('filter.teamSlug')}>
              <option value="">{t('exchange.params.allTeams')}</option>
              {TEAMS.map((team) => (
                <option key={team.slug} value={team.slug}>
                  {t(`team.${team.slug}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('exchange.params.from')} className="toolbar-field" error={errors.filter?.from?.message}>
            <FormDateTime control={control} name="filter.from" granularity="day" />
          </Field>
          <Field label={t('exchange.params.to')} className="toolbar-field" error={errors.filter?.to?.message}>
            <FormDateTime control={control} name="filter.to" granularity="day" />
          </Field>
          <fieldset className="segmented">
            <legend>{t('exchange.params.period')}</legend>
            {summaryPeriod.options.map((option) => (
              <label key={option} className={`segment${period === option ? ' checked' : ''}`}>
                <input type="radio" value={option} {...register('period')} />
                {t(`exchange.period.${option}`)}
              </label>
            ))}
          </fieldset>
          <Field label={t('exchange.params.k')} className="toolbar-field field-k" error={errors.k?.message}>
            <input type="number" inputMode="numeric" min={MIN_K} max={100} step={1} {...register('k')} />
          </Field>
          <Field label={t('exchange.params.language')} className="toolbar-field" error={errors.language?.message}>
            <select {...register('language')}>
              {exportLanguage.options.map((language) => (
                <option key={language} value={language}>
                  {LANGUAGE_NAMES[language]}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <p className="field-hint">
          {t('exchange.params.kHint', { min: MIN_K })} {t('exchange.params.wholePeriods')}
        </p>
      </form>

      <section className="card exchange-save" aria-labelledby="exchange-save-title">
        <div className="card-header">
          <h2 id="exchange-save-title">{t('exchange.save.title')}</h2>
          <div className="card-actions">
            {summaryFormat.options.map((format) => (
              <button
                key={format}
                type="button"
                className={`btn${format === 'pdf' ? ' btn-primary' : ''}`}
                disabled={!current || busy}
                aria-busy={save.state === 'busy' && save.format === format ? true : undefined}
                onClick={() => void write(format)}
              >
                {save.state === 'busy' && save.format === format ? <span className="spinner" aria-hidden="true" /> : null}
                {t('exchange.save.as', { format: FORMAT_NAMES[format] })}
              </button>
            ))}
          </div>
        </div>
        <div className="card-note" aria-live="polite">
          {save.state === 'busy' ? (
            <span className="backup-progress">
              <span className="spinner" aria-hidden="true" />
              {t('exchange.save.busy', { format: FORMAT_NAMES[save.format] })}
            </span>
          ) : save.state === 'idle' ? (
            <span className="muted">{current ? t('exchange.save.hint') : t('exchange.save.waiting')}</span>
          ) : null}
        </div>
        {save.state === 'saved' ? (
          <div className="exchange-result">
            <Alert tone="success">
              <span>
                {t('exchange.save.saved', { file: save.file.fileName ?? '' })}{' '}
                <span className="hash-line">
                  {t('exchange.hashLabel', { algorithm: 'SHA-256' })}: <code className="hash-full" data-testid="saved-sha256">{save.file.sha256}</code>
                </span>
              </span>
            </Alert>
          </div>
        ) : null}
        {save.state === 'cancelled' ? (
          <div className="exchange-result">
            <Alert tone="info">{t('exchange.save.cancelled')}</Alert>
          </div>
        ) : null}
        {save.state === 'failed' ? (
          <div className="exchange-result" data-testid="save-failed">
            <Alert>{t('exchange.save.failed', { message: describeError(t, save.error) })}</Alert>
          </div>
        ) : null}
      </section>

      {!parsed.success ? <Alert tone="warning">{t('exchange.params.invalid')}</Alert> : null}
      {parsed.success && preview.error ? (
        <Alert>{[t('exchange.preview.failed', { message: describeError(t, preview.error) }), ...previewIssues].join(' ')}</Alert>
      ) : null}
      {/* While new parameters load, the last preview stays, marked busy; saving waits for the new one. */}
      {parsed.success && !preview.error ? (
        preview.data ? (
          <SummaryPreview summary={preview.data.summary} busy={!current} />
        ) : (
          <Loading />
        )
      ) : null}
    </>
  );
}
