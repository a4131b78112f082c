// First start: create the encrypted store with a user name and a passphrase typed twice.
import { useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { type SessionStatus, createStoreInput } from '@shared/domain';
import { call, casebook, isApiError } from '@renderer/lib/api';
import { applyServerIssues, schemaResolver } from '@renderer/lib/validation';
import { Alert, Field, describeError } from '@renderer/components/ui';
import { GateLayout } from './GateLayout';
import { PassphraseStrength } from './PassphraseStrength';

type SetupValues = z.input<typeof createStoreInput>;

export function SetupScreen({ onCreated }: { onCreated: (status: SessionStatus) => void }) {
  const { t } = useTranslation();
  const [failure, setFailure] = useState<unknown>(null);
  const {
    register,
    handleSubmit,
    control,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<SetupValues, unknown, z.output<typeof createStoreInput>>({
    resolver: schemaResolver(createStoreInput, (values: SetupValues) => values),
    defaultValues: { userName: '', passphrase: '', passphraseRepeat: '' },
  });
  const passphrase = useWatch({ control, name: 'passphrase' });
  const userName = useWatch({ control, name: 'userName' });

  const submit = handleSubmit(async (values) => {
    setFailure(null);
    try {
      onCreated(await call(casebook().session.create(values)));
    } catch (error) {
      if (isApiError(error, 'VALIDATION')) {
        const left = applyServerIssues(error.issues, setError, ['userName', 'passphrase', 'passphraseRepeat']);
        if (left.length) setFailure(error);
      } else {
        setFailure(error);
      }
    }
  });

  return (
    <GateLayout title={t('session.setupTitle')} intro={t('session.setupIntro')}>
      <form onSubmit={submit} noValidate className="gate-form">
        <Field label={t('session.userName')} error={errors.userName?.message} required>
          <input type="text" autoComplete="name" autoFocus {...register('userName')} />
        </Field>
        <Field
          label={t('session.passphrase')}
          error={errors.passphrase?.message}
          hint={t('session.passphraseHint')}
          required
        >
          <input type="password" autoComplete="new-password" {...register('passphrase')} />
        </Field>
        <PassphraseStrength value={passphrase} userInputs={userName ? [userName] : []} />
        <Field label={t('session.passphraseRepeat')} error={errors.passphraseRepeat?.message} required>
          <input type="password" autoComplete="new-password" {...register('passphraseRepeat')} />
        </Field>
        {failure ? <Alert>{describeError(t, failure)}</Alert> : null}
        <button type="submit" className="btn btn-primary btn-block" disabled={isSubmitting}>
          {isSubmitting ? t('session.creating') : t('session.create')}
        </button>
      </form>
    </GateLayout>
  );
}
