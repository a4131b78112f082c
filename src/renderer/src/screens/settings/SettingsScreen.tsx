// Settings for this computer: language, automatic lock, passphrase change, and the shortcuts.
import { useId, useMemo, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { changePassphraseInput } from '@shared/domain';
import { call, casebook, isApiError } from '@renderer/lib/api';
import { schemaResolver } from '@renderer/lib/validation';
import { AUTO_LOCK_CHOICES, readAutoLockMinutes, useSession, writeAutoLockMinutes } from '@renderer/app/session';
import { SECTIONS, adminSectionsFor } from '@renderer/app/navigation';
import { Alert, Field, Kbd, PageHeader, describeError } from '@renderer/components/ui';
import { PassphraseStrength } from '@renderer/screens/session/PassphraseStrength';
import { LanguagePicker } from './LanguagePicker';

/** The channel's schema, plus the repeat typed by the user (checked here, never sent). */
const passphraseForm = z
  .object({ current: changePassphraseInput.shape.current, next: changePassphraseInput.shape.next, repeat: z.string() })
  .refine((value) => value.next === value.repeat, { path: ['repeat'], message: 'passphrases_differ' });

type PassphraseValues = z.input<typeof passphraseForm>;

export function SettingsScreen() {
  const { t } = useTranslation();
  return (
    <div className="screen screen-settings">
      <PageHeader title={t('settings.title')} subtitle={t('settings.subtitle')} />
      <div className="settings-grid">
        <section className="card settings-card" aria-labelledby="settings-language">
          <div className="card-header">
            <h2 id="settings-language">{t('settings.language')}</h2>
          </div>
          <p className="muted">{t('settings.languageHint')}</p>
          <LanguagePicker />
        </section>
        <AutoLockCard />
        <PassphraseCard />
        <ShortcutsCard />
      </div>
    </div>
  );
}

function AutoLockCard() {
  const { t } = useTranslation();
  const id = useId();
  const [minutes, setMinutes] = useState(readAutoLockMinutes);
  const [saved, setSaved] = useState(false);
  return (
    <section className="card settings-card" aria-labelledby={`${id}-title`}>
      <div className="card-header">
        <h2 id={`${id}-title`}>{t('settings.autoLock')}</h2>
      </div>
      <div className="field">
        <label htmlFor={id} className="field-label">
          {t('settings.autoLockAfter')}
        </label>
        <select
          id={id}
          value={minutes}
          aria-describedby={`${id}-hint`}
          onChange={(event) => {
            const value = Number(event.target.value);
            setMinutes(value);
            writeAutoLockMinutes(value);
            setSaved(true);
          }}
        >
          {AUTO_LOCK_CHOICES.map((choice) => (
            <option key={choice} value={choice}>
              {t('settings.minutes', { count: choice })}
            </option>
          ))}
        </select>
        <p id={`${id}-hint`} className="field-hint">
          {t('settings.autoLockHint')}
        </p>
      </div>
      {saved ? <Alert tone="success">{t('settings.autoLockSaved', { value: t('settings.minutes', { count: minutes }) })}</Alert> : null}
    </section>
  );
}

function PassphraseCard() {
  const { t } = useTranslation();
  const [done, setDone] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const resolver = useMemo(() => schemaResolver<PassphraseValues, z.output<typeof passphraseForm>>(passphraseForm, (v) => v), []);
  const {
    register,
    handleSubmit,
    control,
    reset,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<PassphraseValues, unknown, z.output<typeof passphraseForm>>({
    resolver,
    defaultValues: { current: '', next: '', repeat: '' },
  });
  const next = useWatch({ control, name: 'next' });
  const submit = handleSubmit(async ({ current, next: nextPassphrase }) => {
    setDone(false);
    setFailure(null);
    try {
      await call(casebook().session.changePassphrase({ current, next: nextPassphrase }));
      reset();
      setDone(true);
    } catch (error) {
      if (isApiError(error, 'WRONG_PASSPHRASE')) {
        setError('current', { type: 'server', message: 'wrong_passphrase' }, { shouldFocus: true });
      } else if (isApiError(error) && error.issues.length) {
        for (const issue of error.issues) {
          if (issue.path === 'current' || issue.path === 'next') setError(issue.path, { type: 'server', message: issue.message });
        }
      } else setFailure(error);
    }
  });
  return (
    <section className="card settings-card" aria-labelledby="settings-passphrase">
      <div className="card-header">
        <h2 id="settings-passphrase">{t('settings.passphraseTitle')}</h2>
      </div>
      <form onSubmit={submit} noValidate className="form-stack">
        <Field
          label={t('settings.current')}
          error={errors.current?.message}
          required
        >
          <input type="password" autoComplete="current-password" {...register('current')} />
        </Field>
        <Field label={t('settings.next')} error={errors.next?.message} hint={t('session.passphraseHint')} required>
          <input type="password" autoComplete="new-password" {...register('next')} />
        </Field>
        <PassphraseStrength value={next} />
        <Field label={t('settings.repeat')} error={errors.repeat?.message} required>
          <input type="password" autoComplete="new-password" {...register('repeat')} />
        </Field>
        {failure ? <Alert>{describeError(t, failure)}</Alert> : null}
        {done ? <Alert tone="success">{t('settings.changed')}</Alert> : null}
        <div>
          <button type="submit" className="btn btn-primary" disabled={isSubmitting}>
            {isSubmitting ? t('settings.changing') : t('settings.change')}
          </button>
        </div>
      </form>
    </section>
  );
}

function ShortcutsCard() {
  const { t } = useTranslation();
  const { role } = useSession();
  // One shortcut per screen in the navigation: the work screens, then the administration ones this
  // role sees, as far as the digits go (an admin's last screen has none).
  const screens = Math.min(9, SECTIONS.length + adminSectionsFor(role).length);
  const rows: [string, string][] = [
    ['Ctrl L', t('settings.shortcut.lock')],
    [`Ctrl 1 … ${screens}`, t('settings.shortcut.navigate')],
    ['Ctrl N', t('settings.shortcut.newRecord')],
    ['Ctrl F  /', t('settings.shortcut.search')],
    ['Ctrl Enter', t('settings.shortcut.save')],
    ['Alt 1 … 7', t('settings.shortcut.logKinds')],
    ['Esc', t('settings.shortcut.cancel')],
  ];
  return (
    <section className="card settings-card" aria-labelledby="settings-shortcuts">
      <div className="card-header">
        <h2 id="settings-shortcuts">{t('settings.shortcutsTitle')}</h2>
      </div>
      <table className="table table-compact">
        <thead>
          <tr>
            <th scope="col">{t('settings.shortcutKeys')}</th>
            <th scope="col">{t('settings.shortcutAction')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([keys, action]) => (
            <tr key={keys}>
              <td>
                <Kbd>{keys}</Kbd>
              </td>
              <td>{action}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
