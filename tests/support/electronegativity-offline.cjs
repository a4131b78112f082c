// Preloaded with `node -r` in front of electronegativity (see build/electronegativity.cjs).
// At start it fetches translations and Electron's release list; offline, its HTTP client
// (got + p-cancelable) throws from a timer and kills the process before any file is scanned.
// Only that one error is swallowed here; every other uncaught error still ends the process.
'use strict';

function isOfflineFetchError(error) {
  if (!error || typeof error !== 'object') return false;
  const code = /** @type {{ code?: unknown }} */ (error).code;
  const message = String(/** @type {{ message?: unknown }} */ (error).message ?? '');
  if (typeof code === 'string' && ['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ENETUNREACH', 'ETIMEDOUT', 'ECONNRESET'].includes(code)) {
    return true;
  }
  return /onCancel` handler was attached after the promise settled/.test(message);
}

function onUncaught(error) {
  if (isOfflineFetchError(error)) return;
  process.removeListener('uncaughtException', onUncaught);
  process.removeListener('unhandledRejection', onUncaught);
  console.error(error);
  process.exit(70);
}

process.on('uncaughtException', onUncaught);
process.on('unhandledRejection', onUncaught);
