// Electron's ipcMain, for invoke/handle (the only IPC the app uses): one handler per channel, and
// the event each handler receives names the web contents and the frame that called.
import { EventEmitter } from 'node:events';
import type { WebContents, WebFrame } from './webContents';

export interface IpcMainInvokeEvent {
  type: 'frame';
  sender: WebContents;
  /** The frame whose preload called; null once that frame has gone. */
  senderFrame: WebFrame | null;
  frameId: number;
  processId: number;
}

type InvokeHandler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

class IpcMain extends EventEmitter {
  private readonly handlers = new Map<string, InvokeHandler>();

  handle(channel: string, handler: InvokeHandler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    if (typeof handler !== 'function') throw new TypeError(`Expected handler to be a function, but found type '${typeof handler}'`);
    this.handlers.set(channel, handler);
  }

  handleOnce(channel: string, handler: InvokeHandler): void {
    this.handle(channel, (event, ...args) => {
      this.removeHandler(channel);
      return handler(event, ...args);
    });
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /** An ipcRenderer.invoke arriving from a page (webContents.ts). */
  async invoked(event: IpcMainInvokeEvent, channel: string, args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler(event, ...args);
  }
}

export const ipcMain = new IpcMain();
