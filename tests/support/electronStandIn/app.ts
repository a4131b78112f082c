// Electron's app: paths (userData from --user-data-dir, as Electron takes it), readiness once
// Chromium is up, the single-instance lock, and quitting in Electron's order: before-quit, every
// window closed, will-quit, quit, then the process exits.
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { closeChromium, launchChromium } from './chromium';
import { reportToTest } from './control';
import { electronEvent, hub, openWindows, readiness } from './registry';
import { type SecondInstance, SingleInstanceLock } from './singleInstance';
import type { BrowserWindow } from './browserWindow';

interface AppPackage {
  folder: string;
  name: string;
  version: string;
}

/** The app's package.json: the nearest one above the main script, as Electron finds it. */
function appPackage(): AppPackage {
  let folder = resolve(dirname(process.argv[1] ?? '.'));
  while (!existsSync(join(folder, 'package.json')) && dirname(folder) !== folder) folder = dirname(folder);
  const json = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { name?: string; productName?: string; version?: string };
  return { folder, name: json.productName ?? json.name ?? 'Electron', version: json.version ?? '0.0.0' };
}

function switchValue(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length);
}

class CommandLine {
  private readonly switches = new Map<string, string>();

  appendSwitch(name: string, value = ''): void {
    this.switches.set(name, value);
  }

  appendArgument(_value: string): void {}

  hasSwitch(name: string): boolean {
    return this.switches.has(name) || process.argv.some((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
  }

  getSwitchValue(name: string): string {
    return this.switches.get(name) ?? switchValue(name) ?? '';
  }

  removeSwitch(name: string): void {
    this.switches.delete(name);
  }

  /** The switches for Chromium's command line. */
  chromiumSwitches(): string[] {
    return [...this.switches].map(([name, value]) => (value ? `--${name}=${value}` : `--${name}`));
  }
}

class App extends EventEmitter {
  readonly commandLine = new CommandLine();
  /**
   * Electron says false when run by the `electron` binary from a folder and true from an
   * installed package. The stand-in plays the installed app unless ELECTRON_STAND_IN_PACKAGED=0.
   */
  readonly isPackaged = process.env['ELECTRON_STAND_IN_PACKAGED'] !== '0';
  private readonly package = appPackage();
  private appName = this.package.name;
  private readonly paths = new Map<string, string>();
  private lock: SingleInstanceLock | null = null;
  private quitting = false;
  private exiting = false;
  private readonly ready: Promise<void>;
  private markReady!: () => void;

  constructor() {
    super();
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    hub.on('web-contents-created', (contents) => this.emit('web-contents-created', electronEvent(), contents));
    hub.on('browser-window-created', (window) => this.emit('browser-window-created', electronEvent(), window));
    hub.on('window-closed', () => this.windowClosed());
    // Chromium starts once the main script's first turn is over, as Electron's ready follows it;
    // an app that quits in that turn (a second instance) never starts it.
    setImmediate(() => void this.start());
  }

  private async start(): Promise<void> {
    if (this.quitting) return;
    try {
      const chromium = await launchChromium(join(this.getPath('userData'), 'Chromium'), this.commandLine.chromiumSwitches());
      if (this.quitting) return;
      readiness.ready = true;
      this.emit('will-finish-launching');
      this.emit('ready', electronEvent(), {});
      this.markReady();
      reportToTest({ type: 'ready', cdpEndpoint: chromium.cdpEndpoint });
    } catch (error) {
      console.error('[stand-in] Chromium did not start', error);
      await this.shutdown(1);
    }
  }

  whenReady(): Promise<void> {
    return this.ready;
  }

  isReady(): boolean {
    return readiness.ready;
  }

  get name(): string {
    return this.appName;
  }

  set name(name: string) {
    this.appName = name;
  }

  getName(): string {
    return this.appName;
  }

  setName(name: string): void {
    this.appName = name;
  }

  getVersion(): string {
    return this.package.version;
  }

  getAppPath(): string {
    return this.package.folder;
  }

  getLocale(): string {
    return Intl.DateTimeFormat().resolvedOptions().locale;
  }

  getPath(name: string): string {
    const set = this.paths.get(name);
    if (set) return set;
    const home = homedir();
    const appData = process.env['XDG_CONFIG_HOME'] ?? join(home, '.config');
    const userData = () => this.paths.get('userData') ?? switchValue('user-data-dir') ?? join(appData, this.appName);
    const known: Record<string, () => string> = {
      home: () => home,
      appData: () => appData,
      userData,
      sessionData: userData,
      temp: () => tmpdir(),
      exe: () => process.execPath,
      module: () => process.execPath,
      desktop: () => join(home, 'Desktop'),
      documents: () => join(home, 'Documents'),
      downloads: () => join(home, 'Downloads'),
      music: () => join(home, 'Music'),
      pictures: () => join(home, 'Pictures'),
      videos: () => join(home, 'Videos'),
      logs: () => join(userData(), 'logs'),
      crashDumps: () => join(userData(), 'Crashpad'),
    };
    const path = known[name];
    if (!path) throw new Error(`Failed to get '${name}' path`);
    return path();
  }

  setPath(name: string, path: string): void {
    this.paths.set(name, path);
  }

  setAppUserModelId(_id: string): void {}

  focus(): void {
    [...openWindows][0]?.focus();
  }

  // ---- One instance ---------------------------------------------------------------------------

  requestSingleInstanceLock(additionalData?: unknown): boolean {
    if (!this.lock) {
      this.lock = new SingleInstanceLock(this.getPath('userData'));
      this.lock.on('second-instance', (second: SecondInstance) =>
        this.emit('second-instance', electronEvent(), second.argv, second.workingDirectory, second.additionalData),
      );
    }
    return this.lock.request(additionalData);
  }

  hasSingleInstanceLock(): boolean {
    return this.lock?.hasLock() ?? false;
  }

  releaseSingleInstanceLock(): void {
    this.lock?.release();
  }

  // ---- Quitting ---------------------------------------------------------------------------------

  /** Electron's order: before-quit, each window's close, will-quit, quit, exit. Any may prevent. */
  quit(): void {
    if (this.quitting) return;
    const beforeQuit = electronEvent();
    this.emit('before-quit', beforeQuit);
    if (beforeQuit.defaultPrevented) return;
    this.quitting = true;
    void this.closeWindowsAndQuit();
  }

  private async closeWindowsAndQuit(): Promise<void> {
    const windows: BrowserWindow[] = [...openWindows];
    for (const window of windows) {
      if (!window.close()) {
        this.quitting = false; // a window refused to close: the quit is cancelled
        return;
      }
    }
    await Promise.all(windows.map((window) => window.whenClosed()));
    const willQuit = electronEvent();
    this.emit('will-quit', willQuit);
    if (willQuit.defaultPrevented) {
      this.quitting = false;
      return;
    }
    this.emit('quit', electronEvent(), 0);
    await this.shutdown(0);
  }

  /** Every window destroyed without asking, no before-quit or will-quit. */
  exit(exitCode = 0): void {
    this.quitting = true;
    for (const window of openWindows) window.destroy();
    void this.shutdown(exitCode);
  }

  private windowClosed(): void {
    if (openWindows.size > 0 || this.quitting) return;
    // With no listener, Electron quits when the last window closes.
    if (this.listenerCount('window-all-closed') > 0) this.emit('window-all-closed', electronEvent());
    else this.quit();
  }

  private async shutdown(exitCode: number): Promise<void> {
    if (this.exiting) return;
    this.exiting = true;
    await this.lock?.told();
    this.lock?.release();
    await closeChromium();
    process.exit(exitCode);
  }
}

export const app = new App();
