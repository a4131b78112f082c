// Electron's webContents over one Chromium page, driven through playwright-core and a CDP session
// of the stand-in's own: frames as Chromium reports them, the preload in its isolated world,
// ipcRenderer.invoke answered by ipcMain with the calling frame, every request paused for the
// session's webRequest listeners and for will-navigate / will-redirect, and printToPDF.
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { CDPSession, ConsoleMessage, Page } from 'playwright-core';
import { type Cloned, cloneCodec, mainWorldSource, preloadWorldSource } from './pageScripts';
import { type ElectronEvent, electronEvent, hub } from './registry';
import type { ResourceType, Session } from './session';
import { ipcMain } from './ipcMain';

export interface WebPreferences {
  preload?: string | undefined;
  contextIsolation?: boolean;
  sandbox?: boolean;
  nodeIntegration?: boolean;
  nodeIntegrationInWorker?: boolean;
  nodeIntegrationInSubFrames?: boolean;
  javascript?: boolean;
  partition?: string;
  session?: Session;
  devTools?: boolean;
  [other: string]: unknown;
}

export interface WindowOpenDetails {
  url: string;
  frameName: string;
  features: string;
  disposition: 'default' | 'foreground-tab' | 'background-tab' | 'new-window' | 'other';
  referrer: { url: string; policy: string };
}
export type WindowOpenAnswer = { action: 'deny' } | { action: 'allow'; overrideBrowserWindowOptions?: Record<string, unknown> };

export interface PrintToPdfOptions {
  landscape?: boolean;
  displayHeaderFooter?: boolean;
  printBackground?: boolean;
  scale?: number;
  pageSize?: string | { width: number; height: number };
  margins?: { top?: number; bottom?: number; left?: number; right?: number };
  pageRanges?: string;
  headerTemplate?: string;
  footerTemplate?: string;
  preferCSSPageSize?: boolean;
  generateTaggedPDF?: boolean;
  generateDocumentOutline?: boolean;
}

/** How a window is told that its page went away without being asked to (window.close(), a crash). */
export interface WebContentsHost {
  pageClosed(): void;
}

let nextWebContentsId = 1;
let nextFrameRoutingId = 1;

/** Electron's WebFrameMain, for what the shell reads of it: the frame's URL, origin and place in the tree. */
export class WebFrame {
  readonly routingId = nextFrameRoutingId++;
  readonly frameTreeNodeId = this.routingId;
  /** Chromium's renderer process ids are not reported over this CDP session. */
  readonly processId = 0;
  url = '';
  origin = '';
  name = '';
  detached = false;
  readonly frames: WebFrame[] = [];
  readonly devToolsFrameId: string;
  parent: WebFrame | null;

  constructor(devToolsFrameId: string, parent: WebFrame | null) {
    this.devToolsFrameId = devToolsFrameId;
    this.parent = parent;
    parent?.frames.push(this);
  }

  get top(): WebFrame {
    return this.parent ? this.parent.top : this;
  }

  isDestroyed(): boolean {
    return this.detached;
  }
}

interface CdpFrame {
  id: string;
  parentId?: string;
  url: string;
  urlFragment?: string;
  name?: string;
  securityOrigin: string;
}
interface CdpFrameTree {
  frame: CdpFrame;
  childFrames?: CdpFrameTree[];
}
interface PausedRequest {
  requestId: string;
  request: { url: string; method: string; headers: Record<string, string> };
  frameId: string;
  resourceType: string;
  responseErrorReason?: string;
  responseStatusCode?: number;
  responseStatusText?: string;
  responseHeaders?: { name: string; value: string }[];
  redirectedRequestId?: string;
}

const RESOURCE_TYPES: Record<string, ResourceType> = {
  Stylesheet: 'stylesheet',
  Script: 'script',
  Image: 'image',
  Font: 'font',
  XHR: 'xhr',
  Fetch: 'xhr',
  Ping: 'ping',
  CSPViolationReport: 'cspReport',
  Media: 'media',
  WebSocket: 'webSocket',
};

const CONSOLE_LEVELS: Record<string, [level: 'debug' | 'info' | 'warning' | 'error', number: number]> = {
  debug: ['debug', 0],
  log: ['info', 1],
  info: ['info', 1],
  warning: ['warning', 2],
  error: ['error', 3],
};

const withoutFragment = (url: string) => url.split('#')[0] ?? url;

/** The isolated world the preload runs in; Electron's own is called the same. */
const PRELOAD_WORLD = 'Electron Isolated Context';

export class WebContents extends EventEmitter {
  readonly id = nextWebContentsId++;
  readonly session: Session;
  private readonly preferences: WebPreferences;
  private readonly codec = cloneCodec();
  private readonly binding = `__electronIpc_${randomUUID().replaceAll('-', '')}`;
  private readonly reply = `__electronIpcReply_${randomUUID().replaceAll('-', '')}`;
  private readonly opened: Promise<{ page: Page; cdp: CDPSession }>;
  private readonly frames = new Map<string, WebFrame>();
  private readonly contextFrames = new Map<number, string>();
  /** Main-frame navigations the page asked for (not loadURL/reload): these get will-navigate. */
  private readonly pageRequested = new Set<string>();
  private topFrame: WebFrame | null = null;
  private windowOpenHandler: ((details: WindowOpenDetails) => WindowOpenAnswer) | null = null;
  private destroyed = false;
  private closing = false;
  private loading = false;
  private title = '';
  private nextRequestId = 1;
  private host: WebContentsHost | null = null;

  constructor(options: { session: Session; webPreferences: WebPreferences; size: { width: number; height: number }; page?: Page }) {
    super();
    this.session = options.session;
    this.preferences = options.webPreferences;
    refuseWhatTheStandInCannotBe(this.preferences);
    this.opened = this.open(options.page, options.size);
    // Like Electron: an error before anyone awaits the page is reported, never unhandled.
    this.opened.catch((error: unknown) => console.error('[stand-in] a page could not be opened', error));
    hub.emit('web-contents-created', this);
  }

  /** The window this belongs to (browserWindow.ts). */
  attachHost(host: WebContentsHost): void {
    this.host = host;
  }

  private async open(adopted: Page | undefined, size: { width: number; height: number }): Promise<{ page: Page; cdp: CDPSession }> {
    const page = adopted ?? (await this.session.newPage());
    const cdp = await page.context().newCDPSession(page);
    this.listen(page, cdp);
    await Promise.all([cdp.send('Page.enable'), cdp.send('Runtime.enable')]);
    const { frameTree } = (await cdp.send('Page.getFrameTree')) as { frameTree: CdpFrameTree };
    this.recordFrameTree(frameTree, null);
    await cdp.send('Fetch.enable', { patterns: [{ urlPattern: '*', requestStage: 'Request' }, { urlPattern: '*', requestStage: 'Response' }] });
    await this.installPreload(cdp);
    if (this.preferences.javascript === false) await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
    await page.setViewportSize(size);
    await this.session.attach(cdp);
    return { page, cdp };
  }

  private async installPreload(cdp: CDPSession): Promise<void> {
    const preloadPath = this.preferences.preload;
    if (!preloadPath) return;
    const subframes = this.preferences.nodeIntegrationInSubFrames === true;
    const events = { toPreload: `electron-preload-${randomUUID()}`, toMain: `electron-main-${randomUUID()}` };
    const preloadSource = readFileSync(preloadPath, 'utf8');
    // The binding exists in the isolated world only: the page's own scripts cannot reach it.
    await cdp.send('Runtime.addBinding', { name: this.binding, executionContextName: PRELOAD_WORLD });
    // Main world first: its half of contextBridge must listen before the preload exposes anything.
    await cdp.send('Page.addScriptToEvaluateOnNewDocument', { source: mainWorldSource(events, subframes) });
    await cdp.send('Page.addScriptToEvaluateOnNewDocument', {
      source: preloadWorldSource({ events, binding: this.binding, reply: this.reply, preloadPath, subframes }, preloadSource),
      worldName: PRELOAD_WORLD,
    });
  }

  private listen(page: Page, cdp: CDPSession): void {
    cdp.on('Page.frameAttached', ({ frameId, parentFrameId }: { frameId: string; parentFrameId: string }) => {
      if (!this.frames.has(frameId)) this.frames.set(frameId, new WebFrame(frameId, this.frames.get(parentFrameId) ?? null));
    });
    cdp.on('Page.frameNavigated', ({ frame }: { frame: CdpFrame }) => this.recordFrame(frame));
    cdp.on('Page.navigatedWithinDocument', ({ frameId, url }: { frameId: string; url: string }) => {
      const frame = this.frames.get(frameId);
      if (!frame) return;
      frame.url = url;
      if (frame === this.topFrame) this.emit('did-navigate-in-page', electronEvent(), url, true, frame.processId, frame.routingId);
    });
    cdp.on('Page.frameDetached', ({ frameId, reason }: { frameId: string; reason?: string }) => {
      const frame = this.frames.get(frameId);
      // A frame swapped into another process lives on; one removed is gone.
      if (!frame || reason === 'swap') return;
      frame.detached = true;
      this.frames.delete(frameId);
      if (frame.parent) frame.parent.frames.splice(frame.parent.frames.indexOf(frame), 1);
    });
    cdp.on('Page.frameRequestedNavigation', ({ frameId, url, reason, disposition }: { frameId: string; url: string; reason: string; disposition: string }) => {
      if (frameId === this.topFrame?.devToolsFrameId && reason !== 'reload' && disposition === 'currentTab') this.pageRequested.add(withoutFragment(url));
    });
    cdp.on('Page.frameStartedLoading', ({ frameId }: { frameId: string }) => {
      if (frameId !== this.topFrame?.devToolsFrameId) return;
      this.loading = true;
      this.emit('did-start-loading', electronEvent());
    });
    cdp.on('Page.frameStoppedLoading', ({ frameId }: { frameId: string }) => {
      if (frameId !== this.topFrame?.devToolsFrameId) return;
      this.loading = false;
      this.emit('did-stop-loading', electronEvent());
    });
    cdp.on('Page.domContentEventFired', () => this.emit('dom-ready', electronEvent()));
    cdp.on('Page.loadEventFired', () => {
      void page.title().then(
        (title) => {
          this.title = title;
          this.emit('did-finish-load', electronEvent());
        },
        () => undefined,
      );
    });
    cdp.on('Runtime.executionContextCreated', ({ context }: { context: { id: number; auxData?: { frameId?: string } } }) => {
      if (context.auxData?.frameId) this.contextFrames.set(context.id, context.auxData.frameId);
    });
    cdp.on('Runtime.executionContextDestroyed', ({ executionContextId }: { executionContextId: number }) => this.contextFrames.delete(executionContextId));
    cdp.on('Runtime.executionContextsCleared', () => this.contextFrames.clear());
    cdp.on('Runtime.bindingCalled', (called: { name: string; payload: string; executionContextId: number }) => {
      if (called.name === this.binding) void this.invoked(cdp, called.payload, called.executionContextId);
    });
    cdp.on('Fetch.requestPaused', (paused: PausedRequest) => void this.requestPaused(cdp, paused));

    page.on('console', (message) => this.consoleMessage(message));
    // Electron reports an uncaught exception as an error on the console.
    page.on('pageerror', (error) =>
      this.emit('console-message', Object.assign(electronEvent(), { level: 'error', message: `Uncaught ${error}`, lineNumber: 0, sourceId: '', frame: this.topFrame }), 3, `Uncaught ${error}`, 0, ''),
    );
    page.on('popup', (popup) => void this.popup(popup));
    page.on('crash', () => this.emit('render-process-gone', electronEvent(), { reason: 'crashed', exitCode: -1 }));
    page.on('close', () => {
      if (this.closing) return;
      this.finishDestroy(cdp);
      this.host?.pageClosed();
    });
  }

  private recordFrameTree(tree: CdpFrameTree, parent: WebFrame | null): void {
    const frame = this.recordFrame(tree.frame, parent);
    for (const child of tree.childFrames ?? []) this.recordFrameTree(child, frame);
  }

  private recordFrame(cdpFrame: CdpFrame, parent: WebFrame | null = null): WebFrame {
    let frame = this.frames.get(cdpFrame.id);
    if (!frame) {
      frame = new WebFrame(cdpFrame.id, parent ?? (cdpFrame.parentId ? (this.frames.get(cdpFrame.parentId) ?? null) : null));
      this.frames.set(cdpFrame.id, frame);
    }
    frame.url = cdpFrame.url + (cdpFrame.urlFragment ?? '');
    frame.origin = cdpFrame.securityOrigin;
    frame.name = cdpFrame.name ?? '';
    if (!cdpFrame.parentId) {
      this.topFrame = frame;
      this.pageRequested.clear();
      this.emit('did-navigate', electronEvent(), frame.url, 200, 'OK');
    } else {
      this.emit('did-frame-navigate', electronEvent(), frame.url, 200, 'OK', false, frame.processId, frame.routingId);
    }
    return frame;
  }

  // ---- ipcRenderer.invoke -> ipcMain.handle ----------------------------------------------------

  private async invoked(cdp: CDPSession, payload: string, executionContextId: number): Promise<void> {
    const frameId = this.contextFrames.get(executionContextId);
    const senderFrame = (frameId && this.frames.get(frameId)) || null;
    let id = 0;
    let answer: { id: number; ok: boolean; value?: Cloned; error?: string };
    let channel = '';
    try {
      const message = JSON.parse(payload) as { id: number; channel: string; args: Cloned[] };
      id = message.id;
      channel = message.channel;
      const event = { type: 'frame' as const, sender: this, senderFrame, frameId: senderFrame?.routingId ?? -1, processId: senderFrame?.processId ?? -1 };
      const value = await ipcMain.invoked(event, channel, message.args.map(this.codec.decode));
      answer = { id, ok: true, value: this.codec.encode(value) };
    } catch (error) {
      // Electron's wording, so a page sees what it would see there.
      answer = { id, ok: false, error: `Error invoking remote method '${channel}': ${String(error)}` };
    }
    const expression = `globalThis[${JSON.stringify(this.reply)}](${JSON.stringify(JSON.stringify(answer))})`;
    // The calling world may be gone (the page reloaded meanwhile): then nobody is waiting.
    await cdp.send('Runtime.evaluate', { contextId: executionContextId, expression }).catch(() => undefined);
  }

  // ---- Requests: navigation events and the session's webRequest ----------------------------

  private requestDetails(paused: PausedRequest) {
    const isDocument = paused.resourceType === 'Document';
    const frame = this.frames.get(paused.frameId) ?? null;
    return {
      id: this.nextRequestId++,
      url: paused.request.url,
      method: paused.request.method,
      resourceType: isDocument ? (frame && frame === this.topFrame ? 'mainFrame' : 'subFrame') : (RESOURCE_TYPES[paused.resourceType] ?? 'other'),
      referrer: paused.request.headers['Referer'] ?? '',
      timestamp: Date.now(),
      webContentsId: this.id,
      webContents: this,
      frame,
    } as const;
  }

  private async requestPaused(cdp: CDPSession, paused: PausedRequest): Promise<void> {
    const { requestId } = paused;
    const atResponse = paused.responseStatusCode !== undefined || paused.responseErrorReason !== undefined;
    try {
      if (!atResponse) {
        if (this.navigationPrevented(paused)) return void (await cdp.send('Fetch.failRequest', { requestId, errorReason: 'Aborted' }));
        const decision = await this.session.webRequest.beforeRequest(this.requestDetails(paused));
        if (decision.cancel) return void (await cdp.send('Fetch.failRequest', { requestId, errorReason: 'BlockedByClient' }));
        if (decision.redirectURL) {
          return void (await cdp.send('Fetch.fulfillRequest', { requestId, responseCode: 307, responseHeaders: [{ name: 'Location', value: decision.redirectURL }] }));
        }
        return void (await cdp.send('Fetch.continueRequest', { requestId }));
      }
      if (paused.responseErrorReason !== undefined) return void (await cdp.send('Fetch.continueRequest', { requestId }));
      const responseHeaders: Record<string, string[]> = {};
      for (const { name, value } of paused.responseHeaders ?? []) (responseHeaders[name] ??= []).push(value);
      const statusCode = paused.responseStatusCode ?? 200;
      const decision = await this.session.webRequest.headersReceived({
        ...this.requestDetails(paused),
        statusCode,
        statusLine: `HTTP/1.1 ${statusCode} ${paused.responseStatusText ?? ''}`.trim(),
        responseHeaders,
      });
      if (decision.cancel) return void (await cdp.send('Fetch.failRequest', { requestId, errorReason: 'BlockedByClient' }));
      if (!decision.responseHeaders && !decision.statusLine) return void (await cdp.send('Fetch.continueRequest', { requestId }));
      const headers = Object.entries(decision.responseHeaders ?? responseHeaders).flatMap(([name, values]) =>
        (Array.isArray(values) ? values : [values]).map((value) => ({ name, value })),
      );
      const responseCode = Number(decision.statusLine?.split(' ')[1] ?? statusCode) || statusCode;
      await cdp.send('Fetch.continueResponse', { requestId, responseCode, responseHeaders: headers });
    } catch {
      // The page went away while its request was paused.
    }
  }

  /** will-navigate (the page asked) and will-redirect (the server answered with a redirect). */
  private navigationPrevented(paused: PausedRequest): boolean {
    if (paused.resourceType !== 'Document' || paused.frameId !== this.topFrame?.devToolsFrameId) return false;
    const url = paused.request.url;
    const redirect = Boolean(paused.redirectedRequestId);
    const askedByPage = this.pageRequested.delete(withoutFragment(url));
    if (!redirect && !askedByPage) return false;
    const frame = this.topFrame;
    const event: ElectronEvent = electronEvent({ url, isSameDocument: false, isMainFrame: true, frame, initiator: frame });
    this.emit(redirect ? 'will-redirect' : 'will-navigate', event, url, false, true, frame.processId, frame.routingId);
    return event.defaultPrevented;
  }

  // ---- Windows the page opens -------------------------------------------------------------------

  setWindowOpenHandler(handler: ((details: WindowOpenDetails) => WindowOpenAnswer) | null): void {
    this.windowOpenHandler = handler;
  }

  /**
   * window.open: Chromium has already made the page when it tells us, so a denied one is closed
   * at once (Electron never makes it, and window.open returns null there).
   */
  private async popup(popup: Page): Promise<void> {
    const details: WindowOpenDetails = {
      url: popup.url(),
      frameName: '',
      features: '',
      disposition: 'new-window',
      referrer: { url: this.getURL(), policy: 'strict-origin-when-cross-origin' },
    };
    const answer = this.windowOpenHandler?.(details) ?? { action: 'allow' };
    if (answer.action === 'deny') {
      await popup.close().catch(() => undefined);
      return;
    }
    const { BrowserWindow } = await import('./browserWindow');
    const window = BrowserWindow.adopt(popup, answer.overrideBrowserWindowOptions ?? {});
    this.emit('did-create-window', window, details);
  }

  // ---- What the shell calls ---------------------------------------------------------------------

  async loadURL(url: string): Promise<void> {
    const { page } = await this.opened;
    this.pageRequested.clear();
    try {
      await page.goto(url, { waitUntil: 'load', timeout: 0 });
    } catch (error) {
      this.emit('did-fail-load', electronEvent(), -2, String(error), url, true);
      throw new Error(`ERR_FAILED (-2) loading '${url}'`, { cause: error });
    }
  }

  loadFile(path: string): Promise<void> {
    return this.loadURL(pathToFileURL(path).href);
  }

  reload(): void {
    void this.opened.then(({ page }) => page.reload({ waitUntil: 'commit', timeout: 0 })).catch(() => undefined);
  }

  async executeJavaScript(code: string): Promise<unknown> {
    const { page } = await this.opened;
    return page.evaluate(code);
  }

  async printToPDF(options: PrintToPdfOptions = {}): Promise<Buffer> {
    const { page } = await this.opened;
    const inches = (value: number | undefined) => `${value ?? 0.4}in`;
    const size = options.pageSize ?? 'Letter';
    const pdf = await page.pdf({
      ...(typeof size === 'string' ? { format: size } : { width: `${size.width}in`, height: `${size.height}in` }),
      landscape: options.landscape ?? false,
      displayHeaderFooter: options.displayHeaderFooter ?? false,
      printBackground: options.printBackground ?? false,
      scale: options.scale ?? 1,
      pageRanges: options.pageRanges ?? '',
      headerTemplate: options.headerTemplate ?? '',
      footerTemplate: options.footerTemplate ?? '',
      preferCSSPageSize: options.preferCSSPageSize ?? false,
      margin: { top: inches(options.margins?.top), bottom: inches(options.margins?.bottom), left: inches(options.margins?.left), right: inches(options.margins?.right) },
      tagged: options.generateTaggedPDF ?? false,
      outline: options.generateDocumentOutline ?? false,
    });
    return Buffer.from(pdf);
  }

  getURL(): string {
    return this.topFrame?.url ?? '';
  }

  getTitle(): string {
    return this.title;
  }

  isLoading(): boolean {
    return this.loading;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  get mainFrame(): WebFrame | null {
    return this.topFrame;
  }

  async bringToFront(): Promise<void> {
    const { page } = await this.opened;
    await page.bringToFront();
  }

  /** Closes the page (the window is closing); 'destroyed' follows. */
  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.closing = true;
    try {
      const { page, cdp } = await this.opened;
      await page.close({ runBeforeUnload: false }).catch(() => undefined);
      this.finishDestroy(cdp);
    } catch {
      this.finishDestroy(null);
    }
  }

  private finishDestroy(cdp: CDPSession | null): void {
    if (this.destroyed) return;
    this.destroyed = true;
    if (cdp) this.session.detach(cdp);
    for (const frame of this.frames.values()) frame.detached = true;
    this.emit('destroyed', electronEvent());
  }

  private consoleMessage(message: ConsoleMessage): void {
    const [level, number] = CONSOLE_LEVELS[message.type()] ?? ['info', 1];
    const { url, lineNumber } = message.location();
    const text = message.text();
    const event = Object.assign(electronEvent(), { level, message: text, lineNumber, sourceId: url, frame: this.topFrame });
    // The event object first (Electron 35+), then the older positional arguments.
    this.emit('console-message', event, number, text, lineNumber, url);
  }
}

/** Settings the stand-in cannot honour are refused, so a change to them fails the tests loudly. */
function refuseWhatTheStandInCannotBe(preferences: WebPreferences): void {
  const refused: string[] = [];
  if (preferences.nodeIntegration === true) refused.push('nodeIntegration: true');
  if (preferences.nodeIntegrationInWorker === true) refused.push('nodeIntegrationInWorker: true');
  if (preferences.preload && preferences.sandbox === false) refused.push('sandbox: false (an unsandboxed preload has Node)');
  if (preferences.preload && preferences.contextIsolation === false) refused.push('contextIsolation: false');
  if (refused.length) throw new Error(`The electron stand-in runs only sandboxed, context-isolated renderers without Node; refused: ${refused.join(', ')}.`);
}
