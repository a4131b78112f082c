// Every crisis, filtered and sorted by the service, in a virtual grid that reads keyset pages
// as it scrolls: smooth with 100,000 rows because only the visible rows are in the DOM.
import { type KeyboardEvent as ReactKeyboardEvent, memo, useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  type CrisisFilter,
  type CrisisSummary,
  type SORTABLE_CRISIS_FIELDS,
  TEAMS,
  crisisOutcome,
  crisisStatus,
  crisisType,
} from '@shared/domain';
import { call, casebook } from '@renderer/lib/api';
import { useDebounced, useKeysetList } from '@renderer/lib/hooks';
import { isDay } from '@renderer/lib/time';
import { useFormat } from '@renderer/i18n/format';
import { useRemembered } from '@renderer/app/memory';
import { useNavigation } from '@renderer/app/navigation';
import { useSession } from '@renderer/app/session';
import { ErrorNotice, Kbd, PageHeader } from '@renderer/components/ui';
import { CrisisStatusBadge, OutcomeBadge, TeamTag } from '@renderer/components/badges';
import { IconPlus, IconSortAsc, IconSortDesc } from '@renderer/components/icons';
import { DateFilter, FilterSearch, FilterSelect, OptionFilter, useSearchShortcut } from '@renderer/components/filters';

type SortField = (typeof SORTABLE_CRISIS_FIELDS)[number];

export interface CrisisListState {
  text: string;
  teamSlug: string;
  type: string;
  outcome: string;
  status: string;
  from: string;
  to: string;
  sort: { field: SortField; direction: 'asc' | 'desc' };
}

const INITIAL: CrisisListState = {
  text: '',
  teamSlug: '',
  type: '',
  outcome: '',
  status: '',
  from: '',
  to: '',
  sort: { field: 'startedAt', direction: 'desc' },
};

const COLUMNS: readonly { id: string; sort?: SortField; align?: 'end' }[] = [
  { id: 'reference', sort: 'reference' },
  { id: 'startedAt', sort: 'startedAt' },
  { id: 'teamSlug', sort: 'teamSlug' },
  { id: 'type', sort: 'type' },
  { id: 'municipality' },
  { id: 'hostages', align: 'end' },
  { id: 'outcome', sort: 'outcome' },
  { id: 'status' },
];

const ROW_HEIGHT = 36;

function toFilter(state: CrisisListState, text: string): CrisisFilter {
  const filter: Record<string, string> = {};
  if (state.teamSlug) filter.teamSlug = state.teamSlug;
  if (state.type) filter.type = state.type;
  if (state.outcome) filter.outcome = state.outcome;
  if (state.status) filter.status = state.status;
  if (isDay(state.from)) filter.from = state.from;
  if (isDay(state.to)) filter.to = state.to;
  if (text.trim()) filter.text = text.trim();
  return filter as CrisisFilter;
}

export function CrisisList() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { navigate } = useNavigation();
  // A member works in one team; main lists only that team's crises.
  const ownTeam = useSession().teamSlug;
  const [state, setState] = useRemembered<CrisisListState>('crises.list', INITIAL);
  const text = useDebounced(state.text, 250);
  const filter = useMemo(() => toFilter(state, text), [state, text]);
  const key = JSON.stringify({ filter, sort: state.sort });
  const fetchPage = useCallback(
    (after: string | null, limit: number) =>
      call(casebook().crises.list({ filter, sort: state.sort, limit, after })),
    [filter, state.sort],
  );
  const list = useKeysetList<CrisisSummary>(key, fetchPage);
  const searchRef = useRef<HTMLInputElement>(null);
  const ids = useId();

  const set = <K extends keyof CrisisListState>(name: K, value: CrisisListState[K]) =>
    setState((previous) => ({ ...previous, [name]: value }));
  const filtered = Boolean(
    state.text || state.teamSlug || state.type || state.outcome || state.status || state.from || state.to,
  );

  useSearchShortcut(searchRef, { typing: 'input, textarea, select, [contenteditable="true"]', select: true });

  return (
    <div className="screen screen-list">
      <PageHeader
        title={t('crises.title')}
        subtitle={ownTeam ? t('crises.subtitleTeam', { team: t(`team.${ownTeam}`) }) : t('crises.subtitle')}
        actions={
          <button type="button" className="btn btn-primary" onClick={() => navigate({ name: 'crisisNew' })} aria-keyshortcuts="Control+N">
            <IconPlus />
            {t('crises.new')}
            <Kbd>Ctrl N</Kbd>
          </button>
        }
      />
      <section className="toolbar" aria-label={t('crises.filters')}>
        <div className="toolbar-row">
        <FilterSearch
          id={`${ids}-q`}
          label={t('crises.search')}
          placeholder={t('crises.searchPlaceholder')}
          value={state.text}
          onChange={(v) => set('text', v)}
          inputRef={searchRef}
          keyShortcuts="Control+F"
        />
        <button type="button" className="btn btn-ghost" disabled={!filtered} onClick={() => setState({ ...INITIAL, sort: state.sort })}>
          {t('crises.clearFilters')}
        </button>
        </div>
        <div className="toolbar-row">
        <FilterSelect id={`${ids}-team`} label={t('crises.team')} value={state.teamSlug} onChange={(v) => set('teamSlug', v)}>
          <option value="">{ownTeam ? t(`team.${ownTeam}`) : t('crises.allTeams')}</option>
          {TEAMS.filter((team) => !ownTeam || team.slug === ownTeam).map((team) => (
            <option key={team.slug} value={team.slug}>
              {t(`team.${team.slug}`)}
            </option>
          ))}
        </FilterSelect>
        <OptionFilter
          id={`${ids}-type`}
          label={t('crises.type')}
          value={state.type}
          onChange={(v) => set('type', v)}
          allLabel={t('crises.allTypes')}
          options={crisisType.options}
          optionLabel={(value) => t(`crisisType.${value}`)}
        />
        <OptionFilter
          id={`${ids}-outcome`}
          label={t('crises.outcome')}
          value={state.outcome}
          onChange={(v) => set('outcome', v)}
          allLabel={t('crises.allOutcomes')}
          options={crisisOutcome.options}
          optionLabel={(value) => t(`outcome.${value}`)}
        />
        <OptionFilter
          id={`${ids}-status`}
          label={t('crises.status')}
          value={state.status}
          onChange={(v) => set('status', v)}
          allLabel={t('crises.allStatuses')}
          options={crisisStatus.options}
          optionLabel={(value) => t(`crisisStatus.${value}`)}
        />
        <DateFilter id={`${ids}-from`} label={t('crises.from')} value={state.from} max={state.to || undefined} onChange={(v) => set('from', v)} />
        <DateFilter id={`${ids}-to`} label={t('crises.to')} value={state.to} min={state.from || undefined} onChange={(v) => set('to', v)} />
        </div>
      </section>
      <div className="list-meta">
        <span className="list-count" role="status" data-testid="crisis-count">
          {list.total === null ? t('app.loading') : t('crises.count', { count: list.total, formatted: fmt.number(list.total) })}
        </span>
        <span className="list-hint">{t('crises.openHint')}</span>
      </div>
      {list.error ? <ErrorNotice error={list.error} /> : null}
      <CrisisGrid
        rows={list.rows}
        total={list.total ?? 0}
        loading={list.total === null}
        ensure={list.ensure}
        sort={state.sort}
        onSort={(field) =>
          set('sort', {
            field,
            direction: state.sort.field === field && state.sort.direction === 'desc' ? 'asc' : state.sort.field === field ? 'desc' : field === 'startedAt' ? 'desc' : 'asc',
          })
        }
        onOpen={(row) => navigate({ name: 'crisis', id: row.id })}
        emptyText={filtered ? t('crises.empty') : t('crises.emptyStore')}
        resetKey={key}
      />
    </div>
  );
}

function CrisisGrid({
  rows,
  total,
  loading,
  ensure,
  sort,
  onSort,
  onOpen,
  emptyText,
  resetKey,
}: {
  rows: readonly CrisisSummary[];
  total: number;
  loading: boolean;
  ensure: (index: number) => void;
  sort: CrisisListState['sort'];
  onSort: (field: SortField) => void;
  onOpen: (row: CrisisSummary) => void;
  emptyText: string;
  resetKey: string;
}) {
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const gridId = useId();
  // The rows start below the sticky header, inside the same scroller: the virtualizer must know,
  // or a row scrolled to the bottom edge ends up behind it and one scrolled to the top under the header.
  const bodyRef = useRef<HTMLDivElement>(null);
  const [headerHeight, setHeaderHeight] = useState(0);
  // Measured once: the header's height is fixed in the style sheet.
  useLayoutEffect(() => setHeaderHeight(bodyRef.current?.offsetTop ?? 0), []);
  // TanStack Virtual keeps its own mutable state; the React Compiler leaves this component alone.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    // Rows render in React's own task after the scroll, not synchronously inside its event, so
    // scrolling and rendering no longer share one long frame; the 12 rows of overscan cover a
    // wheel step (240 px) meanwhile.
    useFlushSync: false,
    scrollMargin: headerHeight,
    scrollPaddingStart: headerHeight,
  });
  const items = virtualizer.getVirtualItems();
  const last = items.length ? (items[items.length - 1]?.index ?? 0) : 0;

  useEffect(() => {
    ensure(Math.max(last, active));
  }, [last, active, ensure]);

  useEffect(() => {
    setActive(0);
    scrollRef.current?.scrollTo({ top: 0 });
  }, [resetKey]);

  const move = (index: number) => {
    if (total === 0) return;
    const next = Math.max(0, Math.min(total - 1, index));
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  /** The active row, or the first row in view when the wheel has scrolled the active one away. */
  const keyboardOrigin = (): number => {
    const scroller = scrollRef.current;
    if (!scroller) return active;
    // Rows sit below the sticky header, so row i is fully in view from scrollTop = i * ROW_HEIGHT.
    const firstInView = Math.ceil(scroller.scrollTop / ROW_HEIGHT);
    const lastInView = Math.floor((scroller.scrollTop + scroller.clientHeight - headerHeight) / ROW_HEIGHT) - 1;
    return active >= firstInView && active <= lastInView ? active : Math.min(firstInView, Math.max(0, total - 1));
  };

  const onKeyDown = (event: ReactKeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget) return;
    const rowsInView = Math.floor(((scrollRef.current?.clientHeight ?? 400) - headerHeight) / ROW_HEIGHT);
    const page = Math.max(1, rowsInView - 1);
    // Moves start where the person is looking: jumping back to a row scrolled far away would
    // lose their place (and redraw every row on screen).
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(keyboardOrigin() + 1),
      ArrowUp: () => move(keyboardOrigin() - 1),
      PageDown: () => move(keyboardOrigin() + page),
      PageUp: () => move(keyboardOrigin() - page),
      Home: () => move(0),
      End: () => move(total - 1),
      Enter: () => {
        const row = rows[active];
        if (row) onOpen(row);
      },
    };
    const action = keys[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  };

  // One handler for every row, so a memoised row renders again only when its own props change.
  const onOpenRef = useRef(onOpen);
  useEffect(() => {
    onOpenRef.current = onOpen;
  });
  const activate = useCallback((index: number, row: CrisisSummary) => {
    setActive(index);
    onOpenRef.current(row);
  }, []);

  const activeRow = active < rows.length && total > 0 ? `${gridId}-row-${active}` : undefined;

  return (
    <div
      ref={scrollRef}
      className="grid grid-crises"
      role="grid"
      aria-label={t('crises.tableLabel')}
      aria-rowcount={total + 1}
      aria-colcount={COLUMNS.length}
      aria-busy={loading || undefined}
      aria-activedescendant={activeRow}
      tabIndex={0}
      onKeyDown={onKeyDown}
    >
      <div role="rowgroup" className="grid-head">
        <div role="row" aria-rowindex={1} className="grid-row grid-header-row">
          {COLUMNS.map((column) => {
            const sorted = column.sort && sort.field === column.sort;
            const label = t(`crises.column.${column.id}`);
            return (
              <div
                key={column.id}
                role="columnheader"
                className={`grid-cell${column.align === 'end' ? ' cell-end' : ''}`}
                aria-sort={sorted ? (sort.direction === 'asc' ? 'ascending' : 'descending') : column.sort ? 'none' : undefined}
              >
                {column.sort ? (
                  <button type="button" className="sort-button" onClick={() => column.sort && onSort(column.sort)} title={t('crises.sortBy', { column: label })}>
                    {label}
                    {sorted ? sort.direction === 'asc' ? <IconSortAsc /> : <IconSortDesc /> : null}
                  </button>
                ) : (
                  label
                )}
              </div>
            );
          })}
        </div>
      </div>
      <div ref={bodyRef} role="rowgroup" className="grid-body" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const row = rows[item.index];
          const top = item.start - headerHeight; // the virtualizer counts from the scroller's top
          const style = { transform: `translateY(${top}px)`, height: ROW_HEIGHT };
          if (!row) {
            return (
              <div key={item.key} role="row" aria-rowindex={item.index + 2} className="grid-row grid-row-placeholder" style={style}>
                <div role="gridcell" className="grid-cell">
                  <span className="skeleton" aria-hidden="true" />
                  <span className="sr-only">{t('crises.loadingRow')}</span>
                </div>
              </div>
            );
          }
          return (
            <CrisisRow
              key={row.id}
              row={row}
              index={item.index}
              top={top}
              active={item.index === active}
              domId={`${gridId}-row-${item.index}`}
              onActivate={activate}
            />
          );
        })}
        {!loading && total === 0 ? (
          <div role="row" aria-rowindex={2} className="grid-empty-row">
            <div role="gridcell" className="grid-empty">
              {emptyText}
            </div>
          </div>
        ) : null}
      </div>
    </div>
  );
}

/**
 * One crisis in the grid. Memoised: a scroll step renders only the rows that came into view, not
 * the forty or so already on screen (each with three translated badges).
 */
const CrisisRow = memo(function CrisisRow({
  row,
  index,
  top,
  active,
  domId,
  onActivate,
}: {
  row: CrisisSummary;
  index: number;
  /** Offset from the top of the grid's body, in pixels. */
  top: number;
  active: boolean;
  domId: string;
  onActivate: (index: number, row: CrisisSummary) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <div
      id={domId}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={active}
      className={`grid-row${active ? ' active' : ''}`}
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}
      data-crisis-id={row.id}
      onClick={() => onActivate(index, row)}
    >
      <div role="gridcell" className="grid-cell cell-mono">
        {row.reference}
      </div>
      <div role="gridcell" className="grid-cell cell-num">
        {fmt.dateTime(row.startedAt)}
      </div>
      <div role="gridcell" className="grid-cell">
        <TeamTag slug={row.teamSlug} />
      </div>
      <div role="gridcell" className="grid-cell">
        {t(`crisisType.${row.type}`)}
      </div>
      <div role="gridcell" className="grid-cell cell-truncate">
        {row.municipality || <span className="muted">{t('app.none')}</span>}
      </div>
      <div role="gridcell" className="grid-cell cell-end cell-num">
        {row.hostages > 0 ? (
          t('crises.hostagesCell', { released: fmt.number(row.hostagesReleased), total: fmt.number(row.hostages) })
        ) : (
          <span className="muted">{t('app.none')}</span>
        )}
      </div>
      <div role="gridcell" className="grid-cell">
        <OutcomeBadge outcome={row.outcome} />
      </div>
      <div role="gridcell" className="grid-cell">
        <CrisisStatusBadge status={row.status} />
      </div>
    </div>
  );
});
