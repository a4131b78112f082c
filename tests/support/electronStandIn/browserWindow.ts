// Electron's BrowserWindow: a Chromium page in the window's session, with the window's state
// (shown, focused, minimised) kept here, since a headless Chromium draws no window to ask.
import { EventEmitter } from 'node:events';
import type { Page } from 'playwright-core';
import { electronEvent, hub, openWindows, requireReady } from './registry';
import { session } from './session';
import { type WebPreferences, WebContents } from './webContents';

export interface BrowserWindowOptions {
  width?: number;
  height?: number;
  x?: number;
  y?: number;
  minWidth?: number;
  minHeight?: number;
  show?: boolean;
  title?: string;
  backgroundColor?: string;
  webPreferences?: WebPreferences;
  [other: string]: unknown;
}

let nextWindowId = 1;

export class BrowserWindow extends EventEmitter {
  static getAllWindows(): BrowserWindow[] {
    return [...openWindows];
  }

  static getFocusedWindow(): BrowserWindow | null {
    return [...openWindows].find((window) => window.focused) ?? null;
  }

  static fromWebContents(contents: WebContents): BrowserWindow | null {
    return [...openWindows].find((window) => window.webContents === contents) ?? null;
  }

  static fromId(id: number): BrowserWindow | null {
    return [...openWindows].find((window) => window.id === id) ?? null;
  }

  /** A window for a page Chromium opened itself (window.open the handler allowed). */
  static adopt(page: Page, options: BrowserWindowOptions): BrowserWindow {
    return new BrowserWindow(options, page);
  }

  readonly id = nextWindowId++;
  readonly webContents: WebContents;
  private title: string;
  private bounds: { x: number; y: number; width: number; height: number };
  private visible = false;
  private focused = false;
  private minimized = false;
  private destroyed = false;

  constructor(options: BrowserWindowOptions = {}, adopted?: Page) {
    super();
    requireReady('BrowserWindow');
    const preferences = options.webPreferences ?? {};
    const windowSession = preferences.session ?? (preferences.partition ? session.fromPartition(preferences.partition) : session.defaultSession);
    this.title = options.title ?? 'Electron';
    this.bounds = { x: options.x ?? 0, y: options.y ?? 0, width: options.width ?? 800, height: options.height ?? 600 };
    this.webContents = new WebContents({ session: windowSession, webPreferences: preferences, size: { width: this.bounds.width, height: this.bounds.height }, ...(adopted ? { page: adopted } : {}) });
    this.webContents.attachHost({ pageClosed: () => this.finishClose() });
    this.webContents.once('dom-ready', () => this.emit('ready-to-show', electronEvent()));
    openWindows.add(this);
    hub.emit('browser-window-created', this);
    if (options.show !== false) this.show();
  }

  loadURL(url: string): Promise<void> {
    return this.webContents.loadURL(url);
  }

  loadFile(path: string): Promise<void> {
    return this.webContents.loadFile(path);
  }

  reload(): void {
    this.webContents.reload();
  }

  show(): void {
    this.visible = true;
    this.emit('show', electronEvent());
    this.focus();
  }

  showInactive(): void {
    this.visible = true;
    this.emit('show', electronEvent());
  }

  hide(): void {
    this.visible = false;
    this.blur();
    this.emit('hide', electronEvent());
  }

  isVisible(): boolean {
    return this.visible;
  }

  focus(): void {
    if (this.destroyed) return;
    for (const other of openWindows) if (other !== this) other.blur();
    if (!this.focused) {
      this.focused = true;
      this.emit('focus', electronEvent());
    }
    void this.webContents.bringToFront().catch(() => undefined);
  }

  blur(): void {
    if (!this.focused) return;
    this.focused = false;
    this.emit('blur', electronEvent());
  }

  isFocused(): boolean {
    return this.focused;
  }

  minimize(): void {
    if (this.minimized) return;
    this.minimized = true;
    this.blur();
    this.emit('minimize', electronEvent());
  }

  restore(): void {
    if (!this.minimized) return;
    this.minimized = false;
    this.visible = true;
    this.emit('restore', electronEvent());
  }

  isMinimized(): boolean {
    return this.minimized;
  }

  getTitle(): string {
    return this.title;
  }

  setTitle(title: string): void {
    this.title = title;
  }

  getBounds(): { x: number; y: number; width: number; height: number } {
    return { ...this.bounds };
  }

  getSize(): [number, number] {
    return [this.bounds.width, this.bounds.height];
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  /** As the close button: 'close' may be prevented; otherwise the page closes and 'closed' follows. */
  close(): boolean {
    if (this.destroyed) return true;
    const event = electronEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return false;
    void this.closePage();
    return true;
  }

  /** Closes at once, without 'close'. */
  destroy(): void {
    if (this.destroyed) return;
    void this.closePage();
  }

  /** Resolves once the window is gone (app.quit waits for this). */
  whenClosed(): Promise<void> {
    if (this.destroyed && !openWindows.has(this)) return Promise.resolve();
    return new Promise((resolve) => this.once('closed', () => resolve()));
  }

  private async closePage(): Promise<void> {
    this.destroyed = true;
    this.blur();
    await this.webContents.destroy();
    this.finishClose();
  }

  private finishClose(): void {
    this.destroyed = true;
    if (!openWindows.delete(this)) return;
    this.emit('closed', electronEvent());
    hub.emit('window-closed', this);
  }
}
