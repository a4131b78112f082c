import { expect } from 'vitest';
import { CasebookError, type ErrorCode } from '@shared/errors';

/** Runs `work`, expecting a CasebookError with this code; returns it for further checks. */
export function expectCasebookError(work: () => unknown, code: ErrorCode): CasebookError {
  let caught: unknown = null;
  try {
    work();
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected ${code}`).toBeInstanceOf(CasebookError);
  expect((caught as CasebookError).code).toBe(code);
  return caught as CasebookError;
}
