// A problem the import found, in the UI's language: main names each by a code and its values
// (the cell as written, the line it repeats…); the English message is what the CLI prints, and
// what is shown for a code newer than the catalogues.
import type { TFunction } from 'i18next';
import type { FieldIssue } from '@shared/errors';

export function issueText(t: TFunction, issue: FieldIssue): string {
  if (!issue.code) return issue.message;
  return t(`importIssue.${issue.code}`, { ...issue.params, defaultValue: issue.message, interpolation: { escapeValue: false } });
}
