// What runs inside the page, as Electron arranges a sandboxed, context-isolated renderer: the
// preload runs in its own isolated world (Chromium's, made over CDP) where `require` serves only
// 'electron' -> { contextBridge, ipcRenderer }; the page's main world sees only what
// contextBridge.exposeInMainWorld copies across. The two worlds share the DOM and nothing else,
// so they talk by synchronous DOM events carrying JSON. ipcRenderer reaches the main process
// through a CDP binding that exists in the isolated world only, so Chromium tells the main
// process which frame called.
//
// Every function here is sent to the page as its source text (fn.toString()), so each must be
// self-contained: no imports, no outer variables; what it needs comes in as arguments.

/** A value as it crosses a boundary: structured-clone semantics, written as JSON. */
export type Cloned = [tag: string, payload?: unknown];

/**
 * Structured clone, as Electron's IPC and contextBridge copy values: undefined, NaN, -0, bigint,
 * Date, RegExp, Error, Map, Set, byte arrays and plain objects survive; functions and symbols
 * throw, as structured clone does. Runs in Node and in both of the page's worlds.
 */
export function cloneCodec() {
  const uncloneable = () => new Error('An object could not be cloned.');
  const encode = (value: unknown, path: Set<object> = new Set()): Cloned => {
    if (value === undefined) return ['u'];
    if (value === null) return ['z'];
    switch (typeof value) {
      case 'boolean':
      case 'string':
        return ['p', value];
      case 'number':
        return Number.isFinite(value) && !Object.is(value, -0) ? ['p', value] : ['n', Object.is(value, -0) ? '-0' : String(value)];
      case 'bigint':
        return ['i', value.toString()];
      case 'function':
      case 'symbol':
        throw uncloneable();
    }
    const object = value as object;
    if (path.has(object)) throw new Error('A value that refers to itself cannot cross the stand-in bridge.');
    path.add(object);
    try {
      if (object instanceof Date) return ['d', object.getTime()];
      if (object instanceof RegExp) return ['r', [object.source, object.flags]];
      if (object instanceof Error) return ['e', [object.name, object.message, object.stack ?? '']];
      if (ArrayBuffer.isView(object)) return ['b', Array.from(new Uint8Array(object.buffer, object.byteOffset, object.byteLength))];
      if (object instanceof ArrayBuffer) return ['b', Array.from(new Uint8Array(object))];
      if (Array.isArray(object)) return ['a', object.map((item) => encode(item, path))];
      if (object instanceof Map) return ['m', Array.from(object, ([key, item]) => [encode(key, path), encode(item, path)])];
      if (object instanceof Set) return ['s', Array.from(object, (item) => encode(item, path))];
      return ['o', Object.keys(object).map((key) => [key, encode((object as Record<string, unknown>)[key], path)])];
    } finally {
      path.delete(object);
    }
  };
  const decode = (cloned: Cloned): unknown => {
    const [tag, payload] = cloned;
    switch (tag) {
      case 'u':
        return undefined;
      case 'z':
        return null;
      case 'p':
        return payload;
      case 'n':
        return Number(payload);
      case 'i':
        return BigInt(payload as string);
      case 'd':
        return new Date(payload as number);
      case 'r': {
        const [source, flags] = payload as [string, string];
        return new RegExp(source, flags);
      }
      case 'e': {
        const [name, message, stack] = payload as [string, string, string];
        const error = new Error(message);
        error.name = name;
        error.stack = stack;
        return error;
      }
      case 'b':
        return Uint8Array.from(payload as number[]);
      case 'a':
        return (payload as Cloned[]).map(decode);
      case 'm':
        return new Map((payload as [Cloned, Cloned][]).map(([key, item]) => [decode(key), decode(item)]));
      case 's':
        return new Set((payload as Cloned[]).map(decode));
      case 'o': {
        const object: Record<string, unknown> = {};
        for (const [key, item] of payload as [string, Cloned][]) object[key] = decode(item);
        return object;
      }
      default:
        throw new Error(`Unknown cloned value tag: ${tag}`);
    }
  };
  return { encode, decode };
}

export type Codec = ReturnType<typeof cloneCodec>;

/** The DOM events the two worlds of one window talk by; random per window, so the page cannot guess them. */
export interface WorldEvents {
  toPreload: string;
  toMain: string;
}

/** What the main world and the isolated world say to each other. */
type WorldMessage =
  | { type: 'expose'; key: string; shape: Shape }
  | { type: 'exposed'; error: string | null }
  | { type: 'call'; call: number; fn: number; args: Cloned[] }
  | { type: 'return'; call: number; value: Cloned }
  | { type: 'resolve'; call: number; value: Cloned }
  | { type: 'throw'; call: number; error: string }
  | { type: 'reject'; call: number; error: string }
  | { type: 'promise'; call: number };

/** An exposed API's shape: functions become proxies; everything else is copied. */
type Shape = { t: 'fn'; id: number } | { t: 'obj'; entries: [string, Shape][] } | { t: 'val'; v: Cloned };

/** The little of the page's globals these scripts touch (the node project has no DOM library). */
interface PageEvent {
  detail: string;
}
interface PageDocument {
  dispatchEvent(event: unknown): boolean;
  addEventListener(type: string, listener: (event: PageEvent) => void): void;
}
interface PageGlobal {
  document: PageDocument;
  window: { top: unknown };
  CustomEvent: new (type: string, init: { detail: string }) => unknown;
  console: { error(...values: unknown[]): void };
  [name: string]: unknown;
}

/**
 * The main world's half of contextBridge: it receives exposed APIs and defines them on window,
 * and forwards calls to the isolated world. Installed before any page script runs, so what it
 * holds (DOM methods, JSON, Object) cannot have been tampered with by the page.
 */
export function mainWorldBridge(events: WorldEvents, subframes: boolean, makeCodec: () => Codec): void {
  const page = globalThis as unknown as PageGlobal;
  if (!subframes && page.window !== page.window.top) return;
  const { document, CustomEvent } = page;
  const dispatch = document.dispatchEvent.bind(document);
  const { parse, stringify } = JSON;
  const { freeze, defineProperty, hasOwn, keys, isFrozen } = Object;
  const codec = makeCodec();
  const send = (message: WorldMessage) => dispatch(new CustomEvent(events.toPreload, { detail: stringify(message) }));

  const settled = new Map<number, WorldMessage>();
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextCall = 1;
  let exposeError: string | null = null;

  const deepFreeze = <T>(value: T): T => {
    if (value && typeof value === 'object' && !isFrozen(value)) {
      for (const key of keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
      freeze(value);
    }
    return value;
  };
  const proxy = (fn: number) =>
    function (...args: unknown[]) {
      const call = nextCall++;
      send({ type: 'call', call, fn, args: args.map((arg) => codec.encode(arg)) });
      const answer = settled.get(call);
      settled.delete(call);
      if (!answer) throw new Error('contextBridge: the preload world did not answer.');
      // Results are copies the page may change; only the exposed API itself is immutable.
      if (answer.type === 'return') return codec.decode(answer.value);
      if (answer.type === 'throw') throw new Error(answer.error);
      return new Promise((resolve, reject) => waiting.set(call, { resolve, reject }));
    };
  const build = (shape: Shape): unknown => {
    if (shape.t === 'fn') return proxy(shape.id);
    if (shape.t === 'val') return deepFreeze(codec.decode(shape.v));
    const object: Record<string, unknown> = {};
    for (const [key, entry] of shape.entries) object[key] = build(entry);
    return freeze(object);
  };

  document.addEventListener(events.toMain, (event) => {
    const message = parse(event.detail) as WorldMessage;
    switch (message.type) {
      case 'expose':
        if (hasOwn(page, message.key)) {
          exposeError = `Cannot bind an API on top of an existing property on the window object: ${message.key}`;
        } else {
          defineProperty(page, message.key, { value: build(message.shape), enumerable: true, writable: false, configurable: false });
          exposeError = null;
        }
        send({ type: 'exposed', error: exposeError });
        return;
      case 'return':
      case 'throw':
      case 'promise':
        settled.set(message.call, message);
        return;
      case 'resolve':
      case 'reject': {
        const entry = waiting.get(message.call);
        waiting.delete(message.call);
        if (message.type === 'resolve') entry?.resolve(codec.decode(message.value));
        else entry?.reject(new Error(message.error));
        return;
      }
    }
  });
}

/** What the isolated world's half needs to know, from the window's webPreferences. */
export interface PreloadWorldConfig {
  events: WorldEvents;
  /** The CDP binding to the main process; defined by Chromium in this world only. */
  binding: string;
  /** The function the main process calls (in this world) to answer an invoke. */
  reply: string;
  preloadPath: string;
  subframes: boolean;
}

/** The preload itself, wrapped as Electron wraps a sandboxed preload: a function of its module scope. */
export type PreloadModule = (require: (name: string) => unknown, module: { exports: unknown }, exports: unknown) => void;

/**
 * The isolated world's half: ipcRenderer and contextBridge, and the preload run with a require
 * that serves only 'electron'. The CDP binding is taken off the world's global first, so the
 * preload reaches the main process only through ipcRenderer.
 */
export function preloadWorld(config: PreloadWorldConfig, makeCodec: () => Codec, preload: PreloadModule): void {
  const world = globalThis as unknown as PageGlobal;
  if (!config.subframes && world.window !== world.window.top) return;
  const { document, CustomEvent, console } = world;
  const codec = makeCodec();
  const { parse, stringify } = JSON;
  const { freeze, defineProperty } = Object;
  const toMain = (message: WorldMessage) => document.dispatchEvent(new CustomEvent(config.events.toMain, { detail: stringify(message) }));
  const errorText = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

  // ---- ipcRenderer: invoke over the binding; the main process answers through `reply`.
  const binding = world[config.binding] as (payload: string) => void;
  delete world[config.binding];
  const invocations = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextInvocation = 1;
  defineProperty(world, config.reply, {
    enumerable: false,
    writable: false,
    configurable: false,
    value: (json: string) => {
      const answer = parse(json) as { id: number; ok: boolean; value?: Cloned; error?: string };
      const entry = invocations.get(answer.id);
      invocations.delete(answer.id);
      if (answer.ok) entry?.resolve(codec.decode(answer.value as Cloned));
      else entry?.reject(new Error(answer.error));
    },
  });
  const ipcRenderer = freeze({
    async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
      if (typeof channel !== 'string') throw new TypeError('ipcRenderer.invoke: the channel must be a string.');
      const encoded = args.map((arg) => codec.encode(arg));
      const id = nextInvocation++;
      return new Promise((resolve, reject) => {
        invocations.set(id, { resolve, reject });
        binding(stringify({ id, channel, args: encoded }));
      });
    },
  });

  // ---- contextBridge: the API's functions stay here; the main world gets proxies and copies.
  const exposedFunctions: ((...args: unknown[]) => unknown)[] = [];
  const describe = (value: unknown): Shape => {
    if (typeof value === 'function') return { t: 'fn', id: exposedFunctions.push(value as (...args: unknown[]) => unknown) - 1 };
    if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      return { t: 'obj', entries: Object.keys(value).map((key) => [key, describe((value as Record<string, unknown>)[key])]) };
    }
    return { t: 'val', v: codec.encode(value) };
  };
  let exposed: string | null = null;
  document.addEventListener(config.events.toPreload, (event) => {
    const message = parse(event.detail) as WorldMessage;
    if (message.type === 'exposed') {
      exposed = message.error;
      return;
    }
    if (message.type !== 'call') return;
    const { call } = message;
    const fn = exposedFunctions[message.fn];
    try {
      if (!fn) throw new Error('contextBridge: no such function.');
      const result = fn(...message.args.map(codec.decode));
      if (result && typeof (result as PromiseLike<unknown>).then === 'function') {
        toMain({ type: 'promise', call });
        Promise.resolve(result).then(
          (value) => toMain({ type: 'resolve', call, value: codec.encode(value) }),
          (error: unknown) => toMain({ type: 'reject', call, error: errorText(error) }),
        );
      } else {
        toMain({ type: 'return', call, value: codec.encode(result) });
      }
    } catch (error) {
      toMain({ type: 'throw', call, error: errorText(error) });
    }
  });
  const contextBridge = freeze({
    exposeInMainWorld(key: string, api: unknown): void {
      if (typeof key !== 'string') throw new TypeError('contextBridge.exposeInMainWorld: the key must be a string.');
      exposed = 'the main world did not answer';
      toMain({ type: 'expose', key, shape: describe(api) });
      if (exposed) throw new Error(exposed);
    },
  });

  // ---- The preload, with only 'electron' to require.
  const modules: Record<string, unknown> = { electron: freeze({ contextBridge, ipcRenderer }) };
  const require = (name: string) => {
    if (Object.hasOwn(modules, name)) return modules[name];
    throw new Error(`module not found: ${name}`);
  };
  const module = { exports: {} };
  try {
    preload(require, module, module.exports);
  } catch (error) {
    console.error(`Unable to load preload script: ${config.preloadPath}`);
    console.error(error);
  }
}

/** The main world's script for a window, as source text. */
export function mainWorldSource(events: WorldEvents, subframes: boolean): string {
  return `(${mainWorldBridge.toString()})(${JSON.stringify(events)}, ${JSON.stringify(subframes)}, ${cloneCodec.toString()});`;
}

/** The isolated world's script: the preload's own text becomes the body of its module function. */
export function preloadWorldSource(config: PreloadWorldConfig, preloadSource: string): string {
  return `(${preloadWorld.toString()})(${JSON.stringify(config)}, ${cloneCodec.toString()}, function (require, module, exports) {\n${preloadSource}\n});`;
}
