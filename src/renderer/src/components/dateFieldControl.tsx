// The date field itself, loaded on first use by dateFields.tsx so that react-aria is not on the
// way to the first paint. react-aria's DateField does the typing: one segment per part (day,
// month, year, hour…), digits move on by themselves, arrows change the focused part, and screen
// readers hear each part as a labelled spinbutton. Values stay the wall-clock strings the forms
// always had (YYYY-MM-DD, YYYY-MM-DDTHH:mm[:ss]), read as Serbia's time by lib/time.
import { type ClipboardEvent, type KeyboardEvent, useCallback, useContext, useEffect, useId, useImperativeHandle, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Button,
  Calendar,
  CalendarCell,
  CalendarGrid,
  DateField,
  DateFieldStateContext,
  DateInput,
  DateSegment,
  Dialog,
  DialogTrigger,
  Heading,
  I18nProvider,
  Popover,
} from 'react-aria-components';
import { CalendarDate, CalendarDateTime, type DateValue, parseDate, parseDateTime, setLocalTimeZone, toCalendarDate } from '@internationalized/date';
import { isValid, parse } from 'date-fns';
import { SERBIA_TIME_ZONE } from '@shared/time';
import { INCOMPLETE_DATE, todayInSerbia } from '@renderer/lib/time';
import { isLanguage, type Language } from '@renderer/i18n';
import { IconCalendar } from './icons';
import { fieldLabelId } from './ui';

// react-aria's "today" (the calendar's marked day, where an empty part starts when an arrow
// changes it) is Belgrade's, like every time in the app, not the computer's.
setLocalTimeZone(SERBIA_TIME_ZONE);

import type { DateGranularity, DateTimeInputProps } from './dateFields';

/**
 * The locale each language's fields are drawn in. Serbian: 6. 12. 2026. 05:37. English: ISO 8601
 * order, 2026-12-06 05:37, which no reader takes for another day (06/12 is June to some, December
 * to others); en-CA is the English locale whose numeric date is that order.
 */
const FIELD_LOCALES: Record<Language, string> = { 'sr-Latn': 'sr-Latn-RS', 'sr-Cyrl': 'sr-Cyrl-RS', en: 'en-CA' };

/** What pasted text may look like: ISO 8601 in every language, and Serbian's own way in Serbian. */
const ISO_PATTERNS = ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", 'yyyy-MM-dd HH:mm:ss', 'yyyy-MM-dd HH:mm', 'yyyy-MM-dd'];
const SERBIAN_PATTERNS = ['d. M. yyyy. HH:mm:ss', 'd. M. yyyy. HH:mm', 'd. M. yyyy.', 'd.M.yyyy. HH:mm:ss', 'd.M.yyyy. HH:mm', 'd.M.yyyy.', 'd.M.yyyy HH:mm', 'd.M.yyyy'];
const PASTE_PATTERNS: Record<Language, string[]> = {
  'sr-Latn': [...SERBIAN_PATTERNS, ...ISO_PATTERNS],
  'sr-Cyrl': [...SERBIAN_PATTERNS, ...ISO_PATTERNS],
  en: ISO_PATTERNS,
};

const SEPARATOR_KEYS = new Set(['.', '/', '-', ':', ',', ' ']);

/** The wall-clock string of a field's value at its granularity. */
function serialize(value: DateValue, granularity: DateGranularity): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const day = `${pad(value.year, 4)}-${pad(value.month)}-${pad(value.day)}`;
  if (granularity === 'day' || !('hour' in value)) return day;
  const clock = `${pad(value.hour)}:${pad(value.minute)}`;
  return granularity === 'second' ? `${day}T${clock}:${pad(value.second)}` : `${day}T${clock}`;
}

/** A wall-clock string as the field's value; null when empty or unreadable. */
function valueOf(text: string, granularity: DateGranularity): DateValue | null {
  try {
    if (granularity === 'day') return /^\d{4}-\d{2}-\d{2}$/.test(text) ? parseDate(text) : null;
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?/.test(text)) return null;
    const value = parseDateTime(text);
    return granularity === 'minute' ? value.set({ second: 0, millisecond: 0 }) : value.set({ millisecond: 0 });
  } catch {
    return null;
  }
}

type Segments = readonly { type: string; value?: number | null; isPlaceholder: boolean; isEditable: boolean }[];

/**
 * What the segments say: '' when none is filled, INCOMPLETE_DATE while some are empty or the
 * date does not exist (31 February, a year of fewer than four digits), else the wall-clock string.
 */
function valueOfSegments(segments: Segments, granularity: DateGranularity): string {
  const editable = segments.filter((segment) => segment.isEditable);
  if (editable.every((segment) => segment.isPlaceholder)) return '';
  if (editable.some((segment) => segment.isPlaceholder || segment.value == null)) return INCOMPLETE_DATE;
  const part = (type: string) => editable.find((segment) => segment.type === type)?.value ?? 0;
  const [year, month, day] = [part('year'), part('month'), part('day')];
  if (year < 1000 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return INCOMPLETE_DATE;
  const value =
    granularity === 'day'
      ? new CalendarDate(year, month, day)
      : new CalendarDateTime(year, month, day, part('hour'), part('minute'), granularity === 'second' ? part('second') : 0);
  return serialize(value, granularity);
}

/** Text pasted into a field, read in the language's format or ISO 8601; null when it is neither. */
function pastedValue(text: string, language: Language, granularity: DateGranularity): string | null {
  const trimmed = text.trim().replace(/\s+/g, ' ');
  // A date and time field takes only a date and time: midnight is not assumed.
  const patterns = PASTE_PATTERNS[language].filter((pattern) => granularity === 'day' || pattern.includes('HH'));
  for (const pattern of patterns) {
    const date = parse(trimmed, pattern, new Date(2000, 0, 1));
    if (!isValid(date)) continue;
    const value = new CalendarDateTime(date.getFullYear(), date.getMonth() + 1, date.getDate(), date.getHours(), date.getMinutes(), date.getSeconds());
    return serialize(value, granularity);
  }
  return null;
}

function firstSegment(field: HTMLElement | null): HTMLElement | null {
  return field?.querySelector<HTMLElement>('[role="spinbutton"]') ?? null;
}

/** Reports the segments' value to the field on every render (a cheap comparison). */
function SegmentsReporter({ granularity, onValue }: { granularity: DateGranularity; onValue: (value: string) => void }) {
  const state = useContext(DateFieldStateContext);
  const value = state ? valueOfSegments(state.segments, granularity) : '';
  useEffect(() => onValue(value));
  return null;
}

/**
 * A month to pick a day from, for day fields: a button beside the field opens it; arrows move
 * by day, Page Up/Down by month, Enter picks, Esc closes. Date and time fields are typed: a
 * crisis's times come from the log keeper's notes, to the minute.
 */
function CalendarButton({
  id,
  value,
  min,
  max,
  labelId,
  container,
  onPick,
}: {
  id: string;
  value: DateValue | null;
  min: DateValue | null;
  max: DateValue | null;
  labelId: string;
  container: Element | null;
  onPick: (day: string) => void;
}) {
  const { t } = useTranslation();
  const day = value ? toCalendarDate(value) : null;
  return (
    <DialogTrigger>
      {/* Named "Calendar" and the field's own label, so two of them side by side are told apart. */}
      <span id={`${id}-calendar`} hidden>
        {t('dateField.calendar')}
      </span>
      <Button className="btn date-field-button" aria-labelledby={`${id}-calendar ${labelId}`}>
        <IconCalendar />
      </Button>
      {/* Inside a modal <dialog>, the popup must be too: the rest of the page is inert. */}
      <Popover placement="bottom end" className="date-popover" {...(container ? { UNSTABLE_portalContainer: container } : {})}>
        <Dialog className="date-dialog" aria-labelledby={labelId}>
          {({ close }) => (
            <Calendar
              autoFocus
              className="calendar"
              value={day}
              defaultFocusedValue={day ?? parseDate(todayInSerbia())}
              minValue={min}
              maxValue={max}
              firstDayOfWeek="mon"
              onChange={(picked) => {
                onPick(serialize(picked, 'day'));
                close();
              }}
            >
              <header className="calendar-header">
                <Button slot="previous" className="btn btn-small btn-ghost" aria-label={t('dateField.previousMonth')}>
                  ‹
                </Button>
                <Heading className="calendar-title" />
                <Button slot="next" className="btn btn-small btn-ghost" aria-label={t('dateField.nextMonth')}>
                  ›
                </Button>
              </header>
              <CalendarGrid className="calendar-grid">{(date) => <CalendarCell date={date} className="calendar-cell" />}</CalendarGrid>
            </Calendar>
          )}
        </Dialog>
      </Popover>
    </DialogTrigger>
  );
}

/**
 * A date, or a date and time, typed in the app's language. Controlled by its wall-clock string:
 * a value from outside (a "now" button, a reset) starts the field over from it; what is typed
 * comes back through onChange, INCOMPLETE_DATE while it is not yet a whole date.
 */
export default function DateFieldControl({
  value,
  onChange,
  onBlur,
  granularity = 'minute',
  min,
  max,
  id,
  autoFocus,
  ref,
  ...aria
}: DateTimeInputProps) {
  const { t, i18n } = useTranslation();
  const language: Language = isLanguage(i18n.language) ? i18n.language : 'sr-Latn';
  const ownId = useId();
  const fieldId = id ?? ownId;
  const wrapper = useRef<HTMLDivElement | null>(null);
  const [popupContainer, setPopupContainer] = useState<Element | null>(null);
  const attach = useCallback((element: HTMLDivElement | null) => {
    wrapper.current = element;
    setPopupContainer(element?.closest('dialog') ?? null);
  }, []);
  // `shown` is what the segments say; a different value from outside remounts them (a new key).
  const [synced, setSynced] = useState({ shown: value, generation: 0, focus: false });
  if (value !== synced.shown) setSynced({ shown: value, generation: synced.generation + 1, focus: false });

  const report = (next: string) => {
    if (next === synced.shown) return;
    setSynced((current) => ({ ...current, shown: next }));
    onChange(next);
  };

  useImperativeHandle(ref, () => ({ focus: () => firstSegment(wrapper.current)?.focus() }), []);
  // A <label for> names only form controls; a click on it should still reach the field.
  useEffect(() => {
    const label = document.querySelector(`label[for="${CSS.escape(fieldId)}"]`);
    const focus = () => firstSegment(wrapper.current)?.focus();
    label?.addEventListener('click', focus);
    return () => label?.removeEventListener('click', focus);
  }, [fieldId]);

  // A separator typed after a part's digits moves to the next part, so "6.1.2026" reads as typed;
  // right after a part filled itself up (and moved on), the separator has nothing left to do.
  const typedIn = useRef<EventTarget | null>(null);
  const onKeyDownCapture = (event: KeyboardEvent<HTMLDivElement>) => {
    const segment = event.target as HTMLElement;
    if (segment.getAttribute('role') !== 'spinbutton') return;
    if (event.key === 'Enter') {
      // react-aria's group takes Enter for itself. Here it does what it does in any input: plain,
      // it submits the form; with a modifier it reaches the app's shortcuts (Ctrl+Enter saves).
      event.preventDefault();
      event.stopPropagation();
      if (event.ctrlKey || event.metaKey || event.altKey || event.shiftKey) {
        const { key, code, ctrlKey, metaKey, altKey, shiftKey } = event;
        wrapper.current?.parentElement?.dispatchEvent(
          new globalThis.KeyboardEvent('keydown', { key, code, ctrlKey, metaKey, altKey, shiftKey, bubbles: true, cancelable: true }),
        );
      } else {
        wrapper.current?.closest('form')?.requestSubmit();
      }
      return;
    }
    if (event.ctrlKey || event.altKey || event.metaKey) return;
    if (/^\d$/.test(event.key)) typedIn.current = segment;
    if (!SEPARATOR_KEYS.has(event.key)) return;
    event.preventDefault();
    event.stopPropagation();
    if (typedIn.current !== segment) return;
    const segments = [...(wrapper.current?.querySelectorAll<HTMLElement>('[role="spinbutton"]') ?? [])];
    segments[segments.indexOf(segment) + 1]?.focus();
  };

  const onPaste = (event: ClipboardEvent<HTMLDivElement>) => {
    const pasted = pastedValue(event.clipboardData.getData('text/plain'), language, granularity);
    event.preventDefault();
    if (pasted === null) return;
    setSynced({ shown: pasted, generation: synced.generation + 1, focus: true });
    onChange(pasted);
  };

  const placeholders: Record<string, string> = {
    day: t('dateField.day'),
    month: t('dateField.month'),
    year: t('dateField.year'),
  };
  const invalid = aria['aria-invalid'] ? true : undefined;
  const labelId = aria['aria-labelledby'] ?? fieldLabelId(fieldId);
  const pick = (day: string) => {
    setSynced({ shown: day, generation: synced.generation + 1, focus: false });
    onChange(day);
  };

  return (
    <I18nProvider locale={FIELD_LOCALES[language]}>
      <div
        ref={attach}
        className="date-field"
        onKeyDownCapture={onKeyDownCapture}
        onFocusCapture={() => (typedIn.current = null)}
        onPaste={onPaste}
      >
        <DateField
          key={synced.generation}
          id={fieldId}
          aria-labelledby={labelId}
          aria-describedby={aria['aria-describedby']}
          defaultValue={valueOf(value, granularity)}
          granularity={granularity}
          hourCycle={24}
          minValue={min ? valueOf(min, 'day') : undefined}
          maxValue={max ? valueOf(max, 'day') : undefined}
          isInvalid={invalid}
          isRequired={aria['aria-required']}
          validationBehavior="aria"
          autoFocus={autoFocus || synced.focus}
          onBlur={onBlur}
          className="date-field-control"
        >
          <DateInput className="date-input">
            {(segment) => (
              <DateSegment segment={segment} className="date-segment">
                {({ text, isPlaceholder, type }) =>
                  isPlaceholder
                    ? (placeholders[type] ?? text)
                    : type === 'hour'
                      ? text.padStart(2, '0')
                      : type === 'literal'
                        ? text.replace(/,\s*/, ' ')
                        : text
                }
              </DateSegment>
            )}
          </DateInput>
          <SegmentsReporter granularity={granularity} onValue={report} />
        </DateField>
        {granularity === 'day' ? (
          <CalendarButton
            id={fieldId}
            value={valueOf(value, 'day')}
            min={min ? valueOf(min, 'day') : null}
            max={max ? valueOf(max, 'day') : null}
            labelId={labelId}
            container={popupContainer}
            onPick={pick}
          />
        ) : null}
      </div>
    </I18nProvider>
  );
}
