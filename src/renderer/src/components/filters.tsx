// The filter toolbar pieces the list screens share: the search box with its keyboard shortcut,
// labelled selects over a set of values, and date bounds.
import { type ReactNode, type RefObject, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { IconSearch } from '@renderer/components/icons';
import { DateTimeInput } from '@renderer/components/dateFields';
import { fieldLabelId } from '@renderer/components/ui';
import { INCOMPLETE_DATE } from '@renderer/lib/time';

/**
 * Ctrl+F (Cmd+F), or "/" when not typing in a field, focuses the search box.
 * `typing` says which focused elements count as typing; `select` also selects the text.
 */
export function useSearchShortcut(
  ref: RefObject<HTMLInputElement | null>,
  { typing, select = false }: { typing: string; select?: boolean },
) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const inField = target?.closest(typing);
      if (((event.ctrlKey || event.metaKey) && event.code === 'KeyF') || (event.key === '/' && !inField)) {
        event.preventDefault();
        ref.current?.focus();
        if (select) ref.current?.select();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [ref, typing, select]);
}

/** The toolbar's search box: a visually hidden label, the search icon and the input. */
export function FilterSearch({
  id,
  label,
  placeholder,
  value,
  onChange,
  inputRef,
  keyShortcuts,
}: {
  id: string;
  label: string;
  placeholder: string;
  value: string;
  onChange: (value: string) => void;
  inputRef: RefObject<HTMLInputElement | null>;
  keyShortcuts?: string;
}) {
  return (
    <div className="toolbar-search">
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <IconSearch />
      <input
        ref={inputRef}
        id={id}
        type="search"
        placeholder={placeholder}
        value={value}
        maxLength={200}
        aria-keyshortcuts={keyShortcuts}
        onChange={(event) => onChange(event.target.value)}
      />
    </div>
  );
}

/** A labelled select in the filter toolbar. */
export function FilterSelect({
  id,
  label,
  value,
  onChange,
  children,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  children: ReactNode;
}) {
  return (
    <div className="toolbar-field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        {children}
      </select>
    </div>
  );
}

/** A filter select over a fixed set of values, with an empty "all" choice first. */
export function OptionFilter({
  id,
  label,
  value,
  onChange,
  allLabel,
  options,
  optionLabel,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  allLabel: string;
  options: readonly string[];
  optionLabel: (value: string) => string;
}) {
  return (
    <FilterSelect id={id} label={label} value={value} onChange={onChange}>
      <option value="">{allLabel}</option>
      {options.map((option) => (
        <option key={option} value={option}>
          {optionLabel(option)}
        </option>
      ))}
    </FilterSelect>
  );
}

/** A labelled date bound in the filter toolbar; a half-typed date bounds nothing and says so. */
export function DateFilter({
  id,
  label,
  value,
  onChange,
  min,
  max,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  min?: string | undefined;
  max?: string | undefined;
}) {
  const { t } = useTranslation();
  const incomplete = value === INCOMPLETE_DATE;
  return (
    <div className={`toolbar-field${incomplete ? ' field-invalid' : ''}`}>
      <label htmlFor={id} id={fieldLabelId(id)}>
        {label}
      </label>
      <DateTimeInput
        id={id}
        granularity="day"
        value={value}
        min={min}
        max={max}
        onChange={onChange}
        aria-invalid={incomplete}
        aria-describedby={incomplete ? `${id}-error` : undefined}
      />
      {incomplete ? (
        <span id={`${id}-error`} className="field-error">
          {t('validation.invalid_day')}
        </span>
      ) : null}
    </div>
  );
}
