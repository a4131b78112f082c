// The one channel table: name → input and output schema. Main binds it to services, the
// preload builds `window.casebook` from its names, and the renderer's types derive from it.
import { z } from 'zod';
import * as d from './domain';
import * as x from './exchange';
import * as a from './accounts';
import * as b from './debriefs';
import * as r from './memberRecords';
import * as i from './imports';

// Electron may deliver a missing argument as null; both mean "no input".
const none = z.union([z.undefined(), z.null()]).transform(() => undefined);
const ok = z.object({ ok: z.literal(true) });
const byId = z.object({ id: d.id }).strict();

export const channels = {
  'session.status': { input: none, output: d.sessionStatus },
  'session.create': { input: d.createStoreInput, output: d.sessionStatus },
  'session.unlock': { input: d.unlockInput, output: d.sessionStatus },
  'session.lock': { input: none, output: d.sessionStatus },
  'session.changePassphrase': { input: d.changePassphraseInput, output: ok },

  'teams.list': { input: none, output: z.array(d.team) },

  'members.list': {
    input: z.object({ teamSlug: d.teamSlug.optional(), includeInactive: z.boolean().default(false) }).strict(),
    output: z.array(d.member),
  },
  'members.create': { input: d.memberInput, output: d.member },
  'members.update': {
    input: z.object({ id: d.id, version: z.number().int().min(1), member: d.memberInput }).strict(),
    output: d.member,
  },

  'members.record': { input: z.object({ memberId: d.id }).strict(), output: r.memberRecord },

  'crises.list': { input: d.crisisListQuery, output: d.crisisPage },
  'crises.get': { input: byId, output: d.crisis },
  'crises.create': { input: d.crisisInput, output: d.crisis },
  'crises.update': { input: d.crisisUpdate, output: d.crisis },
  'crises.close': { input: d.crisisClose, output: d.crisis },

  'crisisLog.list': { input: z.object({ crisisId: d.id }).strict(), output: z.array(d.logEntry) },
  'crisisLog.append': { input: d.logEntryInput, output: d.logEntry },
  'crisisLog.edit': { input: d.logEntryEdit, output: d.logEntry },
  'crisisLog.remove': { input: byId, output: ok },

  'debriefs.get': { input: z.object({ crisisId: d.id }).strict(), output: b.debrief },
  'debriefs.save': { input: b.debriefSave, output: b.debrief },
  // Main asks where to save the PDF; no path crosses the bridge.
  'reports.incident': { input: b.incidentReportInput, output: x.savedFile },

  'hotline.list': { input: d.hotlineListQuery, output: d.hotlinePage },
  'hotline.get': { input: byId, output: d.hotlineCall },
  'hotline.create': { input: d.hotlineCallInput, output: d.hotlineCall },
  'hotline.update': { input: d.hotlineCallUpdate, output: d.hotlineCall },

  'stats.summary': { input: d.statsFilter.default({}), output: d.statistics },
  'stats.memberLoad': { input: r.memberLoadQuery, output: r.memberLoad },

  // Anonymised summary exports and encrypted team bundles (schemas in ./exchange). No channel
  // takes a file path: main shows the save/open dialog and writes or reads the file itself.
  'export.preview': { input: x.summaryParams.prefault({}), output: x.summaryExport },
  'export.write': { input: x.summaryWriteInput, output: x.savedFile },
  'export.history': { input: x.exportHistoryQuery, output: z.array(x.exportRecord) },
  'bundles.export': { input: x.bundleExportInput, output: x.bundleSaved },
  'bundles.import': { input: x.bundleImportInput, output: x.bundleOpened },

  // Spreadsheet import from the app (schemas in ./imports). Main shows the open dialog and keeps
  // the file; each step runs on a thread of its own and the screen asks for its status.
  'imports.open': { input: i.importOpenInput, output: i.importOpened },
  'imports.check': { input: i.importCheckInput, output: i.importStatus },
  'imports.commit': { input: i.importCommitInput, output: i.importStatus },
  'imports.cancel': { input: i.importFileInput, output: i.importStatus },
  'imports.close': { input: i.importFileInput, output: z.null() },
  'imports.status': { input: none, output: i.importStatus.nullable() },
  'imports.progress': { input: none, output: i.importRunning.nullable() },

  'accounts.list': { input: none, output: z.array(a.account) },
  'accounts.create': { input: a.accountCreateInput, output: a.account },
  'accounts.update': { input: a.accountUpdateInput, output: a.account },
  'accounts.remove': { input: a.accountRemoveInput, output: ok },

  'audit.list': { input: a.auditListQuery.prefault({}), output: z.array(a.auditEntry) },
  'audit.verify': { input: none, output: a.auditVerification },
  // Main asks where to save the trail; no path crosses the bridge.
  'audit.export': { input: none, output: x.savedFile },

  'backups.list': { input: none, output: z.array(a.backupInfo) },
  'backups.run': { input: none, output: a.backupInfo },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export type ChannelTable = typeof channels;
export type ChannelName = keyof ChannelTable;
export type ChannelInput<C extends ChannelName> = z.input<ChannelTable[C]['input']>;
export type ChannelOutput<C extends ChannelName> = z.output<ChannelTable[C]['output']>;

export const channelNames = Object.keys(channels) as ChannelName[];

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.hasOwn(channels, name);
}
