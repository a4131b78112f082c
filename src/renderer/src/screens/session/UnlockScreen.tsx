// Unlock: one passphrase field, and a plain message when it is wrong.
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionStatus } from '@shared/domain';
import { call, casebook, isApiError } from '@renderer/lib/api';
import { Alert, Field, describeError } from '@renderer/components/ui';
import { GateLayout } from './GateLayout';

export function UnlockScreen({
  userName,
  notice,
  onUnlocked,
}: {
  userName: string | null;
  notice: 'manual' | 'idle' | null;
  onUnlocked: (status: SessionStatus) => void;
}) {
  const { t } = useTranslation();
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [wrong, setWrong] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const input = useRef<HTMLInputElement>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!passphrase || busy) return;
    setBusy(true);
    setWrong(false);
    setFailure(null);
    try {
      const status = await call(casebook().session.unlock({ passphrase }));
      setPassphrase('');
      onUnlocked(status);
    } catch (error) {
      setBusy(false);
      if (isApiError(error, 'WRONG_PASSPHRASE')) {
        setWrong(true);
        input.current?.select();
        input.current?.focus();
      } else {
        setFailure(error);
      }
    }
  };

  return (
    <GateLayout
      title={t('session.unlockTitle')}
      intro={userName ? t('session.user', { name: userName }) : t('session.unlockIntro')}
    >
      {notice ? (
        <Alert tone="info">{notice === 'idle' ? t('session.lockedIdle') : t('session.lockedManually')}</Alert>
      ) : null}
      <form onSubmit={submit} noValidate className="gate-form">
        <Field label={t('session.passphrase')} errorText={wrong ? t('session.wrongPassphrase') : undefined} announce>
          <input
            ref={input}
            type="password"
            autoComplete="current-password"
            autoFocus
            value={passphrase}
            onChange={(event) => setPassphrase(event.target.value)}
          />
        </Field>
        {failure ? <Alert>{describeError(t, failure)}</Alert> : null}
        <button type="submit" className="btn btn-primary btn-block" disabled={busy || !passphrase}>
          {busy ? t('session.unlocking') : t('session.unlock')}
        </button>
      </form>
    </GateLayout>
  );
}
