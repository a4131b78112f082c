// The typed error envelope every channel returns instead of throwing across the bridge.
import { z } from 'zod';

export const errorCode = z.enum([
  'VALIDATION',
  'RULE_VIOLATION',
  'WRONG_PASSPHRASE',
  'KEY_FILE_MISSING',
  'KEY_FILE_CORRUPT',
  'STORE_MISSING',
  'STORE_EXISTS',
  'STORE_CORRUPT',
  // Another program has the store open while it must be alone with it (a one-time format upgrade).
  'STORE_BUSY',
  'STORE_FROM_FUTURE',
  'MIGRATION_TAMPERED',
  'LOCKED',
  'NOT_FOUND',
  'VERSION_CONFLICT',
  'CRISIS_CLOSED',
  'IMPORT_INVALID',
  // Cancel was asked for while an import ran: everything it wrote was rolled back.
  'IMPORT_CANCELLED',
  'UNKNOWN_CHANNEL',
  'FORBIDDEN_SENDER',
  'FORBIDDEN',
  'TOO_MANY_ATTEMPTS',
  // Backups and restores (src/main/services/backup.ts).
  'DISK_FULL',
  'FOLDER_UNWRITABLE',
  'BACKUP_INVALID',
  'BACKUP_FAILED',
  'INTERNAL',
  // A team bundle that is not a bundle, was changed, damaged or cut short, or is from a newer app.
  'BUNDLE_INVALID',
  // A feature the running shell does not provide (e.g. no file dialog or PDF printer wired).
  'NOT_AVAILABLE',
]);
export type ErrorCode = z.infer<typeof errorCode>;

/** One problem at one field; `row` and `column` locate it in an imported file. */
export const fieldIssue = z.object({
  path: z.string(),
  message: z.string(),
  row: z.number().int().optional(),
  column: z.string().optional(),
  /** What the problem is, for the UI to say in its own language (import problems); `message` says it in English. */
  code: z.string().optional(),
  /** The values the sentence names: the cell as written, the line it repeats… */
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type FieldIssue = z.infer<typeof fieldIssue>;

export const errorEnvelope = z.object({
  code: errorCode,
  message: z.string(),
  issues: z.array(fieldIssue).optional(),
});
export type ErrorEnvelope = z.infer<typeof errorEnvelope>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorEnvelope };

/** An expected failure: shown to the user as its message, never as a stack trace. */
export class CasebookError extends Error {
  override readonly name = 'CasebookError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: FieldIssue[],
  ) {
    super(message);
  }

  toEnvelope(): ErrorEnvelope {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message };
  }
}

export function issuesFromZod(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

export function validationError(error: z.ZodError, what = 'input'): CasebookError {
  const issues = issuesFromZod(error);
  const fields = [...new Set(issues.map((issue) => issue.path || what))].join(', ');
  return new CasebookError('VALIDATION', `Invalid ${what}: ${fields}`, issues);
}
