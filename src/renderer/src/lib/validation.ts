// Form validation with the shared zod schemas: the same rules the service enforces, with
// messages turned into catalogue keys so every error shows in the user's language.
import { zodResolver } from '@hookform/resolvers/zod';
import type { FieldValues, Path, Resolver, UseFormSetError } from 'react-hook-form';
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import type { FieldIssue } from '@shared/errors';

type RawIssue = {
  code?: string;
  origin?: string;
  format?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  expected?: string;
  input?: unknown;
};

/** Zod's own issues become "key" or "key|n", translated under validation.* by translateIssue. */
export function issueKey(issue: RawIssue): string {
  const n = (value: number | bigint | undefined) => String(value ?? '');
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'required' : `too_short|${n(issue.minimum)}`;
      if (issue.origin === 'array') return 'required';
      return `too_small|${n(issue.minimum)}`;
    case 'too_big':
      if (issue.origin === 'string') return `too_long|${n(issue.maximum)}`;
      if (issue.origin === 'array') return `too_many_items|${n(issue.maximum)}`;
      return `too_big|${n(issue.maximum)}`;
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null || issue.input === '') return 'required';
      if (issue.expected === 'number' || issue.expected === 'int') return 'invalid_number';
      return 'invalid_value';
    case 'invalid_format':
      if (issue.input === '' || issue.input === undefined) return 'required';
      if (issue.format === 'datetime') return 'invalid_date';
      if (issue.format === 'date') return 'invalid_day';
      return 'invalid_value';
    case 'invalid_value':
      return issue.input === '' || issue.input === undefined || issue.input === null ? 'required' : 'invalid_value';
    case 'not_multiple_of':
      return 'not_integer';
    default:
      return 'invalid_value';
  }
}

/** Every key translateIssue can be asked for; the catalogue test checks each exists. */
export const VALIDATION_KEYS = [
  'required',
  'too_small',
  'too_big',
  'too_short',
  'too_long',
  'too_many_items',
  'not_integer',
  'invalid_number',
  'invalid_date',
  'invalid_day',
  'invalid_value',
] as const;

export function translateIssue(t: TFunction, message: string | undefined): string {
  if (!message) return t('validation.invalid_value');
  const [key, n] = message.split('|');
  const full = `validation.${key ?? ''}`;
  // Machine keys from the service (released_exceeds_hostages…) and our own; anything else,
  // such as a zod message in English from the service, is shown as a generic error.
  if (key && /^[a-z_]+$/.test(key) && t(full, { n, defaultValue: '' }) !== '') return t(full, { n });
  return t('validation.invalid_value');
}

/**
 * A resolver that first turns the form's values into the channel's input (datetime-local
 * strings to instants, '' to null…) and then validates with the shared schema, so errors land
 * on the same field names the form uses.
 */
export function schemaResolver<TForm extends FieldValues, TOutput>(
  schema: z.ZodType<TOutput>,
  toInput: (values: TForm) => unknown,
): Resolver<TForm, unknown, TOutput> {
  const inner = zodResolver(schema as never, { error: (issue: RawIssue) => issueKey(issue) } as never) as unknown as Resolver<
    FieldValues,
    unknown,
    TOutput
  >;
  return (values, context, options) =>
    inner(toInput(values) as FieldValues, context, options as never) as ReturnType<Resolver<TForm, unknown, TOutput>>;
}

/**
 * Puts the service's field issues on the form's fields. `prefixes` are stripped first
 * (crises.update reports `crisis.hostagesReleased`). Returns the issues no field took.
 */
export function applyServerIssues<TForm extends FieldValues>(
  issues: readonly FieldIssue[],
  setError: UseFormSetError<TForm>,
  fields: readonly string[],
  prefixes: readonly string[] = [],
): FieldIssue[] {
  const left: FieldIssue[] = [];
  let first = true;
  for (const issue of issues) {
    let path = issue.path;
    for (const prefix of prefixes) if (path.startsWith(`${prefix}.`)) path = path.slice(prefix.length + 1);
    const field = fields.find((name) => path === name || path.startsWith(`${name}.`));
    if (field) {
      setError(path as Path<TForm>, { type: 'server', message: issue.message }, { shouldFocus: first });
      first = false;
    } else {
      left.push(issue);
    }
  }
  return left;
}
