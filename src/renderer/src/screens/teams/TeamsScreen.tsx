// The five regional teams and their members: add, edit, move between teams, deactivate.
import { useId, useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { type Member, type MemberInput, type TeamSlug, memberInput, memberRole, TEAMS } from '@shared/domain';
import type { z } from 'zod';
import { call, casebook, isApiError } from '@renderer/lib/api';
import { useLoad } from '@renderer/lib/hooks';
import { applyServerIssues, schemaResolver } from '@renderer/lib/validation';
import { useRemembered, useAnnounce } from '@renderer/app/memory';
import { useNavigation } from '@renderer/app/navigation';
import { Alert, Badge, EnumOptions, ErrorNotice, Field, Loading, Modal, PageHeader, describeError } from '@renderer/components/ui';
import { IconPlus } from '@renderer/components/icons';

export function TeamsScreen() {
  const { navigate } = useNavigation();
  const { t } = useTranslation();
  const [selected, setSelected] = useRemembered<TeamSlug>('teams.selected', 'belgrade');
  const [showInactive, setShowInactive] = useRemembered('teams.inactive', false);
  const [editing, setEditing] = useState<Member | 'new' | null>(null);
  const teams = useLoad(() => call(casebook().teams.list()), []);
  const members = useLoad(
    () => call(casebook().members.list({ teamSlug: selected, includeInactive: showInactive })),
    [selected, showInactive],
  );
  const checkboxId = useId();
  const reload = () => {
    teams.reload();
    members.reload();
  };

  return (
    <div className="screen screen-teams">
      <PageHeader title={t('teams.title')} subtitle={t('teams.subtitle')} />
      {teams.error ? <ErrorNotice error={teams.error} onRetry={teams.reload} /> : null}
      <div className="teams-layout">
        <nav aria-label={t('teams.teamList')} className="team-cards">
          {TEAMS.map((team) => {
            const info = teams.data?.find((entry) => entry.slug === team.slug);
            return (
              <button
                key={team.slug}
                type="button"
                className={`team-card${selected === team.slug ? ' selected' : ''}`}
                aria-current={selected === team.slug ? 'true' : undefined}
                onClick={() => setSelected(team.slug)}
              >
                <span className={`team-code team-${team.slug}`} aria-hidden="true">
                  {team.code}
                </span>
                <span className="team-card-text">
                  <span className="team-card-name">{t(`team.${team.slug}`)}</span>
                  <span className="team-card-count">
                    {info ? t('teams.activeMembers', { count: info.activeMembers }) : '\u00a0'}
                  </span>
                </span>
              </button>
            );
          })}
        </nav>
        <section className="card members-card" aria-labelledby="members-title">
          <div className="card-header">
            <h2 id="members-title">{t('teams.members', { team: t(`team.${selected}`) })}</h2>
            <div className="card-actions">
              <label className="checkbox-inline" htmlFor={checkboxId}>
                <input id={checkboxId} type="checkbox" checked={showInactive} onChange={(event) => setShowInactive(event.target.checked)} />
                {t('teams.showInactive')}
              </label>
              <button type="button" className="btn btn-primary btn-small" onClick={() => setEditing('new')}>
                <IconPlus />
                {t('teams.addMember')}
              </button>
            </div>
          </div>
          {members.error ? <ErrorNotice error={members.error} onRetry={members.reload} /> : null}
          {members.loading && !members.data ? (
            <Loading />
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('teams.name')}</th>
                  <th scope="col">{t('teams.callSign')}</th>
                  <th scope="col">{t('teams.role')}</th>
                  <th scope="col">{t('teams.status')}</th>
                  <th scope="col" className="cell-end">
                    {t('teams.actions')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {(members.data ?? []).map((member) => (
                  <tr key={member.id} className={member.active ? undefined : 'row-muted'}>
                    <td className="cell-strong">
                      <button type="button" className="link-button" onClick={() => navigate({ name: 'member', id: member.id })}>
                        {member.name}
                      </button>
                    </td>
                    <td className="cell-mono">{member.callSign || <span className="muted">{t('app.none')}</span>}</td>
                    <td>{t(`memberRole.${member.role}`)}</td>
                    <td>
                      <Badge tone={member.active ? 'success' : 'neutral'}>
                        {member.active ? t('teams.activeState') : t('teams.inactiveState')}
                      </Badge>
                    </td>
                    <td className="cell-end">
                      <button
                        type="button"
                        className="btn btn-small btn-ghost"
                        aria-label={`${t('app.edit')}: ${member.name}`}
                        onClick={() => setEditing(member)}
                      >
                        {t('app.edit')}
                      </button>
                    </td>
                  </tr>
                ))}
                {members.data?.length === 0 ? (
                  <tr>
                    <td colSpan={5} className="empty-note">
                      {t('teams.empty')}
                    </td>
                  </tr>
                ) : null}
              </tbody>
            </table>
          )}
        </section>
      </div>
      {editing ? (
        <MemberDialog
          member={editing === 'new' ? null : editing}
          teamSlug={selected}
          onCancel={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            reload();
          }}
        />
      ) : null}
    </div>
  );
}

interface MemberFormValues {
  teamSlug: TeamSlug;
  name: string;
  callSign: string;
  role: string;
  active: boolean;
}

function MemberDialog({
  member,
  teamSlug,
  onCancel,
  onSaved,
}: {
  member: Member | null;
  teamSlug: TeamSlug;
  onCancel: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const formId = useId();
  const [failure, setFailure] = useState<unknown>(null);
  const resolver = useMemo(
    () => schemaResolver<MemberFormValues, z.output<typeof memberInput>>(memberInput, (values) => ({ ...values, role: values.role || undefined })),
    [],
  );
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<MemberFormValues, unknown, z.output<typeof memberInput>>({
    resolver,
    defaultValues: member
      ? { teamSlug: member.teamSlug, name: member.name, callSign: member.callSign, role: member.role, active: member.active }
      : { teamSlug, name: '', callSign: '', role: '', active: true },
  });

  const submit = handleSubmit(async (data: MemberInput) => {
    setFailure(null);
    try {
      if (member) await call(casebook().members.update({ id: member.id, version: member.version, member: data }));
      else await call(casebook().members.create(data));
      announce(t('teams.memberSaved'));
      onSaved();
    } catch (error) {
      if (isApiError(error) && error.issues.length) {
        const left = applyServerIssues(error.issues, setError, ['teamSlug', 'name', 'callSign', 'role', 'active'], ['member']);
        if (left.length) setFailure(error);
      } else setFailure(error);
    }
  });

  return (
    <Modal
      title={member ? t('teams.editMember') : t('teams.newMember')}
      onClose={onCancel}
      footer={
        <>
          <button type="button" className="btn" onClick={onCancel}>
            {t('app.cancel')}
          </button>
          <button type="submit" form={formId} className="btn btn-primary" disabled={isSubmitting}>
            {isSubmitting ? t('app.saving') : t('app.save')}
          </button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} noValidate className="form-stack">
        <Field label={t('teams.name')} error={errors.name?.message} required>
          <input type="text" maxLength={120} autoFocus {...register('name')} />
        </Field>
        <div className="form-grid cols-2">
          <Field label={t('teams.callSign')} error={errors.callSign?.message}>
            <input type="text" maxLength={40} {...register('callSign')} />
          </Field>
          <Field label={t('teams.role')} error={errors.role?.message} required>
            <select {...register('role')}>
              <EnumOptions values={memberRole.options} ns="memberRole" placeholder />
            </select>
          </Field>
          <Field label={t('teams.team')} error={errors.teamSlug?.message}>
            <select {...register('teamSlug')}>
              {TEAMS.map((team) => (
                <option key={team.slug} value={team.slug}>
                  {t(`team.${team.slug}`)}
                </option>
              ))}
            </select>
          </Field>
          <div className="field field-checkbox">
            <label className="checkbox-inline">
              <input type="checkbox" {...register('active')} />
              {t('teams.active')}
            </label>
          </div>
        </div>
        {failure ? <Alert>{describeError(t, failure)}</Alert> : null}
      </form>
    </Modal>
  );
}
