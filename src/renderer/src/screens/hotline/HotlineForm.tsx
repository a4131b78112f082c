// A hotline call: create or edit, validated with the shared hotlineCallInput schema.
import { useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import {
  type HotlineCall,
  type HotlineCallData,
  hotlineAction,
  hotlineCallInput,
  hotlineStatus,
  hotlineThreat,
  hotlineUrgency,
} from '@shared/domain';
import { call, casebook, isApiError } from '@renderer/lib/api';
import { useLoad, useSaveShortcut } from '@renderer/lib/hooks';
import { fromLocalInput, nowLocalInput, toLocalInput } from '@renderer/lib/time';
import { applyServerIssues, schemaResolver } from '@renderer/lib/validation';
import { useNavigation } from '@renderer/app/navigation';
import { useAnnounce } from '@renderer/app/memory';
import { Alert, EnumOptions, ErrorNotice, Field, Kbd, Loading, PageHeader, describeError } from '@renderer/components/ui';
import { HotlineStatusBadge, UrgencyBadge } from '@renderer/components/badges';
import { IconBack } from '@renderer/components/icons';
import { FormDateTime } from '@renderer/components/dateFields';
import { countErrors } from '@renderer/screens/crises/CrisisForm';

interface HotlineFormValues {
  receivedAt: string;
  caller: string;
  outlet: string;
  threat: string;
  urgency: string;
  municipality: string;
  action: string;
  followUpDue: string;
  status: string;
  notes: string;
}

const FIELDS = ['receivedAt', 'caller', 'outlet', 'threat', 'urgency', 'municipality', 'action', 'followUpDue', 'status', 'notes'] as const;

function toInput(values: HotlineFormValues): unknown {
  return {
    ...values,
    receivedAt: fromLocalInput(values.receivedAt),
    threat: values.threat || undefined,
    urgency: values.urgency || undefined,
    action: values.action || undefined,
    followUpDue: values.followUpDue || null,
  };
}

function valuesOf(entry: HotlineCall | null): HotlineFormValues {
  if (!entry) {
    return {
      receivedAt: nowLocalInput(),
      caller: '',
      outlet: '',
      threat: '',
      urgency: '',
      municipality: '',
      action: '',
      followUpDue: '',
      status: 'open',
      notes: '',
    };
  }
  return {
    receivedAt: toLocalInput(entry.receivedAt),
    caller: entry.caller,
    outlet: entry.outlet,
    threat: entry.threat,
    urgency: entry.urgency,
    municipality: entry.municipality,
    action: entry.action,
    followUpDue: entry.followUpDue ?? '',
    status: entry.status,
    notes: entry.notes,
  };
}

export function HotlineFormScreen({ id }: { id?: string }) {
  const loaded = useLoad(() => (id ? call(casebook().hotline.get({ id })) : Promise.resolve(null)), [id]);
  if (loaded.loading) return <Loading />;
  if (loaded.error) return <ErrorNotice error={loaded.error} onRetry={loaded.reload} />;
  return <HotlineForm entry={loaded.data ?? null} key={loaded.data?.version ?? 'new'} />;
}

function HotlineForm({ entry }: { entry: HotlineCall | null }) {
  const { t } = useTranslation();
  const { navigate } = useNavigation();
  const announce = useAnnounce();
  const [failure, setFailure] = useState<unknown>(null);
  const resolver = useMemo(() => schemaResolver<HotlineFormValues, HotlineCallData>(hotlineCallInput, toInput), []);
  const {
    register,
    control,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting, submitCount },
  } = useForm<HotlineFormValues, unknown, HotlineCallData>({ resolver, defaultValues: valuesOf(entry) });
  const errorCount = countErrors(errors);

  const submit = handleSubmit(async (data) => {
    setFailure(null);
    try {
      if (entry) await call(casebook().hotline.update({ id: entry.id, version: entry.version, call: data }));
      else await call(casebook().hotline.create(data));
      announce(t('app.saved'));
      navigate({ name: 'hotline' });
    } catch (error) {
      if (isApiError(error) && error.issues.length) {
        const left = applyServerIssues(error.issues, setError, FIELDS, ['call']);
        if (left.length) setFailure(error);
      } else setFailure(error);
    }
  });

  useSaveShortcut(submit);

  return (
    <div className="screen screen-form">
      <PageHeader
        eyebrow={
          <button type="button" className="link-button" onClick={() => navigate({ name: 'hotline' })}>
            <IconBack />
            {t('hotline.backToList')}
          </button>
        }
        title={
          entry ? (
            <span className="title-with-badges">
              {t('hotline.formEdit', { reference: entry.reference })}
              <HotlineStatusBadge status={entry.status} />
              <UrgencyBadge urgency={entry.urgency} />
            </span>
          ) : (
            t('hotline.formNew')
          )
        }
        subtitle={t('app.serbiaTime')}
      />
      <form className="form" onSubmit={submit} noValidate>
        {submitCount > 0 && errorCount > 0 ? <Alert>{t('app.fixErrors', { count: errorCount })}</Alert> : null}
        {failure ? <Alert>{describeError(t, failure)}</Alert> : null}
        <fieldset className="card form-section">
          <legend>{t('hotline.formNew')}</legend>
          <div className="form-grid cols-3">
            <Field label={t('hotline.receivedAt')} error={errors.receivedAt?.message} required>
              <FormDateTime control={control} name="receivedAt" />
            </Field>
            <Field label={t('hotline.caller')} error={errors.caller?.message} required>
              <input type="text" maxLength={120} autoFocus={!entry} {...register('caller')} />
            </Field>
            <Field label={t('hotline.outlet')} error={errors.outlet?.message}>
              <input type="text" maxLength={120} {...register('outlet')} />
            </Field>
            <Field label={t('hotline.threat')} error={errors.threat?.message} required>
              <select {...register('threat')}><EnumOptions values={hotlineThreat.options} ns="threat" placeholder /></select>
            </Field>
            <Field label={t('hotline.urgency')} error={errors.urgency?.message} required>
              <select {...register('urgency')}><EnumOptions values={hotlineUrgency.options} ns="urgency" placeholder /></select>
            </Field>
            <Field label={t('hotline.municipality')} error={errors.municipality?.message}>
              <input type="text" maxLength={100} {...register('municipality')} />
            </Field>
            <Field label={t('hotline.action')} error={errors.action?.message} required>
              <select {...register('action')}><EnumOptions values={hotlineAction.options} ns="hotlineAction" placeholder /></select>
            </Field>
            <Field label={t('hotline.followUpDue')} error={errors.followUpDue?.message} hint={t('hotline.followUpHint')}>
              <FormDateTime control={control} name="followUpDue" granularity="day" />
            </Field>
            <Field label={t('hotline.status')} error={errors.status?.message}>
              <select {...register('status')}><EnumOptions values={hotlineStatus.options} ns="hotlineStatus" /></select>
            </Field>
            <Field label={t('hotline.notes')} error={errors.notes?.message} className="span-3">
              <textarea rows={6} maxLength={20000} {...register('notes')} />
            </Field>
          </div>
        </fieldset>
        <div className="form-actions">
          <span className="muted">
            <Kbd>Ctrl Enter</Kbd> {t('crisisForm.saveHint')}
          </span>
          <button type="button" className="btn" onClick={() => navigate({ name: 'hotline' })}>
            {t('app.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={isSubmitting}>
            {isSubmitting ? t('app.saving') : entry ? t('hotline.submitEdit') : t('hotline.submitNew')}
          </button>
        </div>
      </form>
    </div>
  );
}
