// Accounts (admin only): who may open the store, with which role and, for members, which team.
// Each account has its own key slot; removing one can re-encrypt the store so that an old copy
// of that person's key opens nothing written afterwards.
import { useId, useMemo, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { type Account, type AccountRole, accountCreateInput, accountRole, accountUpdateInput } from '@shared/accounts';
import { type TeamSlug, TEAMS } from '@shared/domain';
import type { FieldIssue } from '@shared/errors';
import { call, casebook, isApiError } from '@renderer/lib/api';
import { useLoad } from '@renderer/lib/hooks';
import { applyServerIssues, schemaResolver, translateIssue } from '@renderer/lib/validation';
import { useAnnounce } from '@renderer/app/memory';
import { useSession } from '@renderer/app/session';
import { useFormat } from '@renderer/i18n/format';
import { Alert, Badge, EnumOptions, ErrorNotice, Field, Loading, Modal, PageHeader, describeError } from '@renderer/components/ui';
import { IconPlus } from '@renderer/components/icons';
import { PassphraseStrength } from '@renderer/screens/session/PassphraseStrength';

/** A failure in words, with the field-less issues the service gave (last_admin, cannot_remove_self…). */
function failureText(t: ReturnType<typeof useTranslation>['t'], error: unknown, issues: readonly FieldIssue[] = []): string {
  const reasons = issues.map((issue) => translateIssue(t, issue.message));
  return [describeError(t, error), ...reasons].join(' ');
}

export function AccountsScreen() {
  const { t } = useTranslation();
  const format = useFormat();
  const session = useSession();
  const accounts = useLoad(() => call(casebook().accounts.list()), []);
  const [editing, setEditing] = useState<Account | 'new' | null>(null);
  const [removing, setRemoving] = useState<Account | null>(null);

  return (
    <div className="screen screen-accounts">
      <PageHeader
        title={t('accounts.title')}
        subtitle={t('accounts.subtitle')}
        actions={
          <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
            <IconPlus />
            {t('accounts.add')}
          </button>
        }
      />
      {accounts.error ? <ErrorNotice error={accounts.error} onRetry={accounts.reload} /> : null}
      <section className="card" aria-labelledby="accounts-table-title">
        <div className="card-header">
          <h2 id="accounts-table-title">{t('accounts.tableTitle')}</h2>
        </div>
        {accounts.loading && !accounts.data ? (
          <Loading />
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('accounts.name')}</th>
                <th scope="col">{t('accounts.role')}</th>
                <th scope="col">{t('accounts.team')}</th>
                <th scope="col">{t('accounts.status')}</th>
                <th scope="col">{t('accounts.created')}</th>
                <th scope="col" className="cell-end">
                  {t('accounts.actions')}
                </th>
              </tr>
            </thead>
            <tbody>
              {(accounts.data ?? []).map((account) => {
                const self = account.name === session.userName;
                return (
                  <tr key={account.id} className={account.active ? undefined : 'row-muted'} data-account={account.name}>
                    <td className="cell-strong">
                      {account.name}
                      {self ? <span className="muted"> ({t('accounts.you')})</span> : null}
                    </td>
                    <td>{t(`accountRole.${account.role}`)}</td>
                    <td>{account.teamSlug ? t(`team.${account.teamSlug}`) : <span className="muted">{t('accounts.allTeams')}</span>}</td>
                    <td>
                      <Badge tone={account.active ? 'success' : 'neutral'}>
                        {account.active ? t('accounts.activeState') : t('accounts.inactiveState')}
                      </Badge>
                    </td>
                    <td>{t('accounts.createdBy', { name: account.createdBy, date: format.dateTime(account.createdAt) })}</td>
                    <td className="cell-end">
                      <div className="row-actions">
                        <button
                          type="button"
                          className="btn btn-small btn-ghost"
                          aria-label={`${t('app.edit')}: ${account.name}`}
                          onClick={() => setEditing(account)}
                        >
                          {t('app.edit')}
                        </button>
                        {self ? null : (
                          <button
                            type="button"
                            className="btn btn-small btn-ghost btn-danger-text"
                            aria-label={`${t('accounts.remove')}: ${account.name}`}
                            onClick={() => setRemoving(account)}
                          >
                            {t('accounts.remove')}
                          </button>
                        )}
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
      {editing ? (
        <AccountDialog
          account={editing === 'new' ? null : editing}
          onCancel={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            accounts.reload();
          }}
        />
      ) : null}
      {removing ? (
        <RemoveDialog
          account={removing}
          onCancel={() => setRemoving(null)}
          onRemoved={() => {
            setRemoving(null);
            accounts.reload();
          }}
        />
      ) : null}
    </div>
  );
}

interface AccountFormValues {
  name: string;
  role: AccountRole | '';
  teamSlug: TeamSlug | '';
  active: boolean;
  passphrase: string;
  passphraseRepeat: string;
}

const FIELDS = ['name', 'role', 'teamSlug', 'active', 'passphrase', 'passphraseRepeat'] as const;

function AccountDialog({ account, onCancel, onSaved }: { account: Account | null; onCancel: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const formId = useId();
  const [failure, setFailure] = useState<{ error: unknown; issues: FieldIssue[] } | null>(null);
  const resolver = useMemo(() => {
    const common = (values: AccountFormValues) => ({
      name: values.name,
      role: values.role || undefined,
      teamSlug: values.role === 'member' ? values.teamSlug || null : null,
    });
    // Editing checks the account part of accounts.update; its errors sit under "account.".
    return account
      ? schemaResolver<AccountFormValues, unknown>(
          accountUpdateInput.shape.account,
          (values) => ({ ...common(values), active: values.active }),
        )
      : schemaResolver<AccountFormValues, unknown>(accountCreateInput, (values) => ({
          ...common(values),
          passphrase: values.passphrase,
          passphraseRepeat: values.passphraseRepeat,
        }));
  }, [account]);
  const {
    register,
    handleSubmit,
    control,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<AccountFormValues, unknown, unknown>({
    resolver,
    defaultValues: account
      ? { name: account.name, role: account.role, teamSlug: account.teamSlug ?? '', active: account.active, passphrase: '', passphraseRepeat: '' }
      : { name: '', role: '', teamSlug: '', active: true, passphrase: '', passphraseRepeat: '' },
  });
  const role = useWatch({ control, name: 'role' });
  const passphrase = useWatch({ control, name: 'passphrase' });
  const name = useWatch({ control, name: 'name' });

  const submit = handleSubmit(async (data) => {
    setFailure(null);
    try {
      if (account) {
        await call(
          casebook().accounts.update({ id: account.id, version: account.version, account: data as z.input<typeof accountUpdateInput>['account'] }),
        );
      } else {
        await call(casebook().accounts.create(data as z.input<typeof accountCreateInput>));
      }
      announce(t('accounts.saved'));
      onSaved();
    } catch (error) {
      if (isApiError(error) && error.issues.length) {
        const left = applyServerIssues(error.issues, setError, FIELDS, ['account']);
        if (left.length) setFailure({ error, issues: left });
      } else setFailure({ error, issues: [] });
    }
  });

  return (
    <Modal
      title={account ? t('accounts.editTitle', { name: account.name }) : t('accounts.newTitle')}
      onClose={onCancel}
      footer={
        <>
          <button type="button" className="btn" onClick={onCancel}>
            {t('app.cancel')}
          </button>
          <button type="submit" form={formId} className="btn btn-primary" disabled={isSubmitting}>
            {isSubmitting ? t('app.saving') : account ? t('app.save') : t('accounts.create')}
          </button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} noValidate className="form-stack">
        <Field label={t('accounts.name')} error={errors.name?.message} required>
          <input type="text" maxLength={80} autoComplete="off" autoFocus {...register('name')} />
        </Field>
        <div className="form-grid cols-2">
          <Field label={t('accounts.role')} error={errors.role?.message} hint={role ? t(`accountRoleHint.${role}`) : undefined} required>
            <select {...register('role')}>
              <EnumOptions values={accountRole.options} ns="accountRole" placeholder />
            </select>
          </Field>
          {role === 'member' ? (
            <Field label={t('accounts.team')} error={errors.teamSlug?.message} required>
              <select {...register('teamSlug')}>
                <option value="">—</option>
                {TEAMS.map((team) => (
                  <option key={team.slug} value={team.slug}>
                    {t(`team.${team.slug}`)}
                  </option>
                ))}
              </select>
            </Field>
          ) : null}
        </div>
        {account ? (
          <div className="field field-checkbox">
            <label className="checkbox-inline">
              <input type="checkbox" {...register('active')} />
              {t('accounts.active')}
            </label>
            <p className="field-hint">{t('accounts.activeHint')}</p>
          </div>
        ) : (
          <>
            <Field label={t('accounts.passphrase')} error={errors.passphrase?.message} hint={t('accounts.passphraseHint')} required>
              <input type="password" autoComplete="new-password" {...register('passphrase')} />
            </Field>
            <PassphraseStrength value={passphrase} userInputs={name ? [name] : []} />
            <Field label={t('accounts.passphraseRepeat')} error={errors.passphraseRepeat?.message} required>
              <input type="password" autoComplete="new-password" {...register('passphraseRepeat')} />
            </Field>
          </>
        )}
        {failure ? <Alert>{failureText(t, failure.error, failure.issues)}</Alert> : null}
      </form>
    </Modal>
  );
}

function RemoveDialog({ account, onCancel, onRemoved }: { account: Account; onCancel: () => void; onRemoved: () => void }) {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const [rekey, setRekey] = useState(true);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ error: unknown; issues: FieldIssue[] } | null>(null);
  const rekeyId = useId();
  const rekeyHintId = useId();

  const remove = async () => {
    setBusy(true);
    setFailure(null);
    try {
      await call(casebook().accounts.remove({ id: account.id, rekey }));
      announce(rekey ? t('accounts.removedRekeyed', { name: account.name }) : t('accounts.removed', { name: account.name }));
      onRemoved();
    } catch (error) {
      setBusy(false);
      setFailure({ error, issues: isApiError(error) ? error.issues : [] });
    }
  };

  return (
    <Modal
      title={t('accounts.removeTitle', { name: account.name })}
      onClose={onCancel}
      footer={
        <>
          <button type="button" className="btn" onClick={onCancel} autoFocus>
            {t('app.cancel')}
          </button>
          <button type="button" className="btn btn-danger" onClick={() => void remove()} disabled={busy}>
            {busy ? (rekey ? t('accounts.rekeying') : t('accounts.removing')) : t('accounts.removeConfirm')}
          </button>
        </>
      }
    >
      <div className="form-stack">
        <p>{t('accounts.removeIntro', { name: account.name })}</p>
        <div className="rekey-option">
          <input id={rekeyId} type="checkbox" checked={rekey} aria-describedby={rekeyHintId} onChange={(event) => setRekey(event.target.checked)} />
          <span className="rekey-option-text">
            <label htmlFor={rekeyId}>{t('accounts.rekey')}</label>
            <span id={rekeyHintId} className="rekey-option-hint">
              {t('accounts.rekeyHint')}
            </span>
          </span>
        </div>
        {failure ? <Alert>{failureText(t, failure.error, failure.issues)}</Alert> : null}
      </div>
    </Modal>
  );
}
