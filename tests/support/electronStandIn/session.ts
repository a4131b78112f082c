// Electron's `session`: defaultSession is Chromium's persistent default context; a partition is an
// in-memory context of its own. webRequest listeners run for every request Chromium fetches for
// a page of the session (file: included), paused over CDP's Fetch domain; permission handlers are
// asked once per permission and their answers given to Chromium as its permission settings.
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { requireReady } from './registry';
import { runningChromium } from './chromium';
import type { WebContents } from './webContents';
import type { WebFrame } from './webContents';

export type ResourceType = 'mainFrame' | 'subFrame' | 'stylesheet' | 'script' | 'image' | 'font' | 'object' | 'xhr' | 'ping' | 'cspReport' | 'media' | 'webSocket' | 'other';

export interface RequestDetails {
  id: number;
  url: string;
  method: string;
  resourceType: ResourceType;
  referrer: string;
  timestamp: number;
  webContentsId: number;
  webContents: WebContents;
  frame: WebFrame | null;
}

export interface HeadersReceivedDetails extends RequestDetails {
  statusLine: string;
  statusCode: number;
  responseHeaders: Record<string, string[]>;
}

export interface BeforeRequestResponse {
  cancel?: boolean;
  redirectURL?: string;
}

export interface HeadersReceivedResponse {
  cancel?: boolean;
  responseHeaders?: Record<string, string | string[]>;
  statusLine?: string;
}

type Listener<D, R> = (details: D, callback: (response: R) => void) => void;
interface UrlFilter {
  urls: string[];
  types?: ResourceType[];
}
interface Registered<D, R> {
  filter: UrlFilter | null;
  listener: Listener<D, R>;
}

/** Chrome match patterns as Electron's filters take them: `*` matches anything, `<all_urls>` everything. */
function matches(filter: UrlFilter | null, details: RequestDetails): boolean {
  if (!filter) return true;
  if (filter.types && !filter.types.includes(details.resourceType)) return false;
  return filter.urls.some((pattern) => {
    if (pattern === '<all_urls>') return true;
    const expression = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
    return new RegExp(`^${expression}$`).test(details.url);
  });
}

function register<D, R>(filterOrListener: UrlFilter | Listener<D, R> | null, listener?: Listener<D, R> | null): Registered<D, R> | null {
  if (typeof filterOrListener === 'function') return { filter: null, listener: filterOrListener };
  if (!listener) return null;
  return { filter: filterOrListener, listener };
}

function ask<D extends RequestDetails, R>(registered: Registered<D, R> | null, details: D): Promise<R | Record<string, never>> {
  if (!registered || !matches(registered.filter, details)) return Promise.resolve({});
  return new Promise((resolve) => {
    try {
      registered.listener(details, resolve);
    } catch (error) {
      console.error('[stand-in] a webRequest listener threw', error);
      resolve({});
    }
  });
}

/** session.webRequest: one listener per event, as in Electron (a new one replaces the old). */
export class WebRequest {
  private beforeRequestListener: Registered<RequestDetails, BeforeRequestResponse> | null = null;
  private headersReceivedListener: Registered<HeadersReceivedDetails, HeadersReceivedResponse> | null = null;

  onBeforeRequest(
    filterOrListener: UrlFilter | Listener<RequestDetails, BeforeRequestResponse> | null,
    listener?: Listener<RequestDetails, BeforeRequestResponse> | null,
  ): void {
    this.beforeRequestListener = register(filterOrListener, listener);
  }

  onHeadersReceived(
    filterOrListener: UrlFilter | Listener<HeadersReceivedDetails, HeadersReceivedResponse> | null,
    listener?: Listener<HeadersReceivedDetails, HeadersReceivedResponse> | null,
  ): void {
    this.headersReceivedListener = register(filterOrListener, listener);
  }

  /** Called by the page's paused request (webContents.ts). */
  beforeRequest(details: RequestDetails): Promise<BeforeRequestResponse> {
    return ask(this.beforeRequestListener, details);
  }

  headersReceived(details: HeadersReceivedDetails): Promise<HeadersReceivedResponse> {
    return ask(this.headersReceivedListener, details);
  }
}

type PermissionRequestHandler = (webContents: WebContents | null, permission: string, callback: (granted: boolean) => void, details: Record<string, unknown>) => void;
type PermissionCheckHandler = (webContents: WebContents | null, permission: string, requestingOrigin: string, details: Record<string, unknown>) => boolean;

/** Electron's permission names, and the permissions Chromium's CDP knows them by. */
const PERMISSIONS: Record<string, { name: string; sysex?: boolean }[]> = {
  media: [{ name: 'camera' }, { name: 'microphone' }],
  geolocation: [{ name: 'geolocation' }],
  notifications: [{ name: 'notifications' }],
  midi: [{ name: 'midi' }],
  midiSysex: [{ name: 'midi', sysex: true }],
  'clipboard-read': [{ name: 'clipboard-read' }],
  'clipboard-sanitized-write': [{ name: 'clipboard-write' }],
  'display-capture': [{ name: 'display-capture' }],
  'idle-detection': [{ name: 'idle-detection' }],
  'window-management': [{ name: 'window-management' }],
  'storage-access': [{ name: 'storage-access' }],
  pointerLock: [{ name: 'pointer-lock' }],
  keyboardLock: [{ name: 'keyboard-lock' }],
};

export class Session {
  readonly webRequest = new WebRequest();
  private permissionRequestHandler: PermissionRequestHandler | null = null;
  private permissionCheckHandler: PermissionCheckHandler | null = null;
  /** Pages of this session, told again whenever a permission handler changes. */
  private readonly pages = new Set<CDPSession>();
  private readonly context: Promise<BrowserContext>;
  readonly partition: string;

  constructor(partition: string, context: Promise<BrowserContext>) {
    this.partition = partition;
    this.context = context;
  }

  async newPage(): Promise<Page> {
    return (await this.context).newPage();
  }

  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
    this.permissionRequestHandler = handler;
    for (const page of this.pages) void this.applyPermissions(page);
  }

  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
    this.permissionCheckHandler = handler;
    for (const page of this.pages) void this.applyPermissions(page);
  }

  /** A page of this session: Chromium's permission settings follow the handlers from now on. */
  async attach(page: CDPSession): Promise<void> {
    this.pages.add(page);
    await this.applyPermissions(page);
  }

  detach(page: CDPSession): void {
    this.pages.delete(page);
  }

  private async answer(permission: string): Promise<'granted' | 'denied' | 'prompt'> {
    const checked = this.permissionCheckHandler?.(null, permission, '', {});
    const requested = this.permissionRequestHandler
      ? await new Promise<boolean>((resolve) => this.permissionRequestHandler?.(null, permission, resolve, {}))
      : undefined;
    if (checked === false || requested === false) return 'denied';
    if (requested === true) return 'granted';
    return 'prompt';
  }

  private async applyPermissions(page: CDPSession): Promise<void> {
    if (!this.permissionCheckHandler && !this.permissionRequestHandler) return;
    const { targetInfo } = await page.send('Target.getTargetInfo').catch(() => ({ targetInfo: null }));
    if (!targetInfo) return;
    for (const [permission, descriptors] of Object.entries(PERMISSIONS)) {
      const setting = await this.answer(permission);
      for (const descriptor of descriptors) {
        // A permission this Chromium does not know is skipped, not fatal.
        await page
          .send('Browser.setPermission', { permission: descriptor, setting, ...(targetInfo.browserContextId ? { browserContextId: targetInfo.browserContextId } : {}) })
          .catch(() => undefined);
      }
    }
  }
}

let defaultSession: Session | null = null;
const partitions = new Map<string, Session>();

export const session = {
  get defaultSession(): Session {
    requireReady('session.defaultSession');
    defaultSession ??= new Session('', Promise.resolve(runningChromium().context));
    return defaultSession;
  },
  /** A partition is an in-memory context of its own ('persist:' partitions are not kept on disk here). */
  fromPartition(partition: string): Session {
    requireReady('session.fromPartition');
    if (!partition) return session.defaultSession;
    let found = partitions.get(partition);
    if (!found) {
      const browser = runningChromium().context.browser();
      if (!browser) throw new Error('Chromium has no browser to make a partition in.');
      found = new Session(partition, browser.newContext({ viewport: null }));
      partitions.set(partition, found);
    }
    return found;
  },
};
