// Binds every channel of the table to Electron's ipcMain, refusing calls from any frame
// that is not our own renderer. Typed structurally so this file does not import electron.
import { channelNames } from '@shared/channels';
import { IPC_PREFIX } from '@shared/bridge';
import type { Result } from '@shared/errors';
import type { Dispatch } from './dispatcher';

export interface SenderFrame {
  url: string;
}
export interface InvokeEvent {
  senderFrame: SenderFrame | null;
}
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEvent, input: unknown) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** Only the app's own page (the built file, or the dev server's origin) may talk to the main process. */
export function makeTrustedFrameCheck(rendererUrl: string): (url: string) => boolean {
  const trusted = new URL(rendererUrl);
  return (url: string) => {
    try {
      const candidate = new URL(url);
      if (trusted.protocol === 'file:') return candidate.protocol === 'file:' && candidate.pathname === trusted.pathname;
      return candidate.origin === trusted.origin;
    } catch {
      return false;
    }
  };
}

export function registerIpc(ipcMain: IpcMainLike, dispatch: Dispatch, isTrustedFrame: (url: string) => boolean): () => void {
  for (const channel of channelNames) {
    ipcMain.handle(`${IPC_PREFIX}${channel}`, async (event, input): Promise<Result<unknown>> => {
      const url = event.senderFrame?.url ?? '';
      if (!isTrustedFrame(url)) {
        return { ok: false, error: { code: 'FORBIDDEN_SENDER', message: 'This window may not use the case book.' } };
      }
      return dispatch(channel, input);
    });
  }
  return () => {
    for (const channel of channelNames) ipcMain.removeHandler(`${IPC_PREFIX}${channel}`);
  };
}
