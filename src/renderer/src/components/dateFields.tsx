// Date and time fields in the app's language, whatever the browser's or the system's locale
// (Serbian 6. 12. 2026. 05:37, English 2026-12-06 05:37). The field itself is
// dateFieldControl.tsx, on react-aria; it is loaded on first use so that the first paint does not
// wait for it (a fifth of the window's script), and an empty box of the same size stands in.
import { type Ref, Suspense, lazy } from 'react';
import { type Control, type FieldPathByValue, type FieldValues, useController } from 'react-hook-form';

export type DateGranularity = 'day' | 'minute' | 'second';

export interface DateTimeInputProps {
  /** '' or a wall-clock string (YYYY-MM-DD for days, YYYY-MM-DDTHH:mm[:ss] otherwise), or INCOMPLETE_DATE. */
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  granularity?: DateGranularity;
  /** Earliest and latest day (YYYY-MM-DD) a day field accepts; outside them it shows as invalid. */
  min?: string | undefined;
  max?: string | undefined;
  id?: string;
  autoFocus?: boolean;
  /** The field's label; by default the label Field gives the control with this id. */
  'aria-labelledby'?: string;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean;
  'aria-required'?: boolean;
  ref?: Ref<{ focus: () => void }>;
}

const DateFieldControl = lazy(() => import('./dateFieldControl'));

/**
 * A date, or a date and time, typed in the app's language. Controlled by its wall-clock string:
 * a value from outside (a "now" button, a reset) starts the field over from it; what is typed
 * comes back through onChange, INCOMPLETE_DATE while it is not yet a whole date.
 */
export function DateTimeInput(props: DateTimeInputProps) {
  return (
    <Suspense
      fallback={
        <div className="date-field" aria-hidden="true">
          <div className="date-input" />
        </div>
      }
    >
      <DateFieldControl {...props} />
    </Suspense>
  );
}

/** A date field bound to a react-hook-form field; Field's id and aria props pass through. */
export function FormDateTime<TForm extends FieldValues, TContext, TOutput>({
  control,
  name,
  ...props
}: Omit<DateTimeInputProps, 'value' | 'onChange' | 'onBlur' | 'ref'> & {
  control: Control<TForm, TContext, TOutput>;
  name: FieldPathByValue<TForm, string>;
}) {
  const {
    field: { value, onChange, onBlur, ref },
  } = useController<TForm, FieldPathByValue<TForm, string>, TOutput>({ control, name });
  return <DateTimeInput {...props} value={value as string} onChange={onChange} onBlur={onBlur} ref={ref} />;
}
