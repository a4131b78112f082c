// Unlock: the user's name (optional: empty tries every account, fine for a one-person store)
// and the passphrase, with a plain message when it is wrong and the wait after too many tries.
import { type FormEvent, useRef, useState } from 'react';
import { useNow } from '@renderer/lib/hooks';
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
  const [name, setName] = useState('');
  const [retryAt, setRetryAt] = useState<number | null>(null);
  const now = useNow(1000);
  const waitSeconds = retryAt === null ? 0 : Math.max(0, Math.ceil((retryAt - now) / 1000));
  const [busy, setBusy] = useState(false);
  const [wrong, setWrong] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const input = useRef<HTMLInputElement>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!passphrase || busy || waitSeconds > 0) return;
    setBusy(true);
    setWrong(false);
    setFailure(null);
    setRetryAt(null);
    try {
      const userName = name.trim();
      const status = await call(casebook().session.unlock(userName ? { passphrase, userName } : { passphrase }));
      setPassphrase('');
      onUnlocked(status);
    } catch (error) {
      setBusy(false);
      if (isApiError(error, 'WRONG_PASSPHRASE')) {
        setWrong(true);
        input.current?.select();
        input.current?.focus();
      } else if (isApiError(error, 'TOO_MANY_ATTEMPTS')) {
        const retry = error.issues.map((issue) => /^retry_after:(\d+)$/.exec(issue.message)).find(Boolean);
        setRetryAt(Date.now() + Number(retry?.[1] ?? 0) * 1000);
        setFailure(error);
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
        <Field label={t('session.unlockUserName')} hint={t('session.unlockUserNameHint')}>
          <input
            type="text"
            autoComplete="username"
            maxLength={80}
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
        </Field>
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
        {failure ? (
          <Alert>
            {describeError(t, failure)}
            {isApiError(failure, 'TOO_MANY_ATTEMPTS') ? ` ${waitSeconds > 0 ? t('session.retryIn', { count: waitSeconds }) : t('session.retryNow')}` : ''}
          </Alert>
        ) : null}
        <button type="submit" className="btn btn-primary btn-block" disabled={busy || !passphrase || waitSeconds > 0}>
          {busy ? t('session.unlocking') : t('session.unlock')}
        </button>
      </form>
    </GateLayout>
  );
}
