// The renderer in a plain browser, for developers: serves out/renderer on 127.0.0.1 and bridges
// window.casebook to the real dispatcher (a real encrypted store) over a loopback-only HTTP
// endpoint. Started by tests/support/preview-browser.mjs; never part of the app.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { channelNames } from '../../src/shared/channels';
import type { Result } from '../../src/shared/errors';
import { Session } from '../../src/main/services/session';
import { createDispatcher } from '../../src/main/ipc/dispatcher';
import { CONTENT_SECURITY_POLICY } from '@shared/contentSecurityPolicy';
import { seedDemo } from './browserSeed';

export interface PreviewOptions {
  /** The store file; created on first start through the UI (or by --demo). */
  storePath?: string;
  port?: number;
  /** Create the store with this user and passphrase and fill it with demo data, if it is new. */
  demo?: { userName: string; passphrase: string; crises?: number; calls?: number };
  /** Add this many synthetic crises (for trying the virtual list with 100,000 rows). */
  bulk?: number;
  /** Lower scrypt cost for throwaway preview stores; the real cost otherwise. */
  cheapKdf?: boolean;
}

const RENDERER = resolve('out/renderer');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};
const MAX_BODY = 1_000_000;

function bridgeScript(token: string): string {
  // The same shape as buildBridge (src/shared/bridge.ts); only the transport is HTTP.
  return `(() => {
  const token = ${JSON.stringify(token)};
  const names = ${JSON.stringify(channelNames)};
  const invoke = async (channel, input) => {
    const response = await fetch('/__casebook/invoke', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-casebook-token': token },
      body: JSON.stringify({ channel, input: input === undefined ? null : input }),
    });
    return response.json();
  };
  const api = {};
  for (const channel of names) {
    const [namespace, method] = channel.split('.');
    api[namespace] ??= {};
    api[namespace][method] = (input) => invoke(channel, input);
  }
  for (const namespace of Object.values(api)) Object.freeze(namespace);
  Object.defineProperty(window, 'casebook', { value: Object.freeze(api), enumerable: true });
})();
`;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export async function startPreview(options: PreviewOptions = {}) {
  if (!existsSync(join(RENDERER, 'index.html'))) throw new Error('Build the renderer first: npx electron-vite build');
  const storePath = resolve(options.storePath ?? join(tmpdir(), 'casebook-preview', 'casebook.db'));
  const session = new Session(options.cheapKdf ? { storePath, scryptCost: { N: 2 ** 12, r: 8, p: 1 } } : { storePath });
  const dispatch = createDispatcher(session);
  const api = async (channel: string, input: unknown) => {
    const result = (await dispatch(channel, input)) as Result<unknown>;
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
    return result.value;
  };

  if (options.demo && session.status().state === 'no-store') {
    const { userName, passphrase } = options.demo;
    await api('session.create', { userName, passphrase, passphraseRepeat: passphrase });
    await seedDemo(api as never, { crises: options.demo.crises ?? 120, calls: options.demo.calls ?? 60 });
    console.log('Demo data written.');
  }
  if (options.bulk) {
    if (session.status().state !== 'unlocked') throw new Error('--bulk needs an unlocked store: use it with --demo on a new store');
    const teams = ['belgrade', 'novi-sad', 'nis', 'kragujevac', 'kraljevo'] as const;
    const types = ['barricade', 'suicide_attempt', 'hostage', 'kidnapping', 'other'] as const;
    const start = Date.UTC(2006, 0, 1);
    for (let i = 0; i < options.bulk; i += 1) {
      const at = start + i * 2_700_000;
      await api('crises.create', {
        teamSlug: teams[i % teams.length],
        type: types[(i * 7) % types.length],
        startedAt: new Date(at).toISOString(),
        endedAt: new Date(at + 5_400_000).toISOString(),
        outcome: types[(i * 7) % types.length] === 'suicide_attempt' ? 'talked_down' : 'surrender',
        municipality: `Opština ${i % 170}`,
      });
      if ((i + 1) % 10_000 === 0) console.log(`${i + 1} crises written`);
    }
  }
  if (session.status().state === 'unlocked') session.lock();

  const token = randomBytes(24).toString('base64url');
  const expected = Buffer.from(token);
  let origin = '';

  const send = (response: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}) => {
    response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers });
    response.end(body);
  };

  const server = createServer(async (request, response) => {
    try {
      // Only this origin, by name: a page elsewhere (or a DNS rebinding) cannot reach the store.
      if (request.headers.host !== new URL(origin).host) return send(response, 421, 'text/plain', 'wrong host');
      const url = new URL(request.url ?? '/', origin);
      if (url.pathname === '/__casebook/invoke') {
        const given = Buffer.from(String(request.headers['x-casebook-token'] ?? ''));
        const sameOrigin = !request.headers.origin || request.headers.origin === origin;
        if (request.method !== 'POST' || !sameOrigin || given.length !== expected.length || !timingSafeEqual(given, expected)) {
          return send(response, 403, 'text/plain', 'forbidden');
        }
        const { channel, input } = JSON.parse(await readBody(request)) as { channel: unknown; input: unknown };
        const result = await dispatch(channel, input ?? undefined);
        return send(response, 200, 'application/json', JSON.stringify(result));
      }
      if (url.pathname === '/__casebook/bridge.js') return send(response, 200, TYPES['.js']!, bridgeScript(token));
      if (url.pathname === '/favicon.ico') return send(response, 204, 'image/x-icon', '');

      const path = normalize(join(RENDERER, url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname)));
      if (!path.startsWith(RENDERER + sep)) return send(response, 404, 'text/plain', 'not found');
      let body: Buffer | string = await readFile(path);
      const headers: Record<string, string> = {};
      if (extname(path) === '.html') {
        headers['content-security-policy'] = CONTENT_SECURITY_POLICY;
        // The bridge runs before the app's module script, as the preload does in Electron.
        body = body.toString('utf8').replace('<script type="module"', '<script src="/__casebook/bridge.js"></script>\n    <script type="module"');
      }
      return send(response, 200, TYPES[extname(path)] ?? 'application/octet-stream', body, headers);
    } catch (error) {
      const missing = error instanceof Error && 'code' in error && error.code === 'ENOENT';
      return send(response, missing ? 404 : 500, 'text/plain', missing ? 'not found' : 'error');
    }
  });

  await new Promise<void>((ready) => server.listen(options.port ?? 5199, '127.0.0.1', ready));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/`,
    storePath,
    close: async () => {
      session.lock();
      await new Promise((done) => server.close(done));
    },
  };
}
