// One crisis. While it is open, the log keeper's live view: a clock since the start, quick
// entry of log events (Alt+1…7), a counter of hostages released built from the log, and
// closing with an outcome. Once closed, the log reads as a timeline.
import { type FormEvent, type ReactNode, useCallback, useEffect, useId, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import {
  type Crisis,
  type CrisisOutcome,
  type LogEntry,
  type LogEntryKind,
  crisisClose,
  crisisOutcome,
  logEntryEdit,
  logEntryInput,
  logEntryKind,
} from '@shared/domain';
import { call, casebook, isApiError } from '@renderer/lib/api';
import { useLoad, useNow } from '@renderer/lib/hooks';
import { fromLocalInput, nowLocalInput, splitDuration, toLocalInput } from '@renderer/lib/time';
import { issueKey } from '@renderer/lib/validation';
import { useFormat } from '@renderer/i18n/format';
import { useNavigation } from '@renderer/app/navigation';
import { useAnnounce } from '@renderer/app/memory';
import { Alert, Badge, EnumOptions, ErrorNotice, Field, Kbd, Loading, Modal, PageHeader, describeError } from '@renderer/components/ui';
import { CrisisStatusBadge, OutcomeBadge, TeamTag } from '@renderer/components/badges';
import { IconBack, IconClock } from '@renderer/components/icons';
import { DateTimeInput } from '@renderer/components/dateFields';
import { DebriefCard, IncidentReportCard } from './CrisisDebrief';

const KINDS = logEntryKind.options;

type FieldErrorMap = Partial<Record<string, string>>;

/** The shared schema's issues, keyed by field, as catalogue keys. */
function errorsFrom(result: { success: boolean; error?: { issues: { path: PropertyKey[]; code: string; message: string }[] } }): FieldErrorMap {
  const map: FieldErrorMap = {};
  for (const issue of result.error?.issues ?? []) {
    const path = issue.path.map(String).join('.');
    // Custom rule messages are already keys; zod's own issues are turned into keys.
    map[path] ??= /^[a-z_]+$/.test(issue.message) ? issue.message : issueKey(issue as never);
  }
  return map;
}

export function CrisisView({ id }: { id: string }) {
  const crisis = useLoad(() => call(casebook().crises.get({ id })), [id]);
  const log = useLoad(() => call(casebook().crisisLog.list({ crisisId: id })), [id]);
  const reloadCrisis = crisis.reload;
  const reloadLog = log.reload;
  const reload = useCallback(() => {
    reloadCrisis();
    reloadLog();
  }, [reloadCrisis, reloadLog]);

  if ((crisis.loading && !crisis.data) || (log.loading && !log.data)) return <Loading />;
  if (crisis.error) return <ErrorNotice error={crisis.error} onRetry={crisis.reload} />;
  if (log.error) return <ErrorNotice error={log.error} onRetry={log.reload} />;
  if (!crisis.data || !log.data) return <Loading />;
  return <CrisisDetail crisis={crisis.data} entries={log.data} reload={reload} />;
}

function CrisisDetail({ crisis, entries, reload }: { crisis: Crisis; entries: LogEntry[]; reload: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { navigate } = useNavigation();
  const [closing, setClosing] = useState(false);
  const open = crisis.status === 'open';
  const releaseEntries = entries.filter((entry) => entry.kind === 'release');
  const releasedFromLog = releaseEntries.reduce((sum, entry) => sum + entry.releasedCount, 0);
  const released = releaseEntries.length > 0 ? releasedFromLog : crisis.hostagesReleased;

  return (
    <div className="screen screen-crisis" data-crisis-status={crisis.status}>
      <PageHeader
        eyebrow={
          <button type="button" className="link-button" onClick={() => navigate({ name: 'crises' })}>
            <IconBack />
            {t('crisis.backToList')}
          </button>
        }
        title={
          <span className="title-with-badges">
            <span className="cell-mono">{crisis.reference}</span>
            <CrisisStatusBadge status={crisis.status} />
            {crisis.outcome ? <OutcomeBadge outcome={crisis.outcome} /> : null}
          </span>
        }
        subtitle={
          <>
            {t(`crisisType.${crisis.type}`)} · <TeamTag slug={crisis.teamSlug} />
            {crisis.municipality ? ` · ${crisis.municipality}` : ''}
          </>
        }
        actions={
          <>
            <button type="button" className="btn" onClick={() => navigate({ name: 'crisisEdit', id: crisis.id })}>
              {t('crisis.edit')}
            </button>
            {open ? (
              <button type="button" className="btn btn-danger" onClick={() => setClosing(true)}>
                {t('crisis.close')}
              </button>
            ) : null}
          </>
        }
      />
      <div className="crisis-layout">
        <div className="crisis-main">
          {open ? (
            <>
              <div className="live-strip">
                <LiveClock startedAt={crisis.startedAt} />
                {crisis.hostages > 0 || released > 0 ? (
                  <div className="stat-tile stat-released" data-testid="released-counter">
                    <span className="stat-label">{t('crisis.hostagesReleased')}</span>
                    <span className="stat-value">
                      <span data-testid="released-value">{fmt.number(released)}</span>
                      <span className="stat-of"> {t('crisis.releasedOf', { total: fmt.number(crisis.hostages) })}</span>
                    </span>
                    <progress className="released-progress" max={Math.max(1, crisis.hostages)} value={released} aria-label={t('crisis.hostagesReleased')} />
                    <span className="stat-note">{t('crisis.remaining', { count: Math.max(0, crisis.hostages - released) })}</span>
                  </div>
                ) : (
                  <div className="stat-tile">
                    <span className="stat-label">{t('crisis.liveTitle')}</span>
                    <span className="stat-value">{t('crisis.totalEntries', { count: entries.length })}</span>
                    <span className="stat-note">
                      {entries.length > 0 ? t('crisis.lastEntry', { time: fmt.timeSeconds(entries[entries.length - 1]!.at) }) : t('crisis.emptyLog')}
                    </span>
                  </div>
                )}
              </div>
              <QuickEntry crisis={crisis} releasedSoFar={released} onAppended={reload} />
              <section className="card" aria-labelledby="log-title">
                <div className="card-header">
                  <h2 id="log-title">{t('crisis.liveTitle')}</h2>
                  <span className="muted">{t('crisis.totalEntries', { count: entries.length })}</span>
                </div>
                <LogList entries={[...entries].reverse()} editable onChanged={reload} />
              </section>
            </>
          ) : (
            <section className="card" aria-labelledby="log-title">
              <div className="card-header">
                <h2 id="log-title">{t('crisis.timelineTitle')}</h2>
                <span className="muted">{t('crisis.totalEntries', { count: entries.length })}</span>
              </div>
              <Alert tone="info">{t('crisis.closedNotice')}</Alert>
              <Timeline entries={entries} startedAt={crisis.startedAt} endedAt={crisis.endedAt} outcome={crisis.outcome} />
            </section>
          )}
          {open ? null : <DebriefCard crisis={crisis} />}
        </div>
        <CrisisFacts crisis={crisis} released={released} />
      </div>
      {closing ? (
        <CloseDialog
          crisis={crisis}
          released={released}
          onCancel={() => setClosing(false)}
          onClosed={() => {
            setClosing(false);
            reload();
          }}
        />
      ) : null}
    </div>
  );
}

function LiveClock({ startedAt }: { startedAt: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const now = useNow(1000);
  const { days, clock } = splitDuration(now - Date.parse(startedAt));
  return (
    <div className="stat-tile stat-clock">
      <span className="stat-label">
        <IconClock /> {t('crisis.elapsed')}
        <Badge tone="live">{t('crisis.liveBadge')}</Badge>
      </span>
      <span className="stat-value clock" role="timer" aria-live="off">
        {days > 0 ? `${t('crisis.elapsedDays', { count: days })} ` : ''}
        {clock}
      </span>
      <span className="stat-note">
        {t('crisis.startedAt')}: {fmt.dateTime(startedAt)}
      </span>
    </div>
  );
}

function QuickEntry({ crisis, releasedSoFar, onAppended }: { crisis: Crisis; releasedSoFar: number; onAppended: () => void }) {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const ids = useId();
  const [kind, setKind] = useState<LogEntryKind>('note');
  const [at, setAt] = useState(() => nowLocalInput(true));
  const [text, setText] = useState('');
  const [count, setCount] = useState('1');
  const [errors, setErrors] = useState<FieldErrorMap>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const textRef = useRef<HTMLInputElement>(null);
  const countRef = useRef<HTMLInputElement>(null);

  const choose = useCallback((next: LogEntryKind) => {
    // Rendered at once, so the field has the focus before the next key arrives.
    flushSync(() => {
      setKind(next);
      setAt(nowLocalInput(true));
      setErrors({});
    });
    (next === 'release' ? countRef.current : textRef.current)?.focus();
    if (next === 'release') countRef.current?.select();
  }, []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      const digit = /^Digit([1-7])$/.exec(event.code);
      if (!digit || document.querySelector('dialog[open]')) return;
      const next = KINDS[Number(digit[1]) - 1];
      if (next) {
        event.preventDefault();
        choose(next);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [choose]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const input = {
      crisisId: crisis.id,
      kind,
      at: fromLocalInput(at),
      text,
      releasedCount: kind === 'release' ? (count.trim() === '' ? Number.NaN : Number(count)) : 0,
    };
    const parsed = logEntryInput.safeParse(input);
    const found = errorsFrom(parsed);
    if (parsed.success && kind === 'release' && releasedSoFar + parsed.data.releasedCount > crisis.hostages) {
      found.releasedCount = 'released_exceeds_hostages';
    }
    setErrors(found);
    setFailure(null);
    if (!parsed.success || Object.keys(found).length) return;
    setBusy(true);
    try {
      await call(casebook().crisisLog.append(parsed.data));
      announce(t('crisis.appended', { kind: t(`logKind.${kind}`) }));
      setText('');
      setCount('1');
      setAt(nowLocalInput(true));
      onAppended();
      textRef.current?.focus();
    } catch (error) {
      if (isApiError(error) && error.issues.length) {
        const map: FieldErrorMap = {};
        for (const issue of error.issues) {
          const path = issue.path.replace(/^entry\./, '');
          map[path === 'hostagesReleased' ? 'releasedCount' : path] = issue.message;
        }
        setErrors(map);
        if (!map.releasedCount && !map.at && !map.text) setFailure(error);
      } else {
        setFailure(error);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card quick-entry" aria-labelledby={`${ids}-title`}>
      <div className="card-header">
        <h2 id={`${ids}-title`}>{t('crisis.quickEntry')}</h2>
        <span className="muted">{t('crisis.shortcutsHint')}</span>
      </div>
      <form onSubmit={submit} noValidate>
        <fieldset className="kind-picker">
          <legend className="sr-only">{t('crisis.entryKind')}</legend>
          {KINDS.map((value, index) => (
            <label key={value} className={`kind-option${kind === value ? ' checked' : ''}`}>
              <input
                type="radio"
                name={`${ids}-kind`}
                value={value}
                checked={kind === value}
                aria-keyshortcuts={`Alt+${index + 1}`}
                onChange={() => choose(value)}
              />
              <span className="kind-label">{t(`logKind.${value}`)}</span>
              <Kbd>Alt {index + 1}</Kbd>
            </label>
          ))}
        </fieldset>
        <div className="quick-entry-fields">
          <Field label={t('crisis.entryAt')} error={errors.at} className="field-at">
            <DateTimeInput granularity="second" value={at} onChange={setAt} />
          </Field>
          <button type="button" className="btn btn-small btn-now" onClick={() => setAt(nowLocalInput(true))}>
            {t('crisis.entryNow')}
          </button>
          {kind === 'release' ? (
            <Field label={t('crisis.entryCount')} error={errors.releasedCount} className="field-count">
              <input
                ref={countRef}
                type="number"
                min={1}
                step={1}
                inputMode="numeric"
                value={count}
                onChange={(event) => setCount(event.target.value)}
              />
            </Field>
          ) : null}
          <Field label={t('crisis.entryText')} error={errors.text} className="field-text">
            <input ref={textRef} type="text" maxLength={5000} value={text} onChange={(event) => setText(event.target.value)} />
          </Field>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {t('crisis.append')}
          </button>
        </div>
        {failure ? <Alert>{describeError(t, failure)}</Alert> : null}
      </form>
    </section>
  );
}

function entrySummary(t: ReturnType<typeof useTranslation>['t'], entry: LogEntry): string {
  return entry.kind === 'release' ? t('crisis.releasedEntry', { count: entry.releasedCount }) : t(`logKind.${entry.kind}`);
}

const KIND_TONE: Record<LogEntryKind, 'neutral' | 'info' | 'success' | 'warning' | 'danger'> = {
  contact_established: 'info',
  demand: 'warning',
  deadline: 'danger',
  concession: 'info',
  release: 'success',
  surrender: 'success',
  note: 'neutral',
};

function LogList({ entries, editable, onChanged }: { entries: LogEntry[]; editable: boolean; onChanged: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [editing, setEditing] = useState<LogEntry | null>(null);
  const [removing, setRemoving] = useState<LogEntry | null>(null);
  if (entries.length === 0) return <p className="empty-note">{t('crisis.emptyLog')}</p>;
  return (
    <>
      <ol className="log-list">
        {entries.map((entry) => (
          <li key={entry.id} className={`log-entry log-${entry.kind}`}>
            <time className="log-time cell-num" dateTime={entry.at}>
              {fmt.timeSeconds(entry.at)}
              <span className="log-date">{fmt.day(toLocalInput(entry.at).slice(0, 10))}</span>
            </time>
            <div className="log-body">
              <div className="log-head">
                <Badge tone={KIND_TONE[entry.kind]}>{entrySummary(t, entry)}</Badge>
                <span className="log-by muted">{t('crisis.by', { name: entry.createdBy })}</span>
              </div>
              {entry.text ? <p className="log-text">{entry.text}</p> : null}
            </div>
            {editable ? (
              <div className="log-actions">
                <button type="button" className="btn btn-small btn-ghost" onClick={() => setEditing(entry)}>
                  {t('crisis.editEntry')}
                </button>
                <button type="button" className="btn btn-small btn-ghost" onClick={() => setRemoving(entry)}>
                  {t('crisis.removeEntry')}
                </button>
              </div>
            ) : null}
          </li>
        ))}
      </ol>
      {editing ? (
        <EditEntryDialog
          entry={editing}
          onCancel={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            onChanged();
          }}
        />
      ) : null}
      {removing ? (
        <RemoveEntryDialog
          entry={removing}
          onCancel={() => setRemoving(null)}
          onRemoved={() => {
            setRemoving(null);
            onChanged();
          }}
        />
      ) : null}
    </>
  );
}

function EditEntryDialog({ entry, onCancel, onSaved }: { entry: LogEntry; onCancel: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [at, setAt] = useState(() => toLocalInput(entry.at, true));
  const [text, setText] = useState(entry.text);
  const [count, setCount] = useState(String(entry.releasedCount));
  const [errors, setErrors] = useState<FieldErrorMap>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const formId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = logEntryEdit.safeParse({
      id: entry.id,
      at: fromLocalInput(at),
      text,
      releasedCount: entry.kind === 'release' ? Number(count || Number.NaN) : 0,
    });
    const found = errorsFrom(parsed);
    if (parsed.success && entry.kind === 'release' && parsed.data.releasedCount < 1) found.releasedCount = 'release_needs_count';
    setErrors(found);
    if (!parsed.success || Object.keys(found).length) return;
    setBusy(true);
    try {
      await call(casebook().crisisLog.edit(parsed.data));
      onSaved();
    } catch (error) {
      setBusy(false);
      if (isApiError(error) && error.issues.length) {
        setErrors(Object.fromEntries(issuesFromIssues(error.issues)));
      } else setFailure(error);
    }
  };

  return (
    <Modal
      title={`${t('crisis.editEntry')}: ${t(`logKind.${entry.kind}`)}`}
      onClose={onCancel}
      footer={
        <>
          <button type="button" className="btn" onClick={onCancel}>
            {t('app.cancel')}
          </button>
          <button type="submit" form={formId} className="btn btn-primary" disabled={busy}>
            {busy ? t('app.saving') : t('app.save')}
          </button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} noValidate className="form-stack">
        <Field label={t('crisis.entryAt')} error={errors.at}>
          <DateTimeInput granularity="second" value={at} autoFocus onChange={setAt} />
        </Field>
        {entry.kind === 'release' ? (
          <Field label={t('crisis.entryCount')} error={errors.releasedCount}>
            <input type="number" min={1} step={1} value={count} onChange={(event) => setCount(event.target.value)} />
          </Field>
        ) : null}
        <Field label={t('crisis.entryText')} error={errors.text}>
          <textarea rows={3} maxLength={5000} value={text} onChange={(event) => setText(event.target.value)} />
        </Field>
        {failure ? <Alert>{describeError(t, failure)}</Alert> : null}
      </form>
    </Modal>
  );
}

function issuesFromIssues(issues: { path: string; message: string }[]): [string, string][] {
  return issues.map((issue) => [issue.path === 'hostagesReleased' ? 'releasedCount' : issue.path, issue.message]);
}

function RemoveEntryDialog({ entry, onCancel, onRemoved }: { entry: LogEntry; onCancel: () => void; onRemoved: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const remove = async () => {
    setBusy(true);
    try {
      await call(casebook().crisisLog.remove({ id: entry.id }));
      onRemoved();
    } catch (error) {
      setBusy(false);
      setFailure(error);
    }
  };
  return (
    <Modal
      title={t('crisis.removeEntry')}
      onClose={onCancel}
      footer={
        <>
          <button type="button" className="btn" onClick={onCancel} autoFocus>
            {t('app.cancel')}
          </button>
          <button type="button" className="btn btn-danger" onClick={remove} disabled={busy}>
            {t('crisis.remove')}
          </button>
        </>
      }
    >
      <p>{t('crisis.confirmRemove', { kind: t(`logKind.${entry.kind}`), time: fmt.timeSeconds(entry.at) })}</p>
      {failure ? <Alert>{describeError(t, failure)}</Alert> : null}
    </Modal>
  );
}

type TimelineItem =
  | { kind: 'start'; at: string }
  | { kind: 'end'; at: string }
  | { kind: 'entry'; at: string; entry: LogEntry };

function Timeline({
  entries,
  startedAt,
  endedAt,
  outcome,
}: {
  entries: LogEntry[];
  startedAt: string;
  endedAt: string | null;
  outcome: CrisisOutcome | null;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  // One chronological line: the start, every entry, the end (late entries may follow it).
  const items: TimelineItem[] = [
    { kind: 'start', at: startedAt },
    ...entries.map((entry) => ({ kind: 'entry' as const, at: entry.at, entry })),
    ...(endedAt ? [{ kind: 'end' as const, at: endedAt }] : []),
  ];
  const rank = { start: 0, entry: 1, end: 2 };
  items.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || rank[a.kind] - rank[b.kind]);
  const offset = (at: string) => {
    const { days, clock } = splitDuration(Date.parse(at) - Date.parse(startedAt));
    return `+${days > 0 ? `${t('crisis.elapsedDays', { count: days })} ` : ''}${clock}`;
  };
  return (
    <ol className="timeline">
      {items.map((item) => {
        if (item.kind === 'start') {
          return (
            <li key="start" className="timeline-item timeline-start">
              <time className="timeline-time cell-num" dateTime={item.at}>
                {fmt.dateTimeSeconds(item.at)}
              </time>
              <div className="timeline-body">
                <strong>{t('crisis.startedAt')}</strong>
              </div>
            </li>
          );
        }
        if (item.kind === 'end') {
          return (
            <li key="end" className="timeline-item timeline-end">
              <time className="timeline-time cell-num" dateTime={item.at}>
                {fmt.dateTimeSeconds(item.at)}
                <span className="timeline-offset muted">{offset(item.at)}</span>
              </time>
              <div className="timeline-body">
                <strong>{t('crisis.endedAt')}</strong> <OutcomeBadge outcome={outcome} />
              </div>
            </li>
          );
        }
        const { entry } = item;
        return (
          <li key={entry.id} className={`timeline-item log-${entry.kind}`}>
            <time className="timeline-time cell-num" dateTime={entry.at}>
              {fmt.dateTimeSeconds(entry.at)}
              <span className="timeline-offset muted">{offset(entry.at)}</span>
            </time>
            <div className="timeline-body">
              <Badge tone={KIND_TONE[entry.kind]}>{entrySummary(t, entry)}</Badge>
              {entry.text ? <p className="log-text">{entry.text}</p> : null}
              <span className="log-by muted">{t('crisis.by', { name: entry.createdBy })}</span>
            </div>
          </li>
        );
      })}
    </ol>
  );
}

function CrisisFacts({ crisis, released }: { crisis: Crisis; released: number }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const duration = crisis.endedAt ? splitDuration(Date.parse(crisis.endedAt) - Date.parse(crisis.startedAt)) : null;
  const rows: [string, ReactNode][] = [
    [t('crisis.team'), <TeamTag key="team" slug={crisis.teamSlug} />],
    [t('crisis.type'), t(`crisisType.${crisis.type}`)],
    [t('crisis.startedAt'), fmt.dateTime(crisis.startedAt)],
    [t('crisis.endedAt'), crisis.endedAt ? fmt.dateTime(crisis.endedAt) : t('app.none')],
    ...(duration ? ([[t('crisis.elapsed'), `${duration.days > 0 ? `${t('crisis.elapsedDays', { count: duration.days })} ` : ''}${duration.clock}`]] as [string, string][]) : []),
    [t('crisis.municipality'), crisis.municipality || t('app.none')],
    [t('crisis.location'), crisis.locationNote || t('app.none')],
    [t('crisis.subjects'), fmt.number(crisis.subjects)],
    [t('crisis.hostagesReleased'), `${fmt.number(released)} ${t('crisis.releasedOf', { total: fmt.number(crisis.hostages) })}`],
    [t('crisis.suicidesPrevented'), fmt.number(crisis.suicidesPrevented)],
    [t('crisis.weapons'), t(`weapons.${crisis.weapons}`)],
    [t('crisis.outcome'), <OutcomeBadge key="outcome" outcome={crisis.outcome} />],
  ];
  return (
    <aside className="crisis-aside">
      <IncidentReportCard key={`${crisis.id}-${crisis.version}`} crisis={crisis} />
      <section className="card" aria-labelledby="facts-title">
        <div className="card-header">
          <h2 id="facts-title">{t('crisis.facts')}</h2>
        </div>
        <dl className="facts">
          {rows.map(([label, value]) => (
            <div key={label} className="fact">
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section className="card" aria-labelledby="deployed-title">
        <div className="card-header">
          <h2 id="deployed-title">{t('crisis.deployed')}</h2>
        </div>
        {crisis.deployments.length === 0 ? (
          <p className="empty-note">{t('crisis.noDeployed')}</p>
        ) : (
          <ul className="deployed-list">
            {crisis.deployments.map((deployment) => (
              <li key={`${deployment.memberId}-${deployment.role}`}>
                <span className="deployed-name">
                  {deployment.name}
                  {deployment.callSign ? <span className="muted"> · {deployment.callSign}</span> : null}
                </span>
                <span className="muted">{t(`deploymentRole.${deployment.role}`)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      {crisis.notes ? (
        <section className="card" aria-labelledby="notes-title">
          <div className="card-header">
            <h2 id="notes-title">{t('crisis.notes')}</h2>
          </div>
          <p className="notes-text">{crisis.notes}</p>
        </section>
      ) : null}
      <p className="record-meta muted">
        {t('crisis.createdBy', { name: crisis.createdBy, date: fmt.dateTime(crisis.createdAt) })}
        <br />
        {t('crisis.updatedBy', { name: crisis.updatedBy, date: fmt.dateTime(crisis.updatedAt) })}
      </p>
    </aside>
  );
}

function suggestedOutcome(crisis: Crisis, released: number): CrisisOutcome | '' {
  if (crisis.hostages > 0 && released >= crisis.hostages) return 'released';
  if (crisis.type === 'suicide_attempt') return 'talked_down';
  return '';
}

function CloseDialog({
  crisis,
  released,
  onCancel,
  onClosed,
}: {
  crisis: Crisis;
  released: number;
  onCancel: () => void;
  onClosed: () => void;
}) {
  const { t } = useTranslation();
  const formId = useId();
  const [outcome, setOutcome] = useState<CrisisOutcome | ''>(() => suggestedOutcome(crisis, released));
  const [endedAt, setEndedAt] = useState(() => nowLocalInput(true));
  const [errors, setErrors] = useState<FieldErrorMap>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input = { id: crisis.id, version: crisis.version, endedAt: fromLocalInput(endedAt), outcome: outcome || undefined };
    const parsed = crisisClose.safeParse(input);
    const found = errorsFrom(parsed);
    if (parsed.success && Date.parse(parsed.data.endedAt) < Date.parse(crisis.startedAt)) found.endedAt = 'ended_before_started';
    setErrors(found);
    if (!parsed.success || Object.keys(found).length) return;
    setBusy(true);
    try {
      await call(casebook().crises.close(parsed.data));
      onClosed();
    } catch (error) {
      setBusy(false);
      if (isApiError(error) && error.issues.length) {
        const map = Object.fromEntries(error.issues.map((issue) => [issue.path, issue.message]));
        setErrors(map);
        if (!map.endedAt && !map.outcome) setFailure(error);
      } else setFailure(error);
    }
  };

  return (
    <Modal
      title={t('crisis.closeTitle')}
      onClose={onCancel}
      footer={
        <>
          <button type="button" className="btn" onClick={onCancel}>
            {t('app.cancel')}
          </button>
          <button type="submit" form={formId} className="btn btn-danger" disabled={busy}>
            {t('crisis.closeConfirm')}
          </button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} noValidate className="form-stack">
        <p className="muted">{t('crisis.closeIntro')}</p>
        <Field label={t('crisis.outcome')} error={errors.outcome} required>
          <select value={outcome} autoFocus onChange={(event) => setOutcome(event.target.value as CrisisOutcome | '')}>
            <EnumOptions values={crisisOutcome.options} ns="outcome" placeholder />
          </select>
        </Field>
        <Field label={t('crisis.endedAt')} error={errors.endedAt} required>
          <DateTimeInput granularity="second" value={endedAt} onChange={setEndedAt} />
        </Field>
        {failure ? <Alert>{describeError(t, failure)}</Alert> : null}
      </form>
    </Modal>
  );
}
