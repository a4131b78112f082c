// The session gate: first start, unlock, or the unlocked shell. Locking unmounts the whole
// shell (keyed by a lock counter), so no case data, cached list or form state survives it.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionStatus } from '@shared/domain';
import { call, casebook, setLockedListener } from '@renderer/lib/api';
import { ErrorNotice, Loading } from '@renderer/components/ui';
import { SetupScreen } from '@renderer/screens/session/SetupScreen';
import { UnlockScreen } from '@renderer/screens/session/UnlockScreen';
import { type LockReason, type SessionApi, SessionContext } from './session';
import { Shell } from './Shell';

// Electron's main process reloads the window when the store locks; the reason for the lock
// (a word, never case data) survives the reload in sessionStorage so the unlock screen can say it.
const LOCK_REASON_KEY = 'casebook.lockReason';

function storedLockReason(): LockReason | null {
  try {
    const reason = sessionStorage.getItem(LOCK_REASON_KEY);
    return reason === 'manual' || reason === 'idle' || reason === 'service' ? reason : null;
  } catch {
    return null;
  }
}

export function App() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<SessionStatus | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [lockReason, setLockReason] = useState<LockReason | null>(storedLockReason);
  const [sessionKey, setSessionKey] = useState(0);

  const refresh = useCallback(() => {
    setFailure(null);
    call(casebook().session.status()).then(setStatus, setFailure);
  }, []);
  useEffect(() => {
    call(casebook().session.status()).then(setStatus, setFailure);
  }, []);

  const lock = useCallback((reason: LockReason) => {
    // Unmount first, so nothing is on screen even for the time the lock call takes.
    setStatus((current) => (current ? { state: 'locked', userName: current.userName, role: null, teamSlug: null } : current));
    setLockReason(reason);
    setSessionKey((n) => n + 1);
    try {
      sessionStorage.setItem(LOCK_REASON_KEY, reason);
    } catch {
      // Without storage the unlock screen just does not say why.
    }
    if (reason !== 'service') {
      void call(casebook().session.lock()).then(
        (next) => setStatus(next),
        () => undefined,
      );
    }
  }, []);

  useEffect(() => {
    setLockedListener(() => lock('service'));
    return () => setLockedListener(null);
  }, [lock]);

  const unlocked = status?.state === 'unlocked';
  useEffect(() => {
    if (!unlocked) return;
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.code === 'KeyL') {
        event.preventDefault();
        lock('manual');
      }
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, [unlocked, lock]);

  const session = useMemo<SessionApi | null>(
    () => (status?.state === 'unlocked' ? { userName: status.userName ?? '', role: status.role, teamSlug: status.teamSlug, lock } : null),
    [status, lock],
  );

  if (failure) {
    return (
      <div className="gate">
        <div className="gate-card">
          <h1>{t('app.name')}</h1>
          <ErrorNotice error={failure} onRetry={refresh} />
        </div>
      </div>
    );
  }
  if (!status) return <Loading />;
  if (status.state === 'no-store') return <SetupScreen onCreated={setStatus} />;
  if (status.state === 'locked' || !session) {
    return (
      <UnlockScreen
        userName={status.userName}
        notice={lockReason === 'idle' ? 'idle' : lockReason ? 'manual' : null}
        onUnlocked={(next) => {
          setLockReason(null);
          try {
            sessionStorage.removeItem(LOCK_REASON_KEY);
          } catch {
            // Nothing stored.
          }
          setStatus(next);
        }}
      />
    );
  }
  return (
    <SessionContext.Provider value={session}>
      <Shell key={sessionKey} />
    </SessionContext.Provider>
  );
}
