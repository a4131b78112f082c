// Dates and numbers in the conventions of the chosen language; times always in Serbia's zone.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { format as formatDate } from 'date-fns';
import { enUS } from 'date-fns/locale/en-US';
import { sr } from 'date-fns/locale/sr';
import { srLatn } from 'date-fns/locale/sr-Latn';
import type { Locale } from 'date-fns';
import { inSerbia } from '@renderer/lib/time';
import { isLanguage, type Language } from './index';

const DATE_LOCALES: Record<Language, Locale> = { 'sr-Latn': srLatn, 'sr-Cyrl': sr, en: enUS };
const INTL_LOCALES: Record<Language, string> = { 'sr-Latn': 'sr-Latn-RS', 'sr-Cyrl': 'sr-Cyrl-RS', en: 'en-US' };

export interface Formatters {
  language: Language;
  number(value: number): string;
  percent(value: number): string;
  dateTime(instant: string): string;
  dateTimeSeconds(instant: string): string;
  time(instant: string): string;
  timeSeconds(instant: string): string;
  /** A calendar day, YYYY-MM-DD. */
  day(day: string): string;
  /** A month, YYYY-MM. */
  month(month: string): string;
}

export function formattersFor(language: Language): Formatters {
  const locale = DATE_LOCALES[language];
  const numbers = new Intl.NumberFormat(INTL_LOCALES[language]);
  const percents = new Intl.NumberFormat(INTL_LOCALES[language], { style: 'percent', maximumFractionDigits: 0 });
  // Serbian writes the full year: 23. 11. 2026. (date-fns' short pattern has two digits). English
  // is ISO 8601's order, 2026-11-23, which no reader takes for another day; the date fields
  // (components/dateFields.tsx) show and take the same formats.
  const dayPattern = language === 'en' ? 'yyyy-MM-dd' : 'd. M. yyyy.';
  const at = (instant: string, pattern: string) => formatDate(inSerbia(instant), pattern, { locale });
  return {
    language,
    number: (value) => numbers.format(value),
    percent: (value) => percents.format(value),
    dateTime: (instant) => at(instant, `${dayPattern} HH:mm`),
    dateTimeSeconds: (instant) => at(instant, `${dayPattern} HH:mm:ss`),
    time: (instant) => at(instant, 'HH:mm'),
    timeSeconds: (instant) => at(instant, 'HH:mm:ss'),
    day: (day) => {
      const [y, m, d] = day.split('-').map(Number) as [number, number, number];
      return formatDate(new Date(y, m - 1, d), dayPattern, { locale });
    },
    month: (month) => {
      const [y, m] = month.split('-').map(Number) as [number, number];
      return formatDate(new Date(y, m - 1, 1), 'LLL yyyy', { locale });
    },
  };
}

export function useFormat(): Formatters {
  const { i18n } = useTranslation();
  const language: Language = isLanguage(i18n.language) ? i18n.language : 'sr-Latn';
  return useMemo(() => formattersFor(language), [language]);
}

/** Bytes as the person reads them: KB, MB, GB in the language's number format. */
export function useFileSize(): (bytes: number | null) => string {
  const { t } = useTranslation();
  const format = useFormat();
  return (bytes) => {
    if (bytes === null) return t('app.none');
    const units = ['B', 'KB', 'MB', 'GB'] as const;
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit += 1;
    }
    const rounded = unit === 0 ? value : Math.round(value * 10) / 10;
    return t(`backups.unit.${units[unit]}`, { value: format.number(rounded) });
  };
}
