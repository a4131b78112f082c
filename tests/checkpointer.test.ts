// WAL checkpoints in a worker during bursts of writes (src/main/store/checkpointer.ts), on real
// encrypted stores: the worker opens the file with the store's key, checkpoints while the writer
// goes on, and the store falls back to checkpointing itself when the worker is gone.
import { existsSync, statSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { createCrisis, listCrises } from '../src/main/services/crises';
import { openStore, openingPragmas, rekeyStore } from '../src/main/store';
import { Checkpointer } from '../src/main/store/checkpointer';
import { WAL_RESTART_PAGES } from '../src/main/store/store';
import type { Store } from '../src/main/store';
import { TEST_PASSPHRASE, newTestStore, track } from './support/tempStore';

function addCrises(store: Store, count: number): void {
  for (let i = 0; i < count; i++) {
    createCrisis(store, { teamSlug: 'nis', startedAt: new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toISOString(), type: 'other', notes: `burst ${i}` });
  }
}

function autocheckpoint(store: Store): number {
  return store.connection.pragma('wal_autocheckpoint', { simple: true }) as number;
}

describe('background checkpoints', () => {
  test('a burst of commits starts the worker, which checkpoints the WAL into the file while the writer goes on', async () => {
    const { store, path } = await newTestStore();
    expect(store.backgroundCheckpointer).toBeNull();
    addCrises(store, 10);
    expect(store.backgroundCheckpointer).toBeNull(); // a few writes are left to the idle checkpoint
    const fileBefore = statSync(path).size;
    addCrises(store, 150);
    const worker = store.backgroundCheckpointer;
    expect(worker).not.toBeNull();
    expect(autocheckpoint(store)).toBe(0);
    await worker?.settled();
    // Asked at the 20th commit and then every 100th: at the 20th and the 120th of these 160.
    expect(worker?.checkpoints).toBeGreaterThan(0);
    expect(worker?.checkpoints).toBeLessThanOrEqual(2);
    // The pages reached the database file itself, and they are readable and whole.
    expect(statSync(path).size).toBeGreaterThan(fileBefore);
    expect(store.connection.pragma('integrity_check', { simple: true })).toBe('ok');
    // Closing waits for the worker's connection, so the store's own is the last: it removes the WAL.
    addCrises(store, 25);
    store.close();
    expect(existsSync(`${path}-wal`)).toBe(false);
    expect(existsSync(`${path}-shm`)).toBe(false);
    const reopened = track(await openStore({ path, passphrase: TEST_PASSPHRASE }));
    expect(listCrises(reopened, { filter: { text: 'burst' }, limit: 1 }).total).toBe(185);
  });

  test('a worker that cannot open the file stops, and the store checkpoints by itself again', async () => {
    const { store, path } = await newTestStore();
    const wrongKey = new Checkpointer({ path, openPragmas: openingPragmas(Buffer.alloc(32)) });
    const stopped = new Promise<void>((resolve) => wrongKey.onStop(resolve));
    wrongKey.request();
    await stopped;
    expect(wrongKey.usable).toBe(false);
    expect(wrongKey.checkpoints).toBe(0);

    addCrises(store, 25);
    expect(autocheckpoint(store)).toBe(0);
    store.stopCheckpointer();
    expect(autocheckpoint(store)).toBe(4000);
  });

  test('a long burst, written without ever yielding, keeps the WAL near the size at which it starts over', async () => {
    const { store, path } = await newTestStore();
    const pageSize = store.connection.pragma('page_size', { simple: true }) as number;
    const notes = 'Pregovarač je uspostavio kontakt telefonom. '.repeat(60);
    // Each such commit writes ~33 frames: enough of them for four times the restart size.
    const commits = Math.ceil((4 * WAL_RESTART_PAGES) / 33);
    for (let i = 0; i < commits; i++) {
      createCrisis(store, { teamSlug: 'nis', startedAt: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(), type: 'other', notes });
    }
    const worker = store.backgroundCheckpointer;
    expect(worker?.checkpoints).toBeGreaterThan(1);
    // The WAL starts over once the worker has caught up with WAL_RESTART_PAGES, so it stays
    // within about twice that; without, it would hold every frame.
    expect(statSync(`${path}-wal`).size).toBeLessThan(2 * WAL_RESTART_PAGES * (pageSize + 24));
    await worker?.settled();
    expect(store.connection.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(listCrises(store, { filter: { teamSlug: 'nis' }, limit: 1 }).total).toBe(commits);
  });

  test('after a rekey the next worker opens the file with the new key', async () => {
    const { store, path } = await newTestStore();
    addCrises(store, 30);
    await store.backgroundCheckpointer?.settled();
    rekeyStore(store).fill(0);
    expect(store.backgroundCheckpointer).toBeNull();
    addCrises(store, 30);
    const worker = store.backgroundCheckpointer;
    expect(worker).not.toBeNull();
    await worker?.settled();
    expect(worker?.usable).toBe(true);
    expect(worker?.checkpoints).toBeGreaterThan(0);
    store.close();
    const reopened = track(await openStore({ path, passphrase: TEST_PASSPHRASE }));
    expect(listCrises(reopened, { filter: { text: 'burst' }, limit: 1 }).total).toBe(60);
    expect(reopened.connection.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
