/**
 * The GraphQL playground: served by the server itself, from its own assets only, under a
 * strict Content-Security-Policy, so it works with no internet access. When Chromium is
 * installed, a real headless browser loads it and must end up with GraphiQL on screen.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { serverForTests } from '../helpers/server.js';

const CHROMIUM = '/usr/bin/chromium';
const run = promisify(execFile);

interface Fetched {
  status: number;
  type: string;
  csp: string | null;
  headers: Headers;
  text: string;
}

async function get(url: string, headers: Record<string, string> = {}): Promise<Fetched> {
  const response = await fetch(url, { headers });
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    csp: response.headers.get('content-security-policy'),
    headers: response.headers,
    text: await response.text(),
  };
}

/** `script-src 'self'` → { 'script-src': ["'self'"] } */
function directives(csp: string): Record<string, string[]> {
  const parsed: Record<string, string[]> = {};
  for (const part of csp.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) parsed[name.toLowerCase()] = values;
  }
  return parsed;
}

/** A reference that makes the browser fetch from somewhere other than this server. */
const isExternal = (ref: string) => /^(?:[a-z][a-z0-9+.-]*:)?\/\//i.test(ref.trim()) && !/^data:/i.test(ref.trim());

/** Every url(...) and @import target of a stylesheet. */
function cssReferences(css: string): string[] {
  const refs: string[] = [];
  for (const match of css.matchAll(/url\(\s*(['"]?)(.*?)\1\s*\)/gi)) refs.push(match[2]!);
  for (const match of css.matchAll(/@import\s+(?:url\(\s*)?(['"]?)([^'")\s;]+)\1/gi)) refs.push(match[2]!);
  return refs;
}

describe('with PLAYGROUND=true', () => {
  const test = serverForTests({ PLAYGROUND: 'true' });
  let origin: string;
  beforeAll(() => {
    origin = new URL(test.server.url).origin;
  });

  it('serves the playground page to a browser asking /graphql for HTML, under a strict CSP', async () => {
    const page = await get(test.server.url, { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' });
    expect(page.status).toBe(200);
    expect(page.type).toMatch(/^text\/html/);
    expect(page.text).toContain('<title>Quanzi GraphQL playground</title>');
    expect(page.text).toContain('/playground/app.js');

    expect(page.csp).toBeTruthy();
    const csp = directives(page.csp!);
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['default-src']).toEqual(["'self'"]);
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    // Headers that matter for a page a browser renders.
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    for (const values of Object.values(csp)) {
      for (const value of values) expect(isExternal(value) || /^https?:$/.test(value), value).toBe(false);
    }
  });

  it('has no inline script the CSP would block, and loads nothing from another host', async () => {
    const page = await get(test.server.url, { accept: 'text/html' });
    const scripts = [...page.text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, content] of scripts) {
      const src = /\bsrc\s*=\s*["']([^"']*)["']/i.exec(attributes!)?.[1];
      if (src !== undefined) {
        expect(isExternal(src), src).toBe(false);
        expect(content!.trim()).toBe('');
      } else {
        // Inline blocks may only be data, never code.
        expect(attributes).toMatch(/type\s*=\s*["']application\/json["']/i);
      }
    }
    const refs = [...page.text.matchAll(/<(?:link|img|iframe|source|audio|video)\b[^>]*\b(?:href|src)\s*=\s*["']([^"']*)["']/gi)].map((m) => m[1]!);
    expect(refs).toContain('/playground/app.css');
    for (const ref of refs) expect(isExternal(ref), ref).toBe(false);
    for (const ref of cssReferences(page.text)) expect(isExternal(ref), ref).toBe(false);
  });

  it('serves its script bundle, which fetches nothing from another host', async () => {
    const js = await get(`${origin}/playground/app.js`);
    expect(js.status).toBe(200);
    expect(js.type).toMatch(/^(text|application)\/javascript/);
    expect(js.text.length).toBeGreaterThan(100_000); // React, GraphiQL and the graphql-ws client, bundled
    expect(js.text).toContain('graphiql');
    // Ways a script pulls in code, styles or fonts: none may point at another host.
    const assetLoads = [
      /\bsrc\s*[=:]\s*["'`]((?:https?:)?\/\/[^"'`]+)/gi,
      /\bimport\(\s*["'`]((?:https?:)?\/\/[^"'`]+)/gi,
      /\bimportScripts\(\s*["'`]((?:https?:)?\/\/[^"'`]+)/gi,
      /\bnew\s+(?:Shared)?Worker\(\s*["'`]((?:https?:)?\/\/[^"'`]+)/gi,
      /@import\s+(?:url\()?\s*\\?["'`]?((?:https?:)?\/\/[^"'`)]+)/gi,
      /url\(\s*\\?["'`]?((?:https?:)?\/\/[^"'`)]+)/gi,
      /\brel\s*[=:]\s*["'`]stylesheet["'`][^>]{0,200}?\bhref\s*[=:]\s*["'`]((?:https?:)?\/\/[^"'`]+)/gi,
    ];
    const found = assetLoads.flatMap((pattern) => [...js.text.matchAll(pattern)].map((m) => m[1]));
    expect(found).toEqual([]);
  });

  it('serves its stylesheet, with fonts and images inlined as data: URLs', async () => {
    const css = await get(`${origin}/playground/app.css`);
    expect(css.status).toBe(200);
    expect(css.type).toMatch(/^text\/css/);
    expect(css.text.length).toBeGreaterThan(10_000);
    expect(css.text).toContain('.graphiql-container');
    const refs = cssReferences(css.text);
    for (const ref of refs) expect(isExternal(ref), ref.slice(0, 100)).toBe(false);
    const fontFaces = [...css.text.matchAll(/@font-face\s*{[^}]*}/gi)].map((m) => m[0]);
    expect(fontFaces.length).toBeGreaterThan(0);
    for (const face of fontFaces) {
      for (const ref of cssReferences(face)) expect(ref.startsWith('data:') || ref.startsWith('/'), ref.slice(0, 60)).toBe(true);
    }
  });

  it('leaves API calls to Apollo: a JSON POST to /graphql still gets JSON', async () => {
    const result = await test.client.raw({ query: '{ __typename }' });
    expect(result.status).toBe(200);
    expect(result.data).toEqual({ __typename: 'Query' });
  });

  it('renders GraphiQL in a real headless Chromium, with no network beyond this server', async (ctx) => {
    ctx.skip(!existsSync(CHROMIUM), `${CHROMIUM} is not installed (apt-get install chromium), so no browser check`);
    const profile = mkdtempSync(path.join(tmpdir(), 'quanzi-chromium-'));
    try {
      const { stdout } = await run(
        CHROMIUM,
        [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
          `--user-data-dir=${profile}`,
          // Lets the bundle run and React render before the DOM is dumped.
          '--virtual-time-budget=15000',
          '--dump-dom',
          test.server.url,
        ],
        { timeout: 90_000, maxBuffer: 64 * 1024 * 1024 },
      );
      expect(stdout).toContain('graphiql-container');
      expect(stdout).toMatch(/class="[^"]*graphiql-editor/);
      expect(stdout).not.toContain('Loading the playground…');
      // The default tab holds the server's welcome query.
      expect(stdout).toContain('Welcome to Quanzi');
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('with PLAYGROUND=false', () => {
  const test = serverForTests({ PLAYGROUND: 'false' });

  it('does not serve the page: Apollo answers /graphql instead', async () => {
    const page = await get(test.server.url, { accept: 'text/html' });
    expect(page.type).not.toMatch(/text\/html/);
    expect(page.text).not.toMatch(/<html|playground/i);
    expect(page.status).toBe(400);
    expect(JSON.parse(page.text).errors.length).toBeGreaterThan(0);
    // The API's own strict policy, not the playground's.
    expect(directives(page.csp ?? '')['default-src']).toEqual(["'none'"]);
  });

  it('does not serve the assets', async () => {
    const origin = new URL(test.server.url).origin;
    for (const asset of ['/playground/app.js', '/playground/app.css']) {
      const response = await get(origin + asset);
      expect(response.status, asset).toBe(404);
      expect(response.text).not.toContain('graphiql');
    }
  });
});
