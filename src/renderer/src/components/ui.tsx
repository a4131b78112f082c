// Small building blocks every screen shares: fields with their errors, badges, headers, dialogs.
import {
  type ReactElement,
  type ReactNode,
  cloneElement,
  useEffect,
  useId,
  useRef,
} from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError } from '@renderer/lib/api';
import { translateIssue } from '@renderer/lib/validation';

interface FieldProps {
  label: ReactNode;
  /** An error message key (validation.* or key|n) as produced by the resolver or the service. */
  error?: string | undefined;
  /** An error already in words (used when no catalogue key applies). */
  errorText?: string | undefined;
  hint?: ReactNode;
  /** Announce the error as soon as it appears (role="alert"). */
  announce?: boolean;
  className?: string;
  required?: boolean;
  children: ReactElement<Record<string, unknown>>;
}

/** The id Field gives its label, for controls a <label for> cannot name (date fields). */
export function fieldLabelId(controlId: string): string {
  return `${controlId}-label`;
}

/** A labelled control: wires id, aria-invalid and aria-describedby into its one child. */
export function Field({ label, error, errorText, hint, announce, className, required, children }: FieldProps) {
  const { t } = useTranslation();
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const message = errorText ?? (error ? translateIssue(t, error) : undefined);
  const describedBy = [hint ? hintId : null, message ? errorId : null].filter(Boolean).join(' ') || undefined;
  const control = cloneElement(children, {
    id,
    'aria-invalid': message ? true : undefined,
    'aria-describedby': describedBy,
    'aria-required': required ? true : undefined,
  });
  return (
    <div className={`field${message ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id} id={fieldLabelId(id)} className={`field-label${required ? ' field-label-required' : ''}`}>
        {label}
      </label>
      {control}
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      {message ? (
        <p id={errorId} className="field-error" role={announce ? 'alert' : undefined}>
          {message}
        </p>
      ) : null}
    </div>
  );
}

export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger' | 'live';

export function Badge({ tone = 'neutral', children, title }: { tone?: Tone; children: ReactNode; title?: string }) {
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}

/** The screen's title; it takes focus when the screen opens, so screen readers announce it. */
export function PageHeader({
  title,
  subtitle,
  actions,
  eyebrow,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  actions?: ReactNode;
  eyebrow?: ReactNode;
}) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    const active = document.activeElement;
    if (!active || active === document.body || !ref.current?.closest('main')?.contains(active)) {
      ref.current?.focus({ preventScroll: true });
    }
  }, []);
  return (
    <header className="page-header">
      <div className="page-header-text">
        {eyebrow ? <div className="page-eyebrow">{eyebrow}</div> : null}
        <h1 ref={ref} tabIndex={-1}>
          {title}
        </h1>
        {subtitle ? <p className="page-subtitle">{subtitle}</p> : null}
      </div>
      {actions ? <div className="page-actions">{actions}</div> : null}
    </header>
  );
}

/** The options of a select over a fixed set of values, each labelled `ns.value`; "—" first when `placeholder`. */
export function EnumOptions({ values, ns, placeholder = false }: { values: readonly string[]; ns: string; placeholder?: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      {placeholder ? <option value="">—</option> : null}
      {values.map((value) => (
        <option key={value} value={value}>
          {t(`${ns}.${value}`)}
        </option>
      ))}
    </>
  );
}

export function Kbd({ children }: { children: ReactNode }) {
  return <kbd className="kbd">{children}</kbd>;
}

export function Alert({ tone = 'danger', children }: { tone?: 'danger' | 'info' | 'success' | 'warning'; children: ReactNode }) {
  return (
    <div className={`alert alert-${tone}`} role={tone === 'danger' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <div className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {t('app.loading')}
    </div>
  );
}

/** A modal dialog on the native <dialog>: focus is trapped, Esc closes, focus returns after. */
export function Modal({
  title,
  onClose,
  children,
  footer,
  wide,
}: {
  title: ReactNode;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  });
  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog?.showModal();
    const cancel = (event: Event) => {
      event.preventDefault();
      onCloseRef.current();
    };
    dialog?.addEventListener('cancel', cancel);
    return () => {
      dialog?.removeEventListener('cancel', cancel);
      dialog?.close();
      opener?.focus();
    };
  }, []);
  return (
    <dialog ref={ref} className={`modal${wide ? ' modal-wide' : ''}`} aria-labelledby={titleId}>
      <div className="modal-header">
        <h2 id={titleId}>{title}</h2>
      </div>
      <div className="modal-body">{children}</div>
      {footer ? <div className="modal-footer">{footer}</div> : null}
    </dialog>
  );
}

export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert>
      {t('app.loadError', { message: describeError(t, error) })}
      {onRetry ? (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          {t('app.retry')}
        </button>
      ) : null}
    </Alert>
  );
}

/** A failure in the user's language: the error code's message, never a stack trace. */
export function describeError(t: TFunction, error: unknown): string {
  // A code newer than the catalogues still reads as a sentence, with the code to report.
  if (error instanceof ApiError) return t(`errors.${error.code}`, { defaultValue: t('errors.unknown', { code: error.code }) });
  return t('errors.INTERNAL');
}
