// Small pieces the exchange panels share: a published figure (or its suppression mark), period
// names, and the outcome of a save (written, cancelled, failed).
import { useTranslation } from 'react-i18next';
import { type Formatters, useFormat } from '@renderer/i18n/format';
import type { TFunction } from 'i18next';

/** A figure as it will be published: the number, or × where it is suppressed (null). */
export function Figure({ value }: { value: number | null | undefined }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (value === null || value === undefined) {
    return (
      <span className="figure-suppressed" data-suppressed="" title={t('exchange.preview.suppressed')}>
        <span aria-hidden="true">×</span>
        <span className="sr-only">{t('exchange.preview.suppressed')}</span>
      </span>
    );
  }
  return (
    <span className="figure" data-value={value}>
      {format.number(value)}
    </span>
  );
}

/** A period key of the summary (2024, 2024-Q1, 2024-03) in the UI's language. */
export function periodName(t: TFunction, format: Formatters, key: string): string {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(key);
  if (quarter) return t('exchange.quarter', { quarter: quarter[2], year: quarter[1] });
  if (/^\d{4}-\d{2}$/.test(key)) return format.month(key);
  return key;
}

/** The first characters of a SHA-256, for tables; the whole value is in the title. */
export function shortHash(hash: string): string {
  return `${hash.slice(0, 16)}…`;
}
