// Import from spreadsheets (coordinators and admins): a CSV file or an Excel workbook of crises or
// hotline calls. Main shows the open dialog and checks the file on a thread of its own (a dry run:
// every row read, checked and written, then rolled back), so before anything is written the screen
// shows the columns read and ignored, the first rows as they will be stored, and every bad row by
// line, column and reason. Then the person imports all of it, only its valid rows, or nothing.
// Checking and importing show the share of the file done and can be cancelled; the store is then
// as it was. The screen asks main for the status while a step runs.
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { FieldIssue } from '@shared/errors';
import { type ImportKind, type ImportResult, type ImportStatus, IMPORT_KINDS } from '@shared/imports';
import { ApiError, call, casebook } from '@renderer/lib/api';
import { useAnnounce } from '@renderer/app/memory';
import { type Formatters, useFileSize, useFormat } from '@renderer/i18n/format';
import { Alert, ErrorNotice, PageHeader, describeError } from '@renderer/components/ui';
import { issueText } from './issueText';

/** How often the screen asks how far a running step has come. */
const STATUS_POLL_MS = 150;
const ISSUE_ROW_HEIGHT = 34;

function isRunning(status: Pick<ImportStatus, 'step'> | null): boolean {
  return status?.step === 'checking' || status?.step === 'importing';
}

/** The held file's status, asked for again and again while a step runs. */
function useImportStatus() {
  const [status, setStatus] = useState<ImportStatus | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    call(casebook().imports.status()).then(
      (current) => {
        if (!live) return;
        setStatus(current);
        setLoaded(true);
      },
      (error: unknown) => live && setFailure(error),
    );
    return () => {
      live = false;
    };
  }, []);
  const running = isRunning(status);
  useEffect(() => {
    if (!running) return;
    let live = true;
    let timer = 0;
    // Only the progress while the step runs; its reports once, when it has ended.
    const ask = () => {
      call(casebook().imports.progress())
        .then(async (running) => {
          if (!live) return;
          if (running && isRunning(running)) {
            setStatus((current) => (current && current.fileId === running.fileId ? { ...current, ...running } : current));
            timer = window.setTimeout(ask, STATUS_POLL_MS);
            return;
          }
          const ended = await call(casebook().imports.status());
          if (live) setStatus(ended);
        })
        .catch((error: unknown) => live && setFailure(error));
    };
    timer = window.setTimeout(ask, STATUS_POLL_MS);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [running]);
  return { status, setStatus, loaded, failure, setFailure };
}

export function ImportScreen() {
  const { t } = useTranslation();
  const format = useFormat();
  const size = useFileSize();
  const announce = useAnnounce();
  const ids = useId();
  const { status, setStatus, loaded, failure, setFailure } = useImportStatus();
  const [kind, setKind] = useState<ImportKind>('crises');
  const [onlyValidRows, setOnlyValidRows] = useState(false);
  const [requesting, setRequesting] = useState(false);
  const [closedDialog, setClosedDialog] = useState(false);
  const running = isRunning(status);

  // Say when a step ends, for those who do not watch the bar.
  const lastStep = useRef(status?.step);
  useEffect(() => {
    const step = status?.step;
    if (step && step !== lastStep.current && !isRunning(status)) announce(stepAnnouncement(t, format, status));
    lastStep.current = step;
  }, [status, announce, t, format]);

  const request = useCallback(
    async (work: () => Promise<ImportStatus | null>, decisionReset = false) => {
      // A new check asks again: "import nothing" is the default whenever something is bad.
      if (decisionReset) setOnlyValidRows(false);
      setRequesting(true);
      setFailure(null);
      try {
        setStatus(await work());
      } catch (error) {
        setFailure(error);
      } finally {
        setRequesting(false);
      }
    },
    [setFailure, setStatus],
  );

  const choose = () =>
    request(async () => {
      const opened = await call(casebook().imports.open({ kind }));
      setClosedDialog(!opened.opened);
      return opened.opened ? opened.status : status;
    }, true);
  const checkAs = (nextKind: ImportKind, sheet?: string) => {
    setKind(nextKind);
    if (!status || running) return;
    void request(() => call(casebook().imports.check({ fileId: status.fileId, kind: nextKind, ...(sheet ? { sheet } : {}) })), true);
  };
  const commit = () => status && request(() => call(casebook().imports.commit({ fileId: status.fileId, onlyValidRows })));
  const cancel = () => status && request(() => call(casebook().imports.cancel({ fileId: status.fileId })));
  const close = () => status && request(() => call(casebook().imports.close({ fileId: status.fileId })));

  const check = status?.check ?? null;
  const shownKind = status?.kind ?? kind;

  return (
    <div className="screen screen-import admin-stack">
      <PageHeader title={t('imports.title')} subtitle={t('imports.subtitle')} />
      {failure ? <ErrorNotice error={failure} /> : null}
      <section className="card" aria-labelledby={`${ids}-file`}>
        <div className="card-header">
          <h2 id={`${ids}-file`}>{t('imports.fileTitle')}</h2>
        </div>
        <div className="import-file">
          <fieldset className="segmented import-kind" disabled={running || requesting}>
            <legend>{t('imports.kindLabel')}</legend>
            {IMPORT_KINDS.map((value) => (
              <label key={value} className={`segment${shownKind === value ? ' checked' : ''}`}>
                <input
                  type="radio"
                  name={`${ids}-kind`}
                  value={value}
                  checked={shownKind === value}
                  onChange={() => checkAs(value, undefined)}
                />
                {t(`imports.kind.${value}`)}
              </label>
            ))}
          </fieldset>
          <div className="import-file-actions">
            <button type="button" className="btn btn-primary" onClick={() => void choose()} disabled={running || requesting || !loaded}>
              {status ? t('imports.chooseAnother') : t('imports.choose')}
            </button>
            {status && !running ? (
              <button type="button" className="btn" onClick={() => void close()} disabled={requesting}>
                {t('imports.closeFile')}
              </button>
            ) : null}
          </div>
          {status ? (
            <p className="import-file-name" data-testid="import-file">
              <strong>{status.fileName}</strong> <span className="muted">{size(status.byteLength)}</span>
            </p>
          ) : (
            <p className="muted">{closedDialog ? t('imports.dialogClosed') : t('imports.formats')}</p>
          )}
          {check && check.sheets.length > 1 ? (
            <label className="field import-sheet">
              <span className="field-label">{t('imports.sheet')}</span>
              <select value={status?.sheet ?? ''} disabled={running || requesting} onChange={(event) => checkAs(shownKind, event.target.value)}>
                {check.sheets.map((sheet) => (
                  <option key={sheet} value={sheet}>
                    {sheet}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
        </div>
      </section>

      {status && running ? <ProgressCard status={status} onCancel={() => void cancel()} disabled={requesting} /> : null}
      {status && !running ? <StepOutcome status={status} /> : null}
      {check && status && (status.step === 'checked' || status.step === 'cancelled' || status.step === 'importing') ? (
        <CheckReport
          report={check}
          decision={
            status.step === 'importing' ? null : (
              <Decision
                report={check}
                onlyValidRows={onlyValidRows}
                onChange={setOnlyValidRows}
                onImport={() => void commit()}
                disabled={requesting}
              />
            )
          }
        />
      ) : null}
    </div>
  );
}

function stepAnnouncement(t: TFunction, format: Formatters, status: ImportStatus | null): string {
  if (!status) return t('imports.closed');
  if (status.step === 'checked' && status.check) {
    return t('imports.checkedSummary', { rows: format.number(status.check.rowsRead), bad: format.number(status.check.invalidRows) });
  }
  if (status.step === 'imported' && status.outcome) return importedText(t, format, status.kind, status.outcome);
  if (status.step === 'cancelled') return t('imports.cancelled');
  return t('imports.failed');
}

function importedText(t: TFunction, format: Formatters, kind: ImportKind, outcome: ImportResult): string {
  if (!outcome.committed) return t('imports.nothingImported');
  return t(`imports.imported.${kind}`, { count: outcome.imported, n: format.number(outcome.imported) });
}

function ProgressCard({ status, onCancel, disabled }: { status: ImportStatus; onCancel: () => void; disabled: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const share = Math.round(status.progress.fileRead * 100);
  const label = status.step === 'checking' ? t('imports.checking') : t('imports.importing');
  const detail =
    status.progress.phase === 'finishing'
      ? t('imports.finishing')
      : status.progress.phase === 'retrying'
        ? t('imports.retrying')
        : t('imports.rowsRead', { n: format.number(status.progress.rowsRead) });
  return (
    <section className="card import-progress" aria-label={label} data-testid="import-progress">
      <div className="import-progress-line">
        <strong>{label}</strong>
        <span className="muted">{status.cancelling ? t('imports.cancelling') : detail}</span>
      </div>
      <progress max={100} value={share} aria-label={label} aria-valuetext={format.percent(status.progress.fileRead)} />
      <div className="import-progress-line">
        <span>{format.percent(status.progress.fileRead)}</span>
        <button type="button" className="btn" onClick={onCancel} disabled={disabled || status.cancelling}>
          {t('app.cancel')}
        </button>
      </div>
    </section>
  );
}

function StepOutcome({ status }: { status: ImportStatus }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (status.step === 'cancelled') return <Alert tone="info">{t('imports.cancelled')}</Alert>;
  if (status.step === 'failed' && status.error) {
    return (
      <Alert tone="danger">
        <span data-testid="import-error">
          {describeError(t, new ApiError(status.error))}
          {(status.error.issues ?? []).map((issue, index) => (
            <span key={index} className="import-error-detail">
              {' '}
              {issueText(t, issue)}
            </span>
          ))}
        </span>
      </Alert>
    );
  }
  if (status.step === 'imported' && status.outcome) {
    const outcome = status.outcome;
    if (!outcome.committed) {
      return (
        <Alert tone="warning">
          <span data-testid="import-outcome">{t('imports.nothingImported')}</span>
        </Alert>
      );
    }
    return (
      <Alert tone="success">
        <span data-testid="import-outcome">
          {importedText(t, format, status.kind, outcome)}
          {outcome.alreadyPresent > 0 ? ` ${t('imports.alreadyPresent', { n: format.number(outcome.alreadyPresent) })}` : ''}
          {outcome.membersCreated > 0 ? ` ${t('imports.membersCreated', { n: format.number(outcome.membersCreated) })}` : ''}
          {outcome.invalidRows > 0 ? ` ${t('imports.leftOut', { n: format.number(outcome.invalidRows) })}` : ''}
        </span>
      </Alert>
    );
  }
  return null;
}

function Decision({
  report,
  onlyValidRows,
  onChange,
  onImport,
  disabled,
}: {
  report: ImportResult;
  onlyValidRows: boolean;
  onChange: (onlyValidRows: boolean) => void;
  onImport: () => void;
  disabled: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const ids = useId();
  if (report.importable === 0) {
    return <p className="muted">{report.invalidRows > 0 ? t('imports.noValidRows') : t('imports.nothingNew')}</p>;
  }
  if (report.invalidRows === 0) {
    return (
      <button type="button" className="btn btn-primary" onClick={onImport} disabled={disabled}>
        {t('imports.importRows', { count: report.importable, n: format.number(report.importable) })}
      </button>
    );
  }
  return (
    <fieldset className="import-decision">
      <legend>{t('imports.decisionLabel', { n: format.number(report.invalidRows) })}</legend>
      <label className="radio">
        <input type="radio" name={`${ids}-decision`} checked={!onlyValidRows} onChange={() => onChange(false)} />
        {t('imports.importNothing')}
      </label>
      <label className="radio">
        <input type="radio" name={`${ids}-decision`} checked={onlyValidRows} onChange={() => onChange(true)} />
        {t('imports.importValidOnly', { count: report.importable, n: format.number(report.importable) })}
      </label>
      {onlyValidRows ? (
        <button type="button" className="btn btn-primary" onClick={onImport} disabled={disabled}>
          {t('imports.importRows', { count: report.importable, n: format.number(report.importable) })}
        </button>
      ) : (
        <p className="muted">{t('imports.fixAndChooseAgain')}</p>
      )}
    </fieldset>
  );
}

function CheckReport({ report, decision }: { report: ImportResult; decision: React.ReactNode }) {
  const { t } = useTranslation();
  const format = useFormat();
  const figures: [string, number][] = [
    ['rowsRead', report.rowsRead],
    ['importable', report.importable],
    ['invalidRows', report.invalidRows],
    ['alreadyPresent', report.alreadyPresent],
  ];
  if (report.kind === 'crises') figures.push(['membersCreated', report.membersCreated]);
  return (
    <>
      <section className="card" aria-labelledby="import-check-title" data-testid="import-check">
        <div className="card-header">
          <h2 id="import-check-title">{t('imports.checkTitle')}</h2>
          {report.sheet ? <span className="muted">{t('imports.sheetRead', { sheet: report.sheet })}</span> : null}
        </div>
        <dl className="import-figures">
          {figures.map(([name, value]) => (
            <div key={name} className={name === 'invalidRows' && value > 0 ? 'import-figure import-figure-bad' : 'import-figure'} data-figure={name}>
              <dt>{t(`imports.figure.${name}`)}</dt>
              <dd>{format.number(value)}</dd>
            </div>
          ))}
        </dl>
        <div className="import-decision-row">{decision}</div>
      </section>
      <ColumnsCard report={report} />
      {report.preview.length ? <PreviewCard report={report} /> : null}
      {report.invalid.length ? <IssuesCard issues={report.invalid} invalidRows={report.invalidRows} /> : null}
      {report.warnings.length ? (
        <section className="card" aria-labelledby="import-warnings-title">
          <div className="card-header">
            <h2 id="import-warnings-title">{t('imports.warningsTitle')}</h2>
          </div>
          <ul className="import-warnings" data-testid="import-warnings">
            {report.warnings.map((warning, index) => (
              <li key={index}>{warning}</li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

function ColumnsCard({ report }: { report: ImportResult }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="import-columns-title" data-testid="import-columns">
      <div className="card-header">
        <h2 id="import-columns-title">{t('imports.columnsTitle')}</h2>
      </div>
      <div className="import-columns">
        <div>
          <h3>{t('imports.recognised')}</h3>
          <ul className="chips" data-testid="columns-recognised">
            {report.columns.recognised.map(({ column, header }) => (
              <li key={column} className="chip chip-ok" title={column}>
                {header}
              </li>
            ))}
          </ul>
        </div>
        <div>
          <h3>{t('imports.ignored')}</h3>
          {report.columns.ignored.length ? (
            <ul className="chips" data-testid="columns-ignored">
              {report.columns.ignored.map((header) => (
                <li key={header} className="chip chip-muted">
                  {header}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t('imports.noneIgnored')}</p>
          )}
        </div>
        {report.columns.missing.length ? (
          <div>
            <h3>{t('imports.missing')}</h3>
            <ul className="chips" data-testid="columns-missing">
              {report.columns.missing.map((column) => (
                <li key={column} className="chip chip-muted">
                  {column}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
    </section>
  );
}

const ENUM_NAMESPACES: Record<string, string> = {
  team: 'team',
  type: 'crisisType',
  outcome: 'outcome',
  threat: 'threat',
  urgency: 'urgency',
  action: 'hotlineAction',
};
const INSTANT_COLUMNS = new Set(['started_at', 'ended_at', 'received_at']);

/** A stored value as the app shows it elsewhere: team and type names, Belgrade time. */
function shownValue(t: TFunction, format: Formatters, column: string, value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return t('app.none');
  if (typeof value === 'number') return format.number(value);
  const namespace = ENUM_NAMESPACES[column];
  if (namespace) return t(`${namespace}.${value}`, { defaultValue: value });
  if (INSTANT_COLUMNS.has(column)) return format.dateTime(value);
  return value;
}

function PreviewCard({ report }: { report: ImportResult }) {
  const { t } = useTranslation();
  const format = useFormat();
  const columns = report.columns.recognised.filter(({ column }) => column !== 'reference');
  return (
    <section className="card" aria-labelledby="import-preview-title">
      <div className="card-header">
        <h2 id="import-preview-title">{t('imports.previewTitle', { count: report.preview.length })}</h2>
      </div>
      <div className="table-wrap import-scroll" role="region" aria-labelledby="import-preview-title" tabIndex={0}>
        <table className="table import-preview" data-testid="import-preview">
          <thead>
            <tr>
              <th scope="col">{t('imports.line')}</th>
              <th scope="col">{t('imports.reference')}</th>
              {columns.map(({ column, header }) => (
                <th key={column} scope="col" title={column}>
                  {header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {report.preview.map((row) => (
              <tr key={row.line}>
                <td className="num">{row.line}</td>
                <td>{row.reference ?? <span className="muted">{t('imports.referenceAssigned')}</span>}</td>
                {columns.map(({ column }) => (
                  <td key={column}>{shownValue(t, format, column, row.values[column])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Every problem, by line: a virtual list, since a bad file can have thousands. */
function IssuesCard({ issues, invalidRows }: { issues: FieldIssue[]; invalidRows: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const scrollRef = useRef<HTMLDivElement>(null);
  // TanStack Virtual keeps its own mutable state; the React Compiler leaves this component alone.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: issues.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ISSUE_ROW_HEIGHT,
    overscan: 10,
  });
  return (
    <section className="card" aria-labelledby="import-issues-title">
      <div className="card-header">
        <h2 id="import-issues-title">{t('imports.issuesTitle', { n: format.number(invalidRows) })}</h2>
        <span className="muted">{t('imports.issuesCount', { count: issues.length, n: format.number(issues.length) })}</span>
      </div>
      <div className="import-issues-head" aria-hidden="true">
        <span>{t('imports.line')}</span>
        <span>{t('imports.column')}</span>
        <span>{t('imports.reason')}</span>
      </div>
      <div ref={scrollRef} className="import-issues" role="list" aria-labelledby="import-issues-title" tabIndex={0} data-testid="import-issues">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const issue = issues[item.index] as FieldIssue;
            return (
              <div
                key={item.key}
                role="listitem"
                className="import-issue"
                data-row={issue.row}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ISSUE_ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
              >
                <span className="num">{issue.row ?? ''}</span>
                <span>{issue.column ?? t('imports.wholeRow')}</span>
                <span>{issueText(t, issue)}</span>
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}
