// Every channel of the table bound to its service. Inputs arrive here already parsed.
import type { z } from 'zod';
import type { ChannelName, ChannelOutput, ChannelTable } from '@shared/channels';
import type { Session } from '../services/session';
import { listTeams } from '../services/teams';
import { createMember, listMembers, updateMember } from '../services/members';
import { closeCrisis, createCrisis, getCrisis, listCrises, updateCrisis } from '../services/crises';
import { appendLogEntry, editLogEntry, listLog, removeLogEntry } from '../services/crisisLog';
import { createHotlineCall, getHotlineCall, listHotlineCalls, updateHotlineCall } from '../services/hotline';
import { statisticsSummary } from '../services/statistics';

type ParsedInput<C extends ChannelName> = z.output<ChannelTable[C]['input']>;
export type Handlers = {
  [C in ChannelName]: (input: ParsedInput<C>, session: Session) => ChannelOutput<C> | Promise<ChannelOutput<C>>;
};

const ok = { ok: true } as const;

export const handlers: Handlers = {
  'session.status': (_input, session) => session.status(),
  'session.create': (input, session) => session.create(input.userName, input.passphrase),
  'session.unlock': (input, session) => session.unlock(input.passphrase),
  'session.lock': (_input, session) => session.lock(),
  'session.changePassphrase': async (input, session) => {
    await session.changePassphrase(input.current, input.next);
    return ok;
  },

  'teams.list': (_input, session) => listTeams(session.requireStore()),

  'members.list': (input, session) => listMembers(session.requireStore(), input),
  'members.create': (input, session) => createMember(session.requireStore(), input),
  'members.update': (input, session) => updateMember(session.requireStore(), input.id, input.version, input.member),

  'crises.list': (input, session) => listCrises(session.requireStore(), input),
  'crises.get': (input, session) => getCrisis(session.requireStore(), input.id),
  'crises.create': (input, session) => createCrisis(session.requireStore(), input),
  'crises.update': (input, session) => updateCrisis(session.requireStore(), input),
  'crises.close': (input, session) => closeCrisis(session.requireStore(), input),

  'crisisLog.list': (input, session) => listLog(session.requireStore(), input.crisisId),
  'crisisLog.append': (input, session) => appendLogEntry(session.requireStore(), input),
  'crisisLog.edit': (input, session) => editLogEntry(session.requireStore(), input),
  'crisisLog.remove': (input, session) => {
    removeLogEntry(session.requireStore(), input.id);
    return ok;
  },

  'hotline.list': (input, session) => listHotlineCalls(session.requireStore(), input),
  'hotline.get': (input, session) => getHotlineCall(session.requireStore(), input.id),
  'hotline.create': (input, session) => createHotlineCall(session.requireStore(), input),
  'hotline.update': (input, session) => updateHotlineCall(session.requireStore(), input),

  'stats.summary': (input, session) => statisticsSummary(session.requireStore(), input),
};
