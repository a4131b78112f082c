// The renderer's only way to data: window.casebook, built by the preload from the channel table.
import type { CasebookApi } from '@shared/bridge';
import type { ErrorCode, ErrorEnvelope, FieldIssue, Result } from '@shared/errors';

export function casebook(): CasebookApi {
  const bridge = (window as unknown as { casebook?: CasebookApi }).casebook;
  if (!bridge) throw new Error('window.casebook is missing: the preload did not run.');
  return bridge;
}

/** A failure the service reported; `envelope` carries its code and field issues. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(readonly envelope: ErrorEnvelope) {
    super(envelope.message);
  }
  get code(): ErrorCode {
    return this.envelope.code;
  }
  get issues(): FieldIssue[] {
    return this.envelope.issues ?? [];
  }
}

type LockedListener = () => void;
let onLocked: LockedListener | null = null;

/** The session registers here, so any call that finds the store locked sends the user to unlock. */
export function setLockedListener(listener: LockedListener | null): void {
  onLocked = listener;
}

/** Unwraps a Result: the value, or an ApiError thrown. */
export async function call<T>(pending: Promise<Result<T>>): Promise<T> {
  const result = await pending;
  if (result.ok) return result.value;
  if (result.error.code === 'LOCKED') onLocked?.();
  throw new ApiError(result.error);
}

export function isApiError(error: unknown, code?: ErrorCode): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}
