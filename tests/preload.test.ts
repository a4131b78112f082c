// The preload exposes exactly window.casebook, built from the channel table, and nothing else.
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { channelNames } from '@shared/channels';
import { IPC_PREFIX } from '@shared/bridge';

const exposed = new Map<string, unknown>();
const invoke = vi.fn(async (channel: string, input: unknown) => ({ ok: true, value: { channel, input } }));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer: { invoke, send: vi.fn(), on: vi.fn(), sendSync: vi.fn() },
}));

describe('preload', () => {
  beforeEach(async () => {
    exposed.clear();
    vi.resetModules();
    await import('../src/preload/index');
  });

  test('exposes one object, casebook, and nothing else', () => {
    expect([...exposed.keys()]).toEqual(['casebook']);
  });

  test('its methods are exactly the channel table, namespace by namespace', () => {
    const api = exposed.get('casebook') as Record<string, Record<string, unknown>>;
    const methods = Object.entries(api).flatMap(([namespace, group]) => Object.keys(group).map((method) => `${namespace}.${method}`));
    expect(methods.sort()).toEqual([...channelNames].sort());
    for (const group of Object.values(api)) {
      for (const method of Object.values(group)) expect(typeof method).toBe('function');
    }
    // Exactly the channels: so no ipcRenderer, no generic invoke, nothing else.
    expect(Object.keys(api).sort()).toEqual([...new Set(channelNames.map((name) => name.split('.')[0]))].sort());
    expect(Object.isFrozen(api)).toBe(true);
  });

  test('each method invokes its own prefixed channel with the input unchanged', async () => {
    const api = exposed.get('casebook') as { crises: { list: (input: unknown) => Promise<unknown> } };
    const input = { filter: { teamSlug: 'nis' } };
    await expect(api.crises.list(input)).resolves.toEqual({ ok: true, value: { channel: `${IPC_PREFIX}crises.list`, input } });
    expect(invoke).toHaveBeenLastCalledWith(`${IPC_PREFIX}crises.list`, input);
  });
});
