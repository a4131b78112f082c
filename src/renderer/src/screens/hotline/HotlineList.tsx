// The journalists' SOS hotline: follow-ups due or overdue first, then every call, filtered.
import { useCallback, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type HotlineCall,
  type HotlineFilter,
  type HotlineListQuery,
  followUpState,
  hotlineStatus,
  hotlineThreat,
  hotlineUrgency,
} from '@shared/domain';
import { call, casebook } from '@renderer/lib/api';
import { useDebounced, useKeysetList, useLoad } from '@renderer/lib/hooks';
import { isDay, todayInSerbia } from '@renderer/lib/time';
import { useFormat } from '@renderer/i18n/format';
import { useRemembered } from '@renderer/app/memory';
import { useNavigation } from '@renderer/app/navigation';
import { Badge, ErrorNotice, Kbd, PageHeader } from '@renderer/components/ui';
import { HotlineStatusBadge, UrgencyBadge } from '@renderer/components/badges';
import { IconPlus, IconSortAsc, IconSortDesc } from '@renderer/components/icons';
import { DateFilter, FilterSearch, OptionFilter, useSearchShortcut } from '@renderer/components/filters';

type SortField = 'receivedAt' | 'reference' | 'followUpDue';

interface HotlineListState {
  text: string;
  threat: string;
  urgency: string;
  status: string;
  followUp: string;
  from: string;
  to: string;
  sort: { field: SortField; direction: 'asc' | 'desc' };
}

const INITIAL: HotlineListState = {
  text: '',
  threat: '',
  urgency: '',
  status: '',
  followUp: '',
  from: '',
  to: '',
  sort: { field: 'receivedAt', direction: 'desc' },
};

function toFilter(state: HotlineListState, text: string): HotlineFilter {
  const filter: Record<string, string> = {};
  for (const name of ['threat', 'urgency', 'status', 'followUp'] as const) {
    if (state[name]) filter[name] = state[name];
  }
  for (const name of ['from', 'to'] as const) {
    if (isDay(state[name])) filter[name] = state[name];
  }
  if (text.trim()) filter.text = text.trim();
  return filter as HotlineFilter;
}

/** How a call's follow-up stands today: the service's rule (due: today or past; overdue: past). */
export function followUpStanding(entry: Pick<HotlineCall, 'followUpDue' | 'status'>, today: string): 'due' | 'overdue' | null {
  if (entry.status !== 'open' || !entry.followUpDue) return null;
  if (entry.followUpDue < today) return 'overdue';
  if (entry.followUpDue <= today) return 'due';
  return null;
}

export function HotlineList() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { navigate } = useNavigation();
  const ids = useId();
  const [state, setState] = useRemembered<HotlineListState>('hotline.list', INITIAL);
  const text = useDebounced(state.text, 250);
  const filter = useMemo(() => toFilter(state, text), [state, text]);
  const key = JSON.stringify({ filter, sort: state.sort });
  const fetchPage = useCallback(
    (after: string | null, limit: number) =>
      call(casebook().hotline.list({ filter, sort: state.sort, limit, after } satisfies HotlineListQuery)),
    [filter, state.sort],
  );
  const list = useKeysetList<HotlineCall>(key, fetchPage);
  const [shownCount, setShownCount] = useState({ key, count: 50 });
  const count = shownCount.key === key ? shownCount.count : 50;
  const searchRef = useRef<HTMLInputElement>(null);
  const set = <K extends keyof HotlineListState>(name: K, value: HotlineListState[K]) =>
    setState((previous) => ({ ...previous, [name]: value }));
  const filtered = Boolean(state.text || state.threat || state.urgency || state.status || state.followUp || state.from || state.to);
  const today = todayInSerbia();

  useSearchShortcut(searchRef, { typing: 'input, textarea, select' });

  const sortHeader = (field: SortField, label: string) => {
    const sorted = state.sort.field === field;
    return (
      <th scope="col" aria-sort={sorted ? (state.sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}>
        <button
          type="button"
          className="sort-button"
          onClick={() =>
            set('sort', { field, direction: sorted && state.sort.direction === 'desc' ? 'asc' : sorted ? 'desc' : field === 'followUpDue' ? 'asc' : 'desc' })
          }
        >
          {label}
          {sorted ? state.sort.direction === 'asc' ? <IconSortAsc /> : <IconSortDesc /> : null}
        </button>
      </th>
    );
  };

  // The list grows by keyset pages of 50; "load more" asks for the next.
  const shown = list.rows.slice(0, count);

  return (
    <div className="screen screen-list">
      <PageHeader
        title={t('hotline.title')}
        subtitle={t('hotline.subtitle')}
        actions={
          <button type="button" className="btn btn-primary" onClick={() => navigate({ name: 'hotlineNew' })} aria-keyshortcuts="Control+N">
            <IconPlus />
            {t('hotline.new')}
            <Kbd>Ctrl N</Kbd>
          </button>
        }
      />
      <FollowUps onOpen={(id) => navigate({ name: 'hotlineCall', id })} />
      <section className="toolbar" aria-label={t('crises.filters')}>
        <div className="toolbar-row">
        <FilterSearch
          id={`${ids}-q`}
          label={t('hotline.search')}
          placeholder={t('hotline.searchPlaceholder')}
          value={state.text}
          onChange={(v) => set('text', v)}
          inputRef={searchRef}
        />
        <button type="button" className="btn btn-ghost" disabled={!filtered} onClick={() => setState({ ...INITIAL, sort: state.sort })}>
          {t('hotline.clearFilters')}
        </button>
        </div>
        <div className="toolbar-row">
        <OptionFilter
          id={`${ids}-threat`}
          label={t('hotline.threat')}
          value={state.threat}
          onChange={(v) => set('threat', v)}
          allLabel={t('hotline.allThreats')}
          options={hotlineThreat.options}
          optionLabel={(value) => t(`threat.${value}`)}
        />
        <OptionFilter
          id={`${ids}-urgency`}
          label={t('hotline.urgency')}
          value={state.urgency}
          onChange={(v) => set('urgency', v)}
          allLabel={t('hotline.allUrgencies')}
          options={hotlineUrgency.options}
          optionLabel={(value) => t(`urgency.${value}`)}
        />
        <OptionFilter
          id={`${ids}-status`}
          label={t('hotline.status')}
          value={state.status}
          onChange={(v) => set('status', v)}
          allLabel={t('hotline.allStatuses')}
          options={hotlineStatus.options}
          optionLabel={(value) => t(`hotlineStatus.${value}`)}
        />
        <OptionFilter
          id={`${ids}-follow`}
          label={t('hotline.followUp')}
          value={state.followUp}
          onChange={(v) => set('followUp', v)}
          allLabel={t('hotline.anyFollowUp')}
          options={followUpState.options}
          optionLabel={(value) => t(`followUpState.${value}`)}
        />
        <DateFilter id={`${ids}-from`} label={t('hotline.from')} value={state.from} onChange={(v) => set('from', v)} />
        <DateFilter id={`${ids}-to`} label={t('hotline.to')} value={state.to} onChange={(v) => set('to', v)} />
        </div>
      </section>
      <div className="list-meta">
        <span className="list-count" role="status" data-testid="hotline-count">
          {list.total === null ? t('app.loading') : t('hotline.count', { count: list.total, formatted: fmt.number(list.total) })}
        </span>
      </div>
      {list.error ? <ErrorNotice error={list.error} /> : null}
      <div className="table-wrap card">
        <table className="table table-hotline" aria-label={t('hotline.tableLabel')}>
          <thead>
            <tr>
              {sortHeader('reference', t('hotline.column.reference'))}
              {sortHeader('receivedAt', t('hotline.column.receivedAt'))}
              <th scope="col">{t('hotline.column.caller')}</th>
              <th scope="col">{t('hotline.column.threat')}</th>
              <th scope="col">{t('hotline.column.urgency')}</th>
              <th scope="col">{t('hotline.column.action')}</th>
              {sortHeader('followUpDue', t('hotline.column.followUpDue'))}
              <th scope="col">{t('hotline.column.status')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((entry) => {
              const standing = followUpStanding(entry, today);
              return (
                <tr key={entry.id} className="row-clickable" onClick={() => navigate({ name: 'hotlineCall', id: entry.id })}>
                  <td className="cell-mono">
                    <button
                      type="button"
                      className="link-button"
                      onClick={(event) => {
                        event.stopPropagation();
                        navigate({ name: 'hotlineCall', id: entry.id });
                      }}
                    >
                      {entry.reference}
                    </button>
                  </td>
                  <td className="cell-num">{fmt.dateTime(entry.receivedAt)}</td>
                  <td className="cell-ellipsis">
                    <span className="cell-strong">{entry.caller}</span>
                    {entry.outlet ? <span className="muted"> · {entry.outlet}</span> : null}
                  </td>
                  <td className="cell-ellipsis">{t(`threat.${entry.threat}`)}</td>
                  <td>
                    <UrgencyBadge urgency={entry.urgency} />
                  </td>
                  <td className="cell-ellipsis">{t(`hotlineAction.${entry.action}`)}</td>
                  <td className="cell-num">
                    {entry.followUpDue ? fmt.day(entry.followUpDue) : <span className="muted">{t('app.none')}</span>}
                    {standing ? (
                      <>
                        {' '}
                        <Badge tone={standing === 'overdue' ? 'danger' : 'warning'}>{t(`followUpState.${standing}`)}</Badge>
                      </>
                    ) : null}
                  </td>
                  <td>
                    <HotlineStatusBadge status={entry.status} />
                  </td>
                </tr>
              );
            })}
            {list.total === 0 ? (
              <tr>
                <td colSpan={8} className="empty-note">
                  {t('hotline.empty')}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      {list.total !== null && shown.length < list.total ? (
        <div className="load-more">
          <button
            type="button"
            className="btn"
            onClick={() => {
              setShownCount({ key, count: count + 50 });
              list.ensure(count + 49);
            }}
          >
            {t('hotline.loadMore')}
          </button>
        </div>
      ) : null}
    </div>
  );
}

/**
 * Follow-ups that need attention: "due" is every open call whose date is today or past, and
 * "overdue" the strictly past ones (the service's definitions). Each row says which it is.
 */
function FollowUps({ onOpen }: { onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const today = todayInSerbia();
  const query = (followUp: 'due' | 'overdue', limit: number) =>
    call(
      casebook().hotline.list({
        filter: { followUp },
        sort: { field: 'followUpDue', direction: 'asc' },
        limit,
        after: null,
      }),
    );
  const loaded = useLoad(() => Promise.all([query('due', 100), query('overdue', 1)]), []);
  if (loaded.error) return <ErrorNotice error={loaded.error} onRetry={loaded.reload} />;
  const [due, overdue] = loaded.data ?? [null, null];
  const dueTotal = due?.total ?? 0;
  const overdueTotal = overdue?.total ?? 0;
  const empty = loaded.data !== undefined && dueTotal === 0;
  return (
    <section className={`followups card${empty ? ' followups-clear' : ''}`} aria-labelledby="followups-title" data-testid="followups">
      <div className="card-header">
        <h2 id="followups-title">{t('hotline.followUps')}</h2>
        {loaded.data ? (
          <span className="followup-counts">
            <Badge tone="danger">{t('hotline.overdueCount', { count: overdueTotal })}</Badge>
            <Badge tone="warning">{t('hotline.dueCount', { count: dueTotal })}</Badge>
          </span>
        ) : null}
      </div>
      {!loaded.data ? null : empty ? (
        <p className="empty-note">{t('hotline.noFollowUps')}</p>
      ) : (
        <ul className="followup-list">
          {(due?.items ?? []).map((entry) => {
            const state = followUpStanding(entry, today) ?? 'due';
            return (
              <li key={entry.id} className={`followup followup-${state}`} data-follow-up={state}>
                <button type="button" className="followup-button" onClick={() => onOpen(entry.id)}>
                  <Badge tone={state === 'overdue' ? 'danger' : 'warning'}>{t(`followUpState.${state}`)}</Badge>
                  <span className="followup-date cell-num">{entry.followUpDue ? fmt.day(entry.followUpDue) : ''}</span>
                  <span className="followup-caller">{entry.caller}</span>
                  <span className="muted followup-outlet">{entry.outlet}</span>
                  <span className="followup-threat">{t(`threat.${entry.threat}`)}</span>
                  <UrgencyBadge urgency={entry.urgency} />
                  <span className="cell-mono muted">{entry.reference}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
