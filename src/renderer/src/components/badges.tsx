// Status badges shared by lists and records: same colour, same meaning, everywhere.
import { useTranslation } from 'react-i18next';
import { type CrisisOutcome, type CrisisStatus, type HotlineStatus, type HotlineUrgency, RESOLVED_OUTCOMES, TEAMS, type TeamSlug } from '@shared/domain';
import { Badge } from './ui';

export function CrisisStatusBadge({ status }: { status: CrisisStatus }) {
  const { t } = useTranslation();
  return <Badge tone={status === 'open' ? 'live' : 'neutral'}>{t(`crisisStatus.${status}`)}</Badge>;
}

export function isResolvedOutcome(outcome: CrisisOutcome): boolean {
  return (RESOLVED_OUTCOMES as readonly string[]).includes(outcome);
}

export function OutcomeBadge({ outcome }: { outcome: CrisisOutcome | null }) {
  const { t } = useTranslation();
  if (!outcome) return <span className="muted">{t('app.none')}</span>;
  const resolved = isResolvedOutcome(outcome);
  return (
    <Badge tone={resolved ? 'success' : outcome === 'other' ? 'neutral' : 'danger'} title={t(resolved ? 'resolved.yes' : 'resolved.no')}>
      {t(`outcome.${outcome}`)}
    </Badge>
  );
}

export function teamCode(slug: TeamSlug): string {
  return TEAMS.find((team) => team.slug === slug)?.code ?? slug;
}

export function TeamTag({ slug }: { slug: TeamSlug }) {
  const { t } = useTranslation();
  return (
    <span className="team-tag">
      <span className={`team-code team-${slug}`} aria-hidden="true">
        {teamCode(slug)}
      </span>
      {t(`team.${slug}`)}
    </span>
  );
}

export function UrgencyBadge({ urgency }: { urgency: HotlineUrgency }) {
  const { t } = useTranslation();
  const tone = urgency === 'immediate' ? 'danger' : urgency === 'high' ? 'warning' : 'neutral';
  return <Badge tone={tone}>{t(`urgency.${urgency}`)}</Badge>;
}

export function HotlineStatusBadge({ status }: { status: HotlineStatus }) {
  const { t } = useTranslation();
  return <Badge tone={status === 'open' ? 'info' : 'neutral'}>{t(`hotlineStatus.${status}`)}</Badge>;
}
