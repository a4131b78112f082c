// Statistics for all teams or one, over a period. Every figure is stats.summary's own number;
// the screen only lays it out. Loaded lazily with recharts, so the charts stay out of the main bundle.
import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import {
  type CrisisTotals,
  type Statistics,
  type StatsFilter,
  TEAMS,
  crisisOutcome,
  crisisType,
  hotlineThreat,
} from '@shared/domain';
import { call, casebook } from '@renderer/lib/api';
import { useLoad } from '@renderer/lib/hooks';
import { addDays, todayInSerbia } from '@renderer/lib/time';
import { useFormat } from '@renderer/i18n/format';
import { useRemembered } from '@renderer/app/memory';
import { useSession } from '@renderer/app/session';
import { ErrorNotice, Loading, PageHeader } from '@renderer/components/ui';

type Preset = 'all' | 'thisYear' | 'lastYear' | 'last12' | 'custom';
const PRESETS: readonly Preset[] = ['all', 'thisYear', 'lastYear', 'last12', 'custom'];

interface DashboardState {
  team: string;
  preset: Preset;
  from: string;
  to: string;
}

// Restrained, and each at least 3:1 against white (WCAG non-text contrast).
const COLORS = {
  total: '#2f5d9a',
  resolved: '#2b7a5f',
  livesSaved: '#9c6412',
  hostagesReleased: '#6f4f9c',
  suicidesPrevented: '#b0413e',
  calls: '#2f5d9a',
};

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
      return { ...(state.from ? { from: state.from } : {}), ...(state.to ? { to: state.to } : {}) };
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
            <div className="toolbar-field">
              <label htmlFor={`${ids}-from`}>{t('dashboard.from')}</label>
              <input id={`${ids}-from`} type="date" value={state.from} onChange={(event) => set('from', event.target.value)} />
            </div>
            <div className="toolbar-field">
              <label htmlFor={`${ids}-to`}>{t('dashboard.to')}</label>
              <input id={`${ids}-to`} type="date" value={state.to} onChange={(event) => set('to', event.target.value)} />
            </div>
          </>
        ) : null}
        </div>
      </section>
      {stats.error ? <ErrorNotice error={stats.error} onRetry={stats.reload} /> : null}
      {stats.data ? <DashboardBody stats={stats.data} busy={stats.loading} oneTeam={Boolean(state.team)} /> : stats.loading ? <Loading /> : null}
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

function pick(totals: CrisisTotals | undefined) {
  return {
    total: totals?.total ?? 0,
    resolved: totals?.resolved ?? 0,
    livesSaved: totals?.livesSaved ?? 0,
    hostagesReleased: totals?.hostagesReleased ?? 0,
    suicidesPrevented: totals?.suicidesPrevented ?? 0,
  };
}

/** Entries in the enum's order first, anything else after. */
function ordered<V>(record: Record<string, V>, order: readonly string[]): [string, V][] {
  const entries = Object.entries(record);
  const rank = (key: string) => {
    const index = order.indexOf(key);
    return index === -1 ? order.length : index;
  };
  return entries.sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}

type SeriesKey = keyof typeof COLORS;

function ChartCard({
  title,
  rows,
  series,
  kind,
}: {
  title: string;
  rows: ({ name: string } & Partial<Record<SeriesKey, number>>)[];
  series: SeriesKey[];
  kind: 'bar' | 'hbar' | 'line';
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const titleId = useId();
  const empty = rows.length === 0 || rows.every((row) => series.every((key) => !row[key]));
  const height = kind === 'hbar' ? Math.max(160, rows.length * 34 + 40) : 240;
  const formatter = (value: unknown) => (typeof value === 'number' ? fmt.number(value) : String(value));
  const common = {
    data: rows,
    responsive: true,
    style: { width: '100%', height },
    margin: { top: 8, right: 16, bottom: 4, left: kind === 'hbar' ? 8 : 0 },
    accessibilityLayer: false,
  };
  const axisTick = { fontSize: 12, fill: '#4a5565' };
  const legend =
    series.length > 1 ? (
      <Legend
        wrapperStyle={{ fontSize: 12 }}
        iconType="square"
        iconSize={10}
        itemSorter={(item) => series.indexOf(item.dataKey as SeriesKey)}
        formatter={(value: string) => <span style={{ color: '#3d4756' }}>{value}</span>}
      />
    ) : null;
  const tooltip = (
    <Tooltip
      formatter={formatter}
      cursor={{ fill: 'rgba(47,93,154,0.06)' }}
      contentStyle={{ fontSize: 12, borderColor: '#c6cdd6', borderRadius: 4 }}
      itemStyle={{ color: '#18202c' }}
      itemSorter={(item) => series.indexOf(item.dataKey as SeriesKey)}
      labelStyle={{ color: '#18202c', fontWeight: 600 }}
    />
  );

  return (
    <figure className="card chart-card" aria-labelledby={titleId}>
      <figcaption className="card-header">
        <h2 id={titleId}>{title}</h2>
      </figcaption>
      {empty ? (
        <p className="empty-note">{t('dashboard.noData')}</p>
      ) : (
        <div className="chart" aria-hidden="true">
          {kind === 'line' ? (
            <LineChart {...common}>
              <CartesianGrid stroke="#e6e9ee" vertical={false} />
              <XAxis dataKey="name" tick={axisTick} tickLine={false} axisLine={{ stroke: '#c9cfd8' }} />
              <YAxis allowDecimals={false} tick={axisTick} tickLine={false} axisLine={false} width={44} tickFormatter={formatter} />
              {tooltip}
              {legend}
              {series.map((key) => (
                <Line key={key} dataKey={key} name={t(`dashboard.series.${key}`)} stroke={COLORS[key]} strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
              ))}
            </LineChart>
          ) : kind === 'bar' ? (
            <BarChart {...common}>
              <CartesianGrid stroke="#e6e9ee" vertical={false} />
              <XAxis dataKey="name" tick={axisTick} tickLine={false} axisLine={{ stroke: '#c9cfd8' }} />
              <YAxis allowDecimals={false} tick={axisTick} tickLine={false} axisLine={false} width={44} tickFormatter={formatter} />
              {tooltip}
              {legend}
              {series.map((key) => (
                <Bar key={key} dataKey={key} name={t(`dashboard.series.${key}`)} fill={COLORS[key]} maxBarSize={28} isAnimationActive={false} />
              ))}
            </BarChart>
          ) : (
            <BarChart {...common} layout="vertical">
              <CartesianGrid stroke="#e6e9ee" horizontal={false} />
              <XAxis type="number" allowDecimals={false} tick={axisTick} tickLine={false} axisLine={false} tickFormatter={formatter} />
              <YAxis type="category" dataKey="name" tick={axisTick} tickLine={false} axisLine={{ stroke: '#c9cfd8' }} width={170} />
              {tooltip}
              {legend}
              {series.map((key) => (
                <Bar key={key} dataKey={key} name={t(`dashboard.series.${key}`)} fill={COLORS[key]} maxBarSize={18} isAnimationActive={false} />
              ))}
            </BarChart>
          )}
        </div>
      )}
      {empty ? null : (
        <details className="chart-data">
          <summary>{t('dashboard.tableSummary')}</summary>
          <table className="table table-compact">
            <thead>
              <tr>
                <th scope="col">{t('dashboard.category')}</th>
                {series.map((key) => (
                  <th scope="col" key={key} className="cell-end">
                    {t(`dashboard.series.${key}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.name}>
                  <th scope="row">{row.name}</th>
                  {series.map((key) => (
                    <td key={key} className="cell-end cell-num">
                      {fmt.number(row[key] ?? 0)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </figure>
  );
}
