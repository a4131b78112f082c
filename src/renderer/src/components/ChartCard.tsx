// A chart in a card, with its figures in a table beneath for those who would rather read them:
// the dashboard's and the member pages' charts. Loaded only by lazily loaded screens, so recharts
// stays out of the main bundle.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { useFormat } from '@renderer/i18n/format';

// Restrained, and each at least 3:1 against white (WCAG non-text contrast).
const COLORS = {
  total: '#2f5d9a',
  resolved: '#2b7a5f',
  livesSaved: '#9c6412',
  hostagesReleased: '#6f4f9c',
  suicidesPrevented: '#b0413e',
  calls: '#2f5d9a',
  deployments: '#2f5d9a',
  hours: '#2b7a5f',
};

export /** Entries in the enum's order first, anything else after. */
function ordered<V>(record: Record<string, V>, order: readonly string[]): [string, V][] {
  const entries = Object.entries(record);
  const rank = (key: string) => {
    const index = order.indexOf(key);
    return index === -1 ? order.length : index;
  };
  return entries.sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}

export type SeriesKey = keyof typeof COLORS;

export function ChartCard({
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
