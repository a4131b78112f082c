// Every channel of the table bound to its service. Inputs arrive here already parsed.
import type { z } from 'zod';
import type { ChannelName, ChannelOutput, ChannelTable } from '@shared/channels';
import type { Session } from '../services/session';
import { listTeams } from '../services/teams';
import { createMember, listMembers, updateMember } from '../services/members';
import { closeCrisis, createCrisis, getCrisis, listCrises, updateCrisis } from '../services/crises';
import { appendLogEntry, editLogEntry, listLog, removeLogEntry } from '../services/crisisLog';
import { getDebrief, saveDebrief } from '../services/debriefs';
import { memberLoad, memberRecord } from '../services/memberRecords';
import { saveIncidentReport } from '../services/incidentReport';
import { createHotlineCall, getHotlineCall, listHotlineCalls, updateHotlineCall } from '../services/hotline';
import { statisticsSummary } from '../services/statistics';
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { createAccount, listAccounts, removeAccount, updateAccount } from '../services/accounts';
import { listAuditEntries, recordEvent, saveAuditTrail, verifyAuditChain } from '../services/audit';
import { backupStore, listBackups } from '../services/backup';
import { pruneBackups } from '../services/backupSchedule';
import { listExports, previewSummaryExport } from '../services/export';
import { exchangeShellOf, openAndImportBundle, saveBundle, saveSummaryExport } from '../services/export/shell';
import { importDeskOf } from '../services/import/desk';

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

  'members.record': (input, session) => memberRecord(session.requireStore(), input.memberId),

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

  'debriefs.get': (input, session) => getDebrief(session.requireStore(), input.crisisId),
  'debriefs.save': (input, session) => saveDebrief(session.requireStore(), input),
  'reports.incident': (input, session) => saveIncidentReport(session.requireStore(), exchangeShellOf(session), input),

  'hotline.list': (input, session) => listHotlineCalls(session.requireStore(), input),
  'hotline.get': (input, session) => getHotlineCall(session.requireStore(), input.id),
  'hotline.create': (input, session) => createHotlineCall(session.requireStore(), input),
  'hotline.update': (input, session) => updateHotlineCall(session.requireStore(), input),

  'stats.summary': (input, session) => statisticsSummary(session.requireStore(), input),
  'stats.memberLoad': (input, session) => memberLoad(session.requireStore(), input),

  'export.preview': (input, session) => previewSummaryExport(session.requireStore(), input),
  'export.write': (input, session) => saveSummaryExport(session.requireStore(), exchangeShellOf(session), input),
  'export.history': (input, session) => listExports(session.requireStore(), input),
  'bundles.export': (input, session) =>
    saveBundle(session.requireStore(), exchangeShellOf(session), { teamSlug: input.teamSlug, passphrase: input.passphrase }),
  'bundles.import': (input, session) => openAndImportBundle(session.requireStore(), exchangeShellOf(session), input),

  'imports.open': (input, session) => importDeskOf(session).open(session, exchangeShellOf(session), input.kind),
  'imports.check': (input, session) => importDeskOf(session).check(session, input.fileId, input.kind, input.sheet),
  'imports.commit': (input, session) => importDeskOf(session).commit(session, input.fileId, input.onlyValidRows),
  'imports.cancel': (input, session) => importDeskOf(session).cancel(input.fileId),
  'imports.close': (input, session) => importDeskOf(session).close(input.fileId),
  'imports.status': (_input, session) => importDeskOf(session).status(),
  'imports.progress': (_input, session) => importDeskOf(session).progress(),

  'accounts.list': (_input, session) => listAccounts(session.requireStore()),
  'accounts.create': (input, session) => createAccount(session.requireStore(), session.keyAccess(), input),
  'accounts.update': (input, session) => updateAccount(session.requireStore(), input),
  'accounts.remove': (input, session) => {
    const { newStoreKey } = removeAccount(session.requireStore(), input, session.requireAccount().id);
    if (newStoreKey) session.replaceStoreKey(newStoreKey);
    return ok;
  },

  'audit.list': (input, session) => listAuditEntries(session.requireStore(), input),
  'audit.verify': (_input, session) => verifyAuditChain(session.requireStore()),
  'audit.export': (_input, session) => saveAuditTrail(session.requireStore(), exchangeShellOf(session)),

  'backups.list': (_input, session) => listBackups(session.backupFolder).map(toBackupInfo),
  'backups.run': (_input, session) => {
    const made = backupStore(session.requireStore(), session.backupFolder);
    recordEvent(session.requireStore(), 'backup', { fileName: basename(made.path) });
    pruneBackups(session.backupFolder);
    return toBackupInfo(made);
  },
};

function toBackupInfo(entry: { path: string; createdAt: Date; bytes?: number }) {
  return { fileName: basename(entry.path), createdAt: entry.createdAt.toISOString(), bytes: entry.bytes ?? statSync(entry.path).size };
}
