// The one door into the main process: checks the channel, parses the input with the
// channel's zod schema before any service runs, and turns every failure into the typed
// envelope { code, message, issues? }. Electron's ipcMain and the browser test harness
// both call this; only the transport differs.
import { type ChannelName, channels, isChannelName } from '@shared/channels';
import { CasebookError, type ErrorEnvelope, type Result, validationError } from '@shared/errors';
import type { Session } from '../services/session';
import { handlers } from './handlers';
import { scopeToTeam } from './teamScope';
import { holdYoungGeneration } from '../youngGeneration';
import { roleMayCall } from '@shared/permissions';

export type Dispatch = (channel: unknown, input: unknown) => Promise<Result<unknown>>;

/**
 * Channels that build a large result (a summary by month over twenty years, a whole store's
 * bundle): V8's young generation is held at its size while they run (youngGeneration.ts).
 */
const BUILDS_LARGE_RESULTS: ReadonlySet<ChannelName> = new Set(['export.preview', 'export.write', 'bundles.export', 'bundles.import', 'audit.export']);

export interface DispatcherOptions {
  /** Where unexpected errors are reported; the renderer only ever sees a generic message. */
  reportUnexpected?: (channel: string, error: unknown) => void;
}

function failure(error: ErrorEnvelope): Result<never> {
  return { ok: false, error };
}

export function createDispatcher(session: Session, options: DispatcherOptions = {}): Dispatch {
  const reportUnexpected = options.reportUnexpected ?? ((channel, error) => console.error(`[ipc] ${channel} failed`, error));

  return async (channel, input) => {
    if (!isChannelName(channel)) {
      // Not String(channel): an object without a prototype (or with a throwing toPrimitive) throws there.
      const name = typeof channel === 'string' ? channel.slice(0, 80) : `(a ${typeof channel})`;
      return failure({ code: 'UNKNOWN_CHANNEL', message: `Unknown channel: ${name}` });
    }
    // The role is checked first, so a caller learns nothing about a channel it may not use.
    const account = session.currentAccount();
    if (!roleMayCall(account?.role ?? null, channel)) {
      return failure(
        account
          ? { code: 'FORBIDDEN', message: `The ${account.role} role may not use ${channel}.` }
          : { code: 'LOCKED', message: 'The store is locked. Unlock it first.' },
      );
    }
    const schema = channels[channel];
    const parsed = schema.input.safeParse(input);
    if (!parsed.success) return failure(validationError(parsed.error).toEnvelope());
    try {
      const scoped =
        account?.role === 'member' && account.teamSlug
          ? scopeToTeam(channel, parsed.data, account.teamSlug, session.requireStore())
          : parsed.data;
      const handler = handlers[channel] as (input: unknown, session: Session) => unknown;
      const release = BUILDS_LARGE_RESULTS.has(channel) ? holdYoungGeneration() : null;
      try {
        const value = await handler(scoped, session);
        return { ok: true, value: schema.output.parse(value) };
      } finally {
        release?.();
      }
    } catch (error) {
      if (error instanceof CasebookError) return failure(error.toEnvelope());
      reportUnexpected(channel, error);
      return failure({ code: 'INTERNAL', message: 'Something went wrong. The change was not saved.' });
    }
  };
}

export type { ChannelName };
