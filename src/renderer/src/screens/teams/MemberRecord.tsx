// One team member's record, for training and certification: their deployments over time with
// role and outcome, counts by role, type and outcome, hours deployed and the last deployment.
// Every figure is members.record's own (counted in SQL); the screen lays it out, as charts first.
// Loaded lazily with recharts.
import { useTranslation } from 'react-i18next';
import type { MemberRecord as Record } from '@shared/memberRecords';
import { call, casebook } from '@renderer/lib/api';
import { useLoad } from '@renderer/lib/hooks';
import { useFormat } from '@renderer/i18n/format';
import { useNavigation } from '@renderer/app/navigation';
import { ErrorNotice, Loading, PageHeader } from '@renderer/components/ui';
import { OutcomeBadge, TeamTag } from '@renderer/components/badges';
import { IconBack } from '@renderer/components/icons';
import { ChartCard } from '@renderer/components/ChartCard';
import { inSerbia } from '@renderer/lib/time';

export default function MemberRecordScreen({ id }: { id: string }) {
  const record = useLoad(() => call(casebook().members.record({ memberId: id })), [id]);
  if (record.error) return <ErrorNotice error={record.error} onRetry={record.reload} />;
  if (!record.data) return <Loading />;
  return <MemberRecordView record={record.data} />;
}

function MemberRecordView({ record }: { record: Record }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { navigate } = useNavigation();
  const { member } = record;
  const years = new Map<string, number>();
  for (const deployment of record.deployments) {
    const year = String(inSerbia(deployment.startedAt).getFullYear());
    years.set(year, (years.get(year) ?? 0) + 1);
  }
  const byYear = [...years].sort(([a], [b]) => a.localeCompare(b)).map(([name, deployments]) => ({ name, deployments }));
  const counted = (rows: { key: string; count: number }[], label: (key: string) => string) => rows.map((row) => ({ name: label(row.key), deployments: row.count }));
  const last = record.lastDeployment;
  const tiles = [
    { key: 'crises', value: fmt.number(record.crises) },
    { key: 'hours', value: fmt.number(record.hoursDeployed) },
    { key: 'last', value: last ? fmt.dateTime(last.startedAt) : t('app.none'), note: last ? last.reference : '' },
  ];

  return (
    <div className="screen screen-member">
      <PageHeader
        eyebrow={
          <button type="button" className="link-button" onClick={() => navigate({ name: 'teams' })}>
            <IconBack />
            {t('memberRecord.back')}
          </button>
        }
        title={member.name}
        subtitle={
          <>
            {member.callSign ? `${member.callSign} · ` : ''}
            {t(`memberRole.${member.role}`)} · <TeamTag slug={member.teamSlug} />
            {member.active ? '' : ` · ${t('memberRecord.inactive')}`}
          </>
        }
      />
      <section aria-label={t('memberRecord.figures')} className="stat-cards stat-cards-three">
        {tiles.map((tile) => (
          <div key={tile.key} className="stat-card" data-stat={tile.key}>
            <span className="stat-card-label">{t(`memberRecord.tile.${tile.key}`)}</span>
            <span className="stat-card-value" data-testid={`member-${tile.key}`}>
              {tile.value}
            </span>
            <span className="stat-card-note">{tile.note ?? ''}</span>
          </div>
        ))}
      </section>
      <div className="chart-grid">
        <ChartCard title={t('memberRecord.byYear')} rows={byYear} series={['deployments']} kind="bar" />
        <ChartCard title={t('memberRecord.byRole')} rows={counted(record.byRole, (key) => t(`deploymentRole.${key}`))} series={['deployments']} kind="hbar" />
        <ChartCard title={t('memberRecord.byType')} rows={counted(record.byType, (key) => t(`crisisType.${key}`))} series={['deployments']} kind="hbar" />
        <ChartCard
          title={t('memberRecord.byOutcome')}
          rows={counted(record.byOutcome, (key) => (key === 'open' ? t('crisisStatus.open') : t(`outcome.${key}`)))}
          series={['deployments']}
          kind="hbar"
        />
      </div>
      <section className="card" aria-labelledby="member-deployments-title">
        <div className="card-header">
          <h2 id="member-deployments-title">{t('memberRecord.deployments')}</h2>
          <span className="muted">{t('memberRecord.count', { count: record.deployments.length })}</span>
        </div>
        {record.deployments.length === 0 ? (
          <p className="empty-note">{t('memberRecord.none')}</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('memberRecord.reference')}</th>
                <th scope="col">{t('memberRecord.started')}</th>
                <th scope="col">{t('memberRecord.type')}</th>
                <th scope="col">{t('memberRecord.roles')}</th>
                <th scope="col">{t('memberRecord.outcome')}</th>
              </tr>
            </thead>
            <tbody>
              {record.deployments.map((deployment) => (
                <tr key={deployment.crisisId}>
                  <td>
                    <button type="button" className="link-button cell-mono" onClick={() => navigate({ name: 'crisis', id: deployment.crisisId })}>
                      {deployment.reference}
                    </button>
                  </td>
                  <td>{fmt.dateTime(deployment.startedAt)}</td>
                  <td>{t(`crisisType.${deployment.type}`)}</td>
                  <td>{deployment.roles.map((role) => t(`deploymentRole.${role}`)).join(', ')}</td>
                  <td>
                    <OutcomeBadge outcome={deployment.outcome} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
