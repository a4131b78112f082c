// The Import screen's channels over a real session and store, with the import on its own thread
// (the built out/main/importWorker.js): check, import, bad rows, cancel, re-import, lock.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { ChannelInput, ChannelName, ChannelOutput } from '@shared/channels';
import type { ImportStatus } from '@shared/imports';
import type { Result } from '@shared/errors';
import { createDispatcher } from '../src/main/ipc';
import { listAuditEntries } from '../src/main/services/audit';
import { listCrises } from '../src/main/services/crises';
import { provideExchangeShell } from '../src/main/services/export/shell';
import { provideImportDesk } from '../src/main/services/import/desk';
import { Session } from '../src/main/services/session';
import { IMPORT_WORKER_FILE, TEST_PASSPHRASE, TEST_SCRYPT_COST, tempFolder } from './support/tempStore';

const HEADER = 'team;started_at;ended_at;type;hostages;hostages_released;outcome;lead_negotiator;notes';

function crisisLine(index: number, overrides: { team?: string; type?: string } = {}): string {
  const day = new Date(Date.UTC(2010, 0, 1) + index * 3_600_000);
  const started = day.toISOString().slice(0, 16).replace('T', ' ');
  const ended = new Date(day.getTime() + 1_800_000).toISOString().slice(0, 16).replace('T', ' ');
  return [overrides.team ?? 'Niš', started, ended, overrides.type ?? 'hostage', '2', '2', 'released', 'Ana Jović', `red ${index}`].join(';');
}

interface Desk {
  session: Session;
  folder: string;
  /** The file the open dialog "chooses" next; null: the person closes the dialog. */
  choose(path: string | null): void;
  call<C extends ChannelName>(channel: C, input?: ChannelInput<C>): Promise<ChannelOutput<C>>;
  refused(channel: ChannelName, input?: unknown): Promise<{ code: string; message: string }>;
  /** Asks for the status as the screen does, until the step has ended. */
  settled(): Promise<ImportStatus>;
  crises(): number;
}

const sessions: Session[] = [];
afterEach(() => {
  for (const session of sessions.splice(0)) session.lock();
});

async function openDesk(): Promise<Desk> {
  const folder = tempFolder();
  const session = new Session({ storePath: join(folder, 'casebook.db'), scryptCost: TEST_SCRYPT_COST });
  sessions.push(session);
  let chosen: string | null = null;
  provideExchangeShell(session, {
    printPdf: () => Promise.reject(new Error('no printer here')),
    chooseSavePath: () => Promise.resolve(null),
    chooseOpenPath: () => Promise.resolve(chosen),
  });
  provideImportDesk(session, IMPORT_WORKER_FILE, (error) => {
    throw error;
  });
  const dispatch = createDispatcher(session, { reportUnexpected: (_channel, error) => { throw error; } });
  await session.create('Ana Petrović', TEST_PASSPHRASE);
  const call = async <C extends ChannelName>(channel: C, input?: ChannelInput<C>): Promise<ChannelOutput<C>> => {
    const result = (await dispatch(channel, input)) as Result<ChannelOutput<C>>;
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
    return result.value;
  };
  return {
    session,
    folder,
    choose: (path) => {
      chosen = path;
    },
    call,
    refused: async (channel, input) => {
      const result = (await dispatch(channel, input)) as Result<unknown>;
      if (result.ok) throw new Error(`${channel} answered ${JSON.stringify(result.value).slice(0, 200)}`);
      return result.error;
    },
    settled: async () => {
      for (;;) {
        const status = await call('imports.status');
        if (!status) throw new Error('no file is open for import');
        if (status.step !== 'checking' && status.step !== 'importing') return status;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    crises: () => listCrises(session.requireStore(), { limit: 1 }).total ?? 0,
  };
}

function writeCsv(folder: string, name: string, lines: string[]): string {
  const path = join(folder, name);
  writeFileSync(path, `${[HEADER, ...lines].join('\r\n')}\r\n`);
  return path;
}

function importEntries(session: Session) {
  return listAuditEntries(session.requireStore(), { limit: 1000 }).filter((entry) => entry.action === 'import');
}

describe('the Import screen over a real store', () => {
  test('a clean file: checked before anything is written, then imported once, with one audit entry', async () => {
    const desk = await openDesk();
    desk.choose(writeCsv(desk.folder, 'nis-2010.csv', [crisisLine(1), crisisLine(2), crisisLine(3)]));
    const opened = await desk.call('imports.open', { kind: 'crises' });
    expect(opened).toMatchObject({ opened: true, status: { fileName: 'nis-2010.csv', kind: 'crises', step: 'checking' } });
    const checked = await desk.settled();
    expect(checked.step).toBe('checked');
    expect(checked.check).toMatchObject({ dryRun: true, rowsRead: 3, importable: 3, imported: 0, invalidRows: 0, sheet: null, sheets: [] });
    expect(checked.check?.columns.recognised.map((column) => column.header)).toContain('lead_negotiator');
    expect(checked.check?.preview.map((row) => row.values['notes'])).toEqual(['red 1', 'red 2', 'red 3']);
    expect(desk.crises()).toBe(0);
    expect(importEntries(desk.session)).toEqual([]);

    expect((await desk.call('imports.commit', { fileId: checked.fileId })).step).toBe('importing');
    const imported = await desk.settled();
    expect(imported).toMatchObject({ step: 'imported', outcome: { dryRun: false, imported: 3, committed: true, membersCreated: 1 } });
    expect(desk.crises()).toBe(3);
    expect(importEntries(desk.session)).toHaveLength(1);
    expect(importEntries(desk.session)[0]?.actor).toBe('Ana Petrović');
    // Done is done: the same check is not imported twice.
    expect((await desk.refused('imports.commit', { fileId: checked.fileId })).code).toBe('VALIDATION');
  });

  test('bad rows: named by line and column; by default nothing is imported, or only the valid rows when asked', async () => {
    const desk = await openDesk();
    desk.choose(writeCsv(desk.folder, 'mixed.csv', [crisisLine(1), crisisLine(2, { team: 'Atlantida' }), crisisLine(3, { type: 'piknik' })]));
    await desk.call('imports.open', { kind: 'crises' });
    const checked = await desk.settled();
    expect(checked.check).toMatchObject({ rowsRead: 3, importable: 1, invalidRows: 2 });
    expect(checked.check?.invalid).toEqual([
      expect.objectContaining({ row: 3, column: 'team', message: expect.stringContaining('Atlantida') }),
      expect.objectContaining({ row: 4, column: 'type', message: expect.stringContaining('piknik') }),
    ]);
    await desk.call('imports.commit', { fileId: checked.fileId });
    expect(await desk.settled()).toMatchObject({ step: 'imported', outcome: { imported: 0, committed: false } });
    expect(desk.crises()).toBe(0);
    expect(importEntries(desk.session)).toEqual([]);

    // Checked again, then only the valid row.
    await desk.call('imports.check', { fileId: checked.fileId, kind: 'crises' });
    await desk.settled();
    await desk.call('imports.commit', { fileId: checked.fileId, onlyValidRows: true });
    expect(await desk.settled()).toMatchObject({ outcome: { imported: 1, committed: true, invalidRows: 2 } });
    expect(desk.crises()).toBe(1);
  });

  test('the same file imported again adds nothing: every row is already present', async () => {
    const desk = await openDesk();
    const path = writeCsv(desk.folder, 'twice.csv', [crisisLine(1), crisisLine(2)]);
    desk.choose(path);
    for (let round = 0; round < 2; round++) {
      await desk.call('imports.open', { kind: 'crises' });
      const checked = await desk.settled();
      expect(checked.check).toMatchObject(round === 0 ? { importable: 2, alreadyPresent: 0 } : { importable: 0, alreadyPresent: 2 });
      await desk.call('imports.commit', { fileId: checked.fileId });
      await desk.settled();
    }
    expect(desk.crises()).toBe(2);
    expect(importEntries(desk.session)).toHaveLength(1);
  });

  test('Cancel during a large import leaves the store as it was; the file can then be imported', { timeout: 300_000 }, async () => {
    const desk = await openDesk();
    const lines = Array.from({ length: 60_000 }, (_, index) => crisisLine(index));
    desk.choose(writeCsv(desk.folder, 'large.csv', lines));
    const { status } = await desk.call('imports.open', { kind: 'crises' });
    const fileId = status?.fileId ?? '';
    const checked = await desk.settled();
    expect(checked.check?.importable).toBe(60_000);
    const before = listAuditEntries(desk.session.requireStore(), { limit: 1000 }).length;

    await desk.call('imports.commit', { fileId });
    // Cancel once the thread has told of rows read: it cannot have finished the file yet.
    for (;;) {
      // What the screen asks for while a step runs: the progress alone, never the reports.
      const running = await desk.call('imports.progress');
      if (running?.step !== 'importing') throw new Error(`the import ended before it could be cancelled: ${running?.step}`);
      expect(Object.keys(running).sort()).toEqual(['cancelling', 'fileId', 'progress', 'step']);
      if (running.progress.rowsRead > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect((await desk.call('imports.cancel', { fileId })).cancelling).toBe(true);
    expect(await desk.settled()).toMatchObject({ step: 'cancelled', outcome: null });
    expect(desk.crises()).toBe(0);
    expect(listAuditEntries(desk.session.requireStore(), { limit: 1000 })).toHaveLength(before);

    await desk.call('imports.commit', { fileId });
    expect(await desk.settled()).toMatchObject({ step: 'imported', outcome: { imported: 60_000 } });
    expect(desk.crises()).toBe(60_000);
  });

  test('locking while a file is checked stops the thread and forgets the file', async () => {
    const desk = await openDesk();
    desk.choose(writeCsv(desk.folder, 'locked.csv', Array.from({ length: 20_000 }, (_, index) => crisisLine(index))));
    const { status } = await desk.call('imports.open', { kind: 'crises' });
    desk.session.lock();
    await desk.session.unlock(TEST_PASSPHRASE);
    expect(await desk.call('imports.status')).toBeNull();
    expect((await desk.refused('imports.commit', { fileId: status?.fileId })).code).toBe('NOT_FOUND');
    expect(desk.crises()).toBe(0);
  });

  test('a closed dialog opens nothing; a file that is not a spreadsheet fails with a clear error', async () => {
    const desk = await openDesk();
    desk.choose(null);
    expect(await desk.call('imports.open', { kind: 'hotline' })).toEqual({ opened: false, status: null });
    desk.choose(writeCsv(desk.folder, 'wrong.csv', []).replace('wrong.csv', 'missing-columns.csv'));
    writeFileSync(join(desk.folder, 'missing-columns.csv'), 'name;age\nAna;30\n');
    await desk.call('imports.open', { kind: 'crises' });
    const failed = await desk.settled();
    expect(failed).toMatchObject({ step: 'failed', check: null, error: { code: 'IMPORT_INVALID', message: expect.stringContaining('started_at') } });
    expect((await desk.refused('imports.commit', { fileId: failed.fileId })).code).toBe('VALIDATION');
    expect(await desk.call('imports.close', { fileId: failed.fileId })).toBeNull();
    expect(await desk.call('imports.status')).toBeNull();
  });
});
