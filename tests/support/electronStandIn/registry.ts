// What the stand-in's parts share without importing each other: the open windows, and the hub on
// which windows and web contents announce themselves to `app` (Electron's app emits
// 'web-contents-created', 'browser-window-created' and decides what closing the last window means).
import { EventEmitter } from 'node:events';
import type { BrowserWindow } from './browserWindow';
import type { WebContents } from './webContents';

export interface StandInHubEvents {
  'web-contents-created': [contents: WebContents];
  'browser-window-created': [window: BrowserWindow];
  'window-closed': [window: BrowserWindow];
}

export const hub = new EventEmitter<StandInHubEvents>();

/** Open windows, oldest first (BrowserWindow.getAllWindows). */
export const openWindows = new Set<BrowserWindow>();

/** An Electron event object: listeners may call preventDefault(). */
export interface ElectronEvent {
  preventDefault(): void;
  readonly defaultPrevented: boolean;
  [detail: string]: unknown;
}

export function electronEvent(details: Record<string, unknown> = {}): ElectronEvent {
  let prevented = false;
  return {
    ...details,
    preventDefault() {
      prevented = true;
    },
    get defaultPrevented() {
      return prevented;
    },
  };
}

/** Whether app is ready; Electron refuses windows and sessions before it is. */
export const readiness = { ready: false };

export function requireReady(what: string): void {
  if (!readiness.ready) throw new Error(`${what} cannot be used before the app is ready`);
}
