// Create and edit a crisis. Validation is the shared crisisInput schema (the service's own),
// errors stand at their fields, and the form works from the keyboard (Ctrl+Enter saves).
import { useMemo, useState } from 'react';
import { Controller, type FieldErrors, type Resolver, useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import {
  type Crisis,
  type CrisisData,
  type CrisisOutcome,
  type CrisisRuleFields,
  type CrisisType,
  type DeploymentRole,
  type Member,
  type MemberRole,
  TEAMS,
  type TeamSlug,
  ageBand,
  communicationMode,
  crisisRuleViolations,
  crisisInput,
  crisisOutcome,
  crisisType,
  deploymentRole,
  gender,
  locationType,
  precipitatingEvent,
  weapons,
  yesNoUnknown,
} from '@shared/domain';
import { call, casebook, isApiError } from '@renderer/lib/api';
import { useLoad, useSaveShortcut } from '@renderer/lib/hooks';
import { fromLocalInput, nowLocalInput, toLocalInput } from '@renderer/lib/time';
import { applyServerIssues, schemaResolver } from '@renderer/lib/validation';
import { useNavigation } from '@renderer/app/navigation';
import { useAnnounce } from '@renderer/app/memory';
import { Alert, EnumOptions, ErrorNotice, Field, Kbd, Loading, PageHeader, describeError } from '@renderer/components/ui';
import { IconBack } from '@renderer/components/icons';
import { FormDateTime } from '@renderer/components/dateFields';

type Parties = { subjects: number; hostages: number; police: number; bystanders: number };

export interface CrisisFormValues {
  teamSlug: TeamSlug | '';
  startedAt: string;
  endedAt: string;
  type: CrisisType | '';
  municipality: string;
  locationNote: string;
  subjects: number;
  hostages: number;
  hostagesReleased: number;
  suicidesPrevented: number;
  outcome: CrisisOutcome | '';
  weapons: string;
  locationType: string;
  precipitatingEvent: string;
  communicationMode: string;
  subject: {
    ageBand: string;
    gender: string;
    underInfluence: string;
    mentalHealthHistory: string;
    priorPoliceContact: string;
  };
  injuries: Parties;
  deaths: Parties;
  notes: string;
  deployments: { memberId: string; role: DeploymentRole }[];
}

const FIELD_NAMES = [
  'teamSlug',
  'startedAt',
  'endedAt',
  'type',
  'municipality',
  'locationNote',
  'subjects',
  'hostages',
  'hostagesReleased',
  'suicidesPrevented',
  'outcome',
  'weapons',
  'locationType',
  'precipitatingEvent',
  'communicationMode',
  'subject',
  'injuries',
  'deaths',
  'notes',
  'deployments',
] as const;

const NO_PARTIES: Parties = { subjects: 0, hostages: 0, police: 0, bystanders: 0 };

function emptyValues(): CrisisFormValues {
  return {
    teamSlug: '',
    startedAt: nowLocalInput(),
    endedAt: '',
    type: '',
    municipality: '',
    locationNote: '',
    subjects: 1,
    hostages: 0,
    hostagesReleased: 0,
    suicidesPrevented: 0,
    outcome: '',
    weapons: 'unknown',
    locationType: 'unknown',
    precipitatingEvent: 'unknown',
    communicationMode: 'unknown',
    subject: {
      ageBand: 'unknown',
      gender: 'unknown',
      underInfluence: 'unknown',
      mentalHealthHistory: 'unknown',
      priorPoliceContact: 'unknown',
    },
    injuries: { ...NO_PARTIES },
    deaths: { ...NO_PARTIES },
    notes: '',
    deployments: [],
  };
}

function valuesOf(crisis: Crisis): CrisisFormValues {
  return {
    teamSlug: crisis.teamSlug,
    startedAt: toLocalInput(crisis.startedAt),
    endedAt: crisis.endedAt ? toLocalInput(crisis.endedAt) : '',
    type: crisis.type,
    municipality: crisis.municipality,
    locationNote: crisis.locationNote,
    subjects: crisis.subjects,
    hostages: crisis.hostages,
    hostagesReleased: crisis.hostagesReleased,
    suicidesPrevented: crisis.suicidesPrevented,
    outcome: crisis.outcome ?? '',
    weapons: crisis.weapons,
    locationType: crisis.locationType,
    precipitatingEvent: crisis.precipitatingEvent,
    communicationMode: crisis.communicationMode,
    subject: { ...crisis.subject },
    injuries: { ...crisis.injuries },
    deaths: { ...crisis.deaths },
    notes: crisis.notes,
    deployments: crisis.deployments.map(({ memberId, role }) => ({ memberId, role })),
  };
}

/** Form values → the crisisInput the channel takes: Serbian wall clock → instants, '' → null. */
function toInput(values: CrisisFormValues): unknown {
  return {
    ...values,
    teamSlug: values.teamSlug || undefined,
    type: values.type || undefined,
    startedAt: fromLocalInput(values.startedAt),
    endedAt: values.endedAt.trim() ? fromLocalInput(values.endedAt) : null,
    outcome: values.outcome || null,
  };
}

/**
 * The shared schema, plus its cross-field rules even while another field still has a type
 * error (zod runs refinements only on otherwise valid input): every problem shows at once.
 */
function crisisResolver(): Resolver<CrisisFormValues, unknown, CrisisData> {
  const base = schemaResolver<CrisisFormValues, CrisisData>(crisisInput, toInput);
  return async (values, context, options) => {
    const result = await base(values, context, options);
    if (Object.keys(result.errors).length === 0) return result;
    const input = toInput(values) as CrisisRuleFields;
    const errors: Record<string, unknown> = { ...result.errors };
    for (const violation of crisisRuleViolations(input)) {
      errors[violation.path] ??= { type: 'custom', message: violation.message };
    }
    return { values: {}, errors: errors as typeof result.errors };
  };
}

export function countErrors(errors: FieldErrors): number {
  let count = 0;
  for (const value of Object.values(errors)) {
    if (!value || typeof value !== 'object') continue;
    if ('message' in value && typeof value.message === 'string') count += 1;
    else count += countErrors(value as FieldErrors);
  }
  return count;
}

export function CrisisFormScreen({ id }: { id?: string }) {
  const { t } = useTranslation();
  const loaded = useLoad(() => (id ? call(casebook().crises.get({ id })) : Promise.resolve(null)), [id]);
  if (loaded.loading) return <Loading />;
  if (loaded.error) return <ErrorNotice error={loaded.error} onRetry={loaded.reload} />;
  return <CrisisForm crisis={loaded.data ?? null} key={loaded.data?.version ?? 'new'} t={t} />;
}

function CrisisForm({ crisis, t }: { crisis: Crisis | null; t: ReturnType<typeof useTranslation>['t'] }) {
  const { navigate } = useNavigation();
  const announce = useAnnounce();
  const [failure, setFailure] = useState<unknown>(null);
  const resolver = useMemo(() => crisisResolver(), []);
  const {
    register,
    handleSubmit,
    control,
    setError,
    setValue,
    formState: { errors, isSubmitting, submitCount },
  } = useForm<CrisisFormValues, unknown, CrisisData>({
    resolver,
    defaultValues: crisis ? valuesOf(crisis) : emptyValues(),
    mode: 'onSubmit',
    reValidateMode: 'onChange',
  });
  const teamSlug = useWatch({ control, name: 'teamSlug' });
  const errorCount = countErrors(errors);
  const fromLog = crisis?.releasesFromLog ?? false;

  const submit = handleSubmit(async (data) => {
    setFailure(null);
    try {
      const saved = crisis
        ? await call(casebook().crises.update({ id: crisis.id, version: crisis.version, crisis: data }))
        : await call(casebook().crises.create(data));
      announce(t('app.saved'));
      navigate({ name: 'crisis', id: saved.id });
    } catch (error) {
      if (isApiError(error) && error.issues.length) {
        const left = applyServerIssues(error.issues, setError, FIELD_NAMES, ['crisis']);
        if (left.length) setFailure(error);
      } else {
        setFailure(error);
      }
    }
  });

  useSaveShortcut(submit);

  const back = () => navigate(crisis ? { name: 'crisis', id: crisis.id } : { name: 'crises' });
  const num = { valueAsNumber: true } as const;
  const enumSelect = (name: Parameters<typeof register>[0], options: readonly string[], ns: string) => (
    <select {...register(name)}>
      <EnumOptions values={options} ns={ns} />
    </select>
  );

  return (
    <div className="screen screen-form">
      <PageHeader
        eyebrow={
          <button type="button" className="link-button" onClick={back}>
            <IconBack />
            {crisis ? crisis.reference : t('crisis.backToList')}
          </button>
        }
        title={crisis ? t('crisisForm.editTitle', { reference: crisis.reference }) : t('crisisForm.newTitle')}
        subtitle={t('app.serbiaTime')}
      />
      <form className="form" onSubmit={submit} noValidate aria-describedby="crisis-form-hint">
        {submitCount > 0 && errorCount > 0 ? <Alert>{t('app.fixErrors', { count: errorCount })}</Alert> : null}
        {failure ? <Alert>{describeError(t, failure)}</Alert> : null}

        <fieldset className="card form-section">
          <legend>{t('crisisForm.sectionBasics')}</legend>
          <div className="form-grid cols-4">
            {crisis ? (
              <Field label={t('crisisForm.team')} error={errors.teamSlug?.message} hint={t('validation.team_fixed')}>
                <input type="text" readOnly value={t(`team.${crisis.teamSlug}`)} />
              </Field>
            ) : (
              <Field label={t('crisisForm.team')} error={errors.teamSlug?.message} required>
                <select
                  {...register('teamSlug', {
                    // Deployed members belong to one team: a new team starts an empty roster.
                    onChange: () => setValue('deployments', []),
                  })}
                  autoFocus
                >
                  <option value="">—</option>
                  {TEAMS.map((team) => (
                    <option key={team.slug} value={team.slug}>
                      {t(`team.${team.slug}`)}
                    </option>
                  ))}
                </select>
              </Field>
            )}
            <Field label={t('crisisForm.type')} error={errors.type?.message} required>
              <select {...register('type')}>
                <EnumOptions values={crisisType.options} ns="crisisType" placeholder />
              </select>
            </Field>
            <Field label={t('crisisForm.startedAt')} error={errors.startedAt?.message} required>
              <FormDateTime control={control} name="startedAt" />
            </Field>
            <Field label={t('crisisForm.municipality')} error={errors.municipality?.message}>
              <input type="text" maxLength={100} {...register('municipality')} />
            </Field>
            <Field label={t('crisisForm.locationNote')} error={errors.locationNote?.message} className="span-4">
              <input type="text" maxLength={500} {...register('locationNote')} />
            </Field>
          </div>
        </fieldset>

        <fieldset className="card form-section">
          <legend>{t('crisisForm.sectionPeople')}</legend>
          <div className="form-grid cols-4">
            <Field label={t('crisisForm.subjects')} error={errors.subjects?.message}>
              <input type="number" min={0} step={1} inputMode="numeric" {...register('subjects', num)} />
            </Field>
            <Field label={t('crisisForm.hostages')} error={errors.hostages?.message}>
              <input type="number" min={0} step={1} inputMode="numeric" {...register('hostages', num)} />
            </Field>
            <Field
              label={t('crisisForm.hostagesReleased')}
              error={errors.hostagesReleased?.message}
              hint={fromLog ? t('crisisForm.releasedFromLog') : undefined}
            >
              <input type="number" min={0} step={1} inputMode="numeric" readOnly={fromLog} {...register('hostagesReleased', num)} />
            </Field>
            <Field label={t('crisisForm.suicidesPrevented')} error={errors.suicidesPrevented?.message}>
              <input type="number" min={0} step={1} inputMode="numeric" {...register('suicidesPrevented', num)} />
            </Field>
            <Field label={t('crisisForm.endedAt')} error={errors.endedAt?.message} hint={t('crisisForm.endedAtHint')}>
              <FormDateTime control={control} name="endedAt" />
            </Field>
            <Field label={t('crisisForm.outcome')} error={errors.outcome?.message}>
              <select {...register('outcome')}>
                <option value="">{t('crisisForm.noOutcome')}</option>
                {crisisOutcome.options.map((value) => (
                  <option key={value} value={value}>
                    {t(`outcome.${value}`)}
                  </option>
                ))}
              </select>
            </Field>
          </div>
        </fieldset>

        <div className="form-columns">
          <fieldset className="card form-section">
            <legend>{t('crisisForm.sectionDetails')}</legend>
            <div className="form-grid cols-2">
              <Field label={t('crisisForm.weapons')} error={errors.weapons?.message}>
                {enumSelect('weapons', weapons.options, 'weapons')}
              </Field>
              <Field label={t('crisisForm.locationType')} error={errors.locationType?.message}>
                {enumSelect('locationType', locationType.options, 'locationType')}
              </Field>
              <Field label={t('crisisForm.precipitatingEvent')} error={errors.precipitatingEvent?.message}>
                {enumSelect('precipitatingEvent', precipitatingEvent.options, 'precipitatingEvent')}
              </Field>
              <Field label={t('crisisForm.communicationMode')} error={errors.communicationMode?.message}>
                {enumSelect('communicationMode', communicationMode.options, 'communicationMode')}
              </Field>
            </div>
          </fieldset>
          <fieldset className="card form-section">
            <legend>{t('crisisForm.sectionSubject')}</legend>
            <div className="form-grid cols-2">
              <Field label={t('crisisForm.ageBand')} error={errors.subject?.ageBand?.message}>
                {enumSelect('subject.ageBand', ageBand.options, 'ageBand')}
              </Field>
              <Field label={t('crisisForm.gender')} error={errors.subject?.gender?.message}>
                {enumSelect('subject.gender', gender.options, 'gender')}
              </Field>
              <Field label={t('crisisForm.underInfluence')} error={errors.subject?.underInfluence?.message}>
                {enumSelect('subject.underInfluence', yesNoUnknown.options, 'yesNoUnknown')}
              </Field>
              <Field label={t('crisisForm.mentalHealthHistory')} error={errors.subject?.mentalHealthHistory?.message}>
                {enumSelect('subject.mentalHealthHistory', yesNoUnknown.options, 'yesNoUnknown')}
              </Field>
              <Field label={t('crisisForm.priorPoliceContact')} error={errors.subject?.priorPoliceContact?.message}>
                {enumSelect('subject.priorPoliceContact', yesNoUnknown.options, 'yesNoUnknown')}
              </Field>
            </div>
          </fieldset>
        </div>

        <fieldset className="card form-section">
          <legend>{t('crisisForm.sectionCasualties')}</legend>
          <table className="casualty-table">
            <thead>
              <tr>
                <th scope="col">
                  <span className="sr-only">{t('dashboard.category')}</span>
                </th>
                {(['subjects', 'hostages', 'police', 'bystanders'] as const).map((party) => (
                  <th scope="col" key={party}>
                    {t(`crisisForm.party.${party}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {(['injuries', 'deaths'] as const).map((kind) => (
                <tr key={kind}>
                  <th scope="row">{t(`crisisForm.${kind}`)}</th>
                  {(['subjects', 'hostages', 'police', 'bystanders'] as const).map((party) => {
                    const error = errors[kind]?.[party]?.message;
                    return (
                      <td key={party}>
                        <input
                          type="number"
                          min={0}
                          step={1}
                          inputMode="numeric"
                          aria-label={`${t(`crisisForm.${kind}`)}: ${t(`crisisForm.party.${party}`)}`}
                          aria-invalid={error ? true : undefined}
                          {...register(`${kind}.${party}`, num)}
                        />
                        {error ? <span className="field-error">{t('validation.invalid_number')}</span> : null}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </fieldset>

        <fieldset className="card form-section">
          <legend>{t('crisisForm.sectionTeam')}</legend>
          <Controller
            control={control}
            name="deployments"
            render={({ field }) => (
              <DeploymentPicker
                teamSlug={teamSlug}
                value={field.value}
                onChange={field.onChange}
                deployedBefore={crisis?.deployments.map((d) => d.memberId) ?? []}
              />
            )}
          />
          {errors.deployments ? <p className="field-error">{t('validation.invalid_value')}</p> : null}
        </fieldset>

        <fieldset className="card form-section">
          <legend>{t('crisisForm.sectionNotes')}</legend>
          <Field label={t('crisisForm.notes')} error={errors.notes?.message}>
            <textarea rows={5} maxLength={20000} {...register('notes')} />
          </Field>
        </fieldset>

        <div className="form-actions">
          <span id="crisis-form-hint" className="muted">
            <Kbd>Ctrl Enter</Kbd> {t('crisisForm.saveHint')}
          </span>
          <button type="button" className="btn" onClick={back}>
            {t('app.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={isSubmitting}>
            {isSubmitting ? t('app.saving') : crisis ? t('crisisForm.submitEdit') : t('crisisForm.submitNew')}
          </button>
        </div>
      </form>
    </div>
  );
}

const DEFAULT_ROLE: Record<MemberRole, DeploymentRole> = {
  team_leader: 'team_leader',
  negotiator: 'secondary_negotiator',
  coach: 'coach',
  intelligence: 'intelligence',
  log_keeper: 'log_keeper',
};

function DeploymentPicker({
  teamSlug,
  value,
  onChange,
  deployedBefore,
}: {
  teamSlug: TeamSlug | '';
  value: { memberId: string; role: DeploymentRole }[];
  onChange: (value: { memberId: string; role: DeploymentRole }[]) => void;
  deployedBefore: string[];
}) {
  const { t } = useTranslation();
  const members = useLoad<Member[]>(
    () => (teamSlug ? call(casebook().members.list({ teamSlug, includeInactive: true })) : Promise.resolve([])),
    [teamSlug],
  );
  if (!teamSlug) return <p className="muted">{t('crisisForm.noMembers')}</p>;
  if (members.loading) return <Loading />;
  if (members.error) return <ErrorNotice error={members.error} onRetry={members.reload} />;
  const shown = (members.data ?? []).filter((member) => member.active || deployedBefore.includes(member.id));
  if (shown.length === 0) return <p className="muted">{t('crisisForm.noMembers')}</p>;
  const byId = new Map(value.map((entry) => [entry.memberId, entry]));

  const toggle = (member: Member, on: boolean) => {
    if (!on) return onChange(value.filter((entry) => entry.memberId !== member.id));
    let role = DEFAULT_ROLE[member.role];
    if (member.role === 'negotiator' && !value.some((entry) => entry.role === 'lead_negotiator')) role = 'lead_negotiator';
    onChange([...value, { memberId: member.id, role }]);
  };
  const setRole = (memberId: string, role: DeploymentRole) =>
    onChange(value.map((entry) => (entry.memberId === memberId ? { ...entry, role } : entry)));

  return (
    <div className="deployments">
      <p className="muted deployments-count">{t('crisisForm.deployedCount', { count: value.length })}</p>
      <table className="table table-compact">
        <thead>
          <tr>
            <th scope="col">{t('crisisForm.deployed')}</th>
            <th scope="col">{t('crisisForm.member')}</th>
            <th scope="col">{t('crisisForm.deployedRole')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((member) => {
            const entry = byId.get(member.id);
            const checkboxId = `deploy-${member.id}`;
            return (
              <tr key={member.id} className={entry ? 'selected' : undefined}>
                <td className="cell-check">
                  <input
                    id={checkboxId}
                    type="checkbox"
                    checked={Boolean(entry)}
                    onChange={(event) => toggle(member, event.target.checked)}
                  />
                </td>
                <td>
                  <label htmlFor={checkboxId}>
                    {member.name}
                    {member.callSign ? <span className="muted"> · {member.callSign}</span> : null}
                    {!member.active ? <span className="muted"> ({t('crisisForm.inactiveMember')})</span> : null}
                  </label>
                  <span className="muted member-role"> — {t(`memberRole.${member.role}`)}</span>
                </td>
                <td>
                  <select
                    aria-label={`${t('crisisForm.deployedRole')}: ${member.name}`}
                    value={entry?.role ?? DEFAULT_ROLE[member.role]}
                    disabled={!entry}
                    onChange={(event) => setRole(member.id, event.target.value as DeploymentRole)}
                  >
                    {deploymentRole.options.map((role) => (
                      <option key={role} value={role}>
                        {t(`deploymentRole.${role}`)}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
