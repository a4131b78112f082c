// The preload exposes exactly one object, window.casebook, built from the channel names.
// Nothing else crosses: no ipcRenderer, no generic invoke, no Node.
/* eng-disable PRELOAD_JS_CHECK: reviewed; it only maps the fixed channel table to ipcRenderer.invoke. */
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_GLOBAL, IPC_PREFIX, buildBridge } from '@shared/bridge';

const casebook = buildBridge((channel, input) => ipcRenderer.invoke(`${IPC_PREFIX}${channel}`, input));

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, casebook);

export type CasebookBridge = typeof casebook;
