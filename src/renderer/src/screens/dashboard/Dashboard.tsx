// Statistics for all teams or one, over a period. Every figure is stats.summary's own number;
// the screen only lays it out. Loaded lazily with recharts, so the charts stay out of the main bundle.
import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type CrisisTotals,
  type Statistics,
  type StatsFilter,
  type TeamSlug,
  TEAMS,
  crisisOutcome,
  crisisType,
  hotlineThreat,
} from '@shared/domain';
import { call, casebook } from '@renderer/lib/api';
import { useLoad } from '@renderer/lib/hooks';
import { addDays, isDay, todayInSerbia } from '@renderer/lib/time';
import { useFormat } from '@renderer/i18n/format';
import { useRemembered } from '@renderer/app/memory';
import { useSession } from '@renderer/app/session';
import { ErrorNotice, Loading, PageHeader } from '@renderer/components/ui';
import { DateFilter } from '@renderer/components/filters';
import { ChartCard, ordered } from '@renderer/components/ChartCard';

type Preset = 'all' | 'thisYear' | 'lastYear' | 'last12' | 'custom';
const PRESETS: readonly Preset[] = ['all', 'thisYear', 'lastYear', 'last12', 'custom'];

interface DashboardState {
  team: string;
  preset: Preset;
  from: string;
  to: string;
}


export function periodOf(state: DashboardState, today = todayInSerbia()): { from?: string; to?: string } {
  const year = Number(today.slice(0, 4));
  switch (state.preset) {
    case 'all':
      return {};
    case 'thisYear':
      return { from: `${year}-01-01`, to: `${year}-12-31` };
    case 'lastYear':
      return { from: `${year - 1}-01-01`, to: `${year - 1}-12-31` };
    case 'last12':
      return { from: addDays(`${year - 1}${today.slice(4)}`, 1), to: today };
    case 'custom':
      return { ...(isDay(state.from) ? { from: state.from } : {}), ...(isDay(state.to) ? { to: state.to } : {}) };
  }
}

export default function Dashboard() {
  const { t } = useTranslation();
  // A member's statistics cover their own team (main narrows them).
  const ownTeam = useSession().teamSlug;
  const ids = useId();
  const [state, setState] = useRemembered<DashboardState>('dashboard', { team: '', preset: 'all', from: '', to: '' });
  const filter = useMemo<StatsFilter>(() => {
    const period = periodOf(state);
    return { ...(state.team ? { teamSlug: state.team as StatsFilter['teamSlug'] } : {}), ...period };
  }, [state]);
  const stats = useLoad(() => call(casebook().stats.summary(filter)), [JSON.stringify(filter)]);
  const set = <K extends keyof DashboardState>(name: K, value: DashboardState[K]) =>
    setState((previous) => ({ ...previous, [name]: value }));

  return (
    <div className="screen screen-dashboard">
      <PageHeader title={t('dashboard.title')} subtitle={t('dashboard.subtitle')} />
      <section className="toolbar" aria-label={t('crises.filters')}>
        <div className="toolbar-row">
        <div className="toolbar-field">
          <label htmlFor={`${ids}-team`}>{t('dashboard.scope')}</label>
          <select id={`${ids}-team`} value={state.team} onChange={(event) => set('team', event.target.value)}>
            <option value="">{ownTeam ? t(`team.${ownTeam}`) : t('dashboard.allTeams')}</option>
            {TEAMS.filter((team) => !ownTeam || team.slug === ownTeam).map((team) => (
              <option key={team.slug} value={team.slug}>
                {t(`team.${team.slug}`)}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="segmented">
          <legend>{t('dashboard.period')}</legend>
          {PRESETS.map((preset) => (
            <label key={preset} className={`segment${state.preset === preset ? ' checked' : ''}`}>
              <input
                type="radio"
                name={`${ids}-preset`}
                value={preset}
                checked={state.preset === preset}
                onChange={() => set('preset', preset)}
              />
              {t(`dashboard.preset.${preset}`)}
            </label>
          ))}
        </fieldset>
        {state.preset === 'custom' ? (
          <>
            <DateFilter id={`${ids}-from`} label={t('dashboard.from')} value={state.from} onChange={(value) => set('from', value)} />
            <DateFilter id={`${ids}-to`} label={t('dashboard.to')} value={state.to} onChange={(value) => set('to', value)} />
          </>
        ) : null}
        </div>
      </section>
      {stats.error ? <ErrorNotice error={stats.error} onRetry={stats.reload} /> : null}
      {stats.data ? <DashboardBody stats={stats.data} busy={stats.loading} oneTeam={Boolean(state.team)} /> : stats.loading ? <Loading /> : null}
      <MemberLoadView team={(state.team || ownTeam || '') as TeamSlug | ''} period={periodOf(state)} />
    </div>
  );
}

function DashboardBody({ stats, busy, oneTeam }: { stats: Statistics; busy: boolean; oneTeam: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const c = stats.crises;
  const cards: { key: string; value: number; note?: string; tone: string }[] = [
    { key: 'total', value: c.total, tone: 'total' },
    {
      key: 'resolved',
      value: c.resolved,
      tone: 'resolved',
      ...(c.total > 0 ? { note: t('dashboard.resolvedShare', { share: fmt.percent(c.resolved / c.total) }) } : {}),
    },
    { key: 'livesSaved', value: c.livesSaved, tone: 'livesSaved' },
    { key: 'hostagesReleased', value: c.hostagesReleased, tone: 'hostagesReleased' },
    { key: 'suicidesPrevented', value: c.suicidesPrevented, tone: 'suicidesPrevented' },
    // The hotline is national: a team filter does not narrow it, and the card says so.
    { key: 'hotline', value: stats.hotline.total, tone: 'calls', ...(oneTeam ? { note: t('dashboard.hotlineAllTeams') } : {}) },
  ];

  const label = (ns: string, known: readonly string[]) => (key: string) => (known.includes(key) ? t(`${ns}.${key}`) : key);
  const years = Object.keys(stats.crisesByYear).sort();
  const byYear = years.map((year) => ({ name: year, ...pick(stats.crisesByYear[year]) }));
  const byType = ordered(stats.crisesByType, crisisType.options).map(([key, totals]) => ({
    name: label('crisisType', crisisType.options)(key),
    ...pick(totals),
  }));
  // The service counts crises still open under the outcome "open".
  const byOutcome = ordered(stats.crisesByOutcome, [...crisisOutcome.options, 'open']).map(([key, totals]) => ({
    name: key === 'open' ? t('crisisStatus.open') : label('outcome', crisisOutcome.options)(key),
    ...pick(totals),
  }));
  const byTeam = TEAMS.filter((team) => stats.crisesByTeam[team.slug]).map((team) => ({
    name: t(`team.${team.slug}`),
    ...pick(stats.crisesByTeam[team.slug]),
  }));
  const months = Object.keys(stats.hotline.byMonth).sort();
  const byMonth = months.map((month) => ({ name: fmt.month(month), calls: stats.hotline.byMonth[month] ?? 0 }));
  const byThreat = ordered(stats.hotline.byThreat, hotlineThreat.options).map(([key, value]) => ({
    name: label('threat', hotlineThreat.options)(key),
    calls: value,
  }));

  return (
    <div className="dashboard" aria-busy={busy || undefined}>
      <section aria-label={t('dashboard.cards')} className="stat-cards">
        {cards.map((card) => (
          <div key={card.key} className={`stat-card stat-${card.tone}`} data-stat={card.key}>
            <span className="stat-card-label">{t(`dashboard.card.${card.key}`)}</span>
            <span className="stat-card-value" data-testid={`stat-${card.key}`} data-value={card.value}>
              {fmt.number(card.value)}
            </span>
            <span className="stat-card-note">{card.note ?? ''}</span>
          </div>
        ))}
      </section>
      <div className="chart-grid">
        <ChartCard title={t('dashboard.byYear')} rows={byYear} series={['total', 'resolved', 'livesSaved']} kind="line" />
        <ChartCard title={t('dashboard.byTeam')} rows={byTeam} series={['total', 'resolved', 'livesSaved']} kind="bar" />
        <ChartCard title={t('dashboard.byType')} rows={byType} series={['total', 'resolved']} kind="hbar" />
        <ChartCard title={t('dashboard.byOutcome')} rows={byOutcome} series={['total']} kind="hbar" />
        <ChartCard title={t('dashboard.hotlineByMonth')} rows={byMonth} series={['calls']} kind="bar" />
        <ChartCard title={t('dashboard.hotlineByThreat')} rows={byThreat} series={['calls']} kind="hbar" />
      </div>
    </div>
  );
}

/** Who carries the team's load: deployments and hours per member over the period, as charts. */
function MemberLoadView({ team, period }: { team: TeamSlug | ''; period: { from?: string; to?: string } }) {
  const { t } = useTranslation();
  const titleId = useId();
  const query = team ? { teamSlug: team, ...period } : null;
  const load = useLoad(() => (query ? call(casebook().stats.memberLoad(query)) : Promise.resolve(null)), [JSON.stringify(query)]);
  const rows = (load.data ?? []).map((row) => ({ name: row.callSign ? `${row.name} (${row.callSign})` : row.name, deployments: row.deployments, hours: row.hours }));
  return (
    <section className="member-load" aria-labelledby={titleId} data-testid="member-load">
      <h2 id={titleId} className="section-title">
        {team ? t('dashboard.memberLoad.title', { team: t(`team.${team}`) }) : t('dashboard.memberLoad.titleAll')}
      </h2>
      {!team ? (
        <p className="muted">{t('dashboard.memberLoad.chooseTeam')}</p>
      ) : load.error ? (
        <ErrorNotice error={load.error} onRetry={load.reload} />
      ) : load.data ? (
        <div className="chart-grid">
          <ChartCard title={t('dashboard.memberLoad.deployments')} rows={rows} series={['deployments']} kind="hbar" />
          <ChartCard title={t('dashboard.memberLoad.hours')} rows={rows} series={['hours']} kind="hbar" />
        </div>
      ) : (
        <Loading />
      )}
    </section>
  );
}

function pick(totals: CrisisTotals | undefined) {
  return {
    total: totals?.total ?? 0,
    resolved: totals?.resolved ?? 0,
    livesSaved: totals?.livesSaved ?? 0,
    hostagesReleased: totals?.hostagesReleased ?? 0,
    suicidesPrevented: totals?.suicidesPrevented ?? 0,
  };
}

