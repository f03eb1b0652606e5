/**
 * The GraphQL playground: served by the server itself, from its own assets only, under a
 * strict Content-Security-Policy, so it works with no internet access. When Chromium is
 * installed, a real headless browser loads it and must end up with GraphiQL on screen, and
 * a person using it sees why a subscription is refused and gets the Headers tab filled in
 * by a log-in.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_FLAGS, openPage, type BrowserPage } from '../helpers/browser.js';
import { foundCircle, writePost } from '../helpers/circles.js';
import { PASSWORD, signUp } from '../helpers/people.js';
import { serverForTests, startTestServer } from '../helpers/server.js';
import { sleep, tag } from '../helpers/util.js';

const run = promisify(execFile);
const NO_CHROMIUM = `${CHROMIUM} is not installed (apt-get install chromium), so no browser check`;

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

/** GraphiQL's editors are CodeMirror 5 instances, reachable from their wrapper element. */
const editor = (selector: string) => `document.querySelector(${JSON.stringify(selector)}).CodeMirror`;
const QUERY = '.graphiql-query-editor .CodeMirror';
const RESPONSE = '.result-window .CodeMirror';
const RUNNING = `document.querySelector('.graphiql-execute-button').getAttribute('aria-label').startsWith('Stop')`;
/** The editor shown below the query: the Headers tab once it is selected. */
const HEADERS = '.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror';

interface Shown {
  errors: { message: string; extensions?: Record<string, unknown> }[];
}

/** What a person does in the playground: edit the headers, run an operation, read the response. */
class GraphiQLPage {
  constructor(private readonly page: BrowserPage) {}

  async ready(): Promise<void> {
    await this.page.waitFor(`!!document.querySelector('.graphiql-execute-button') && !!${editor(RESPONSE)}`, 'GraphiQL on screen', 60_000);
  }

  async setHeaders(text: string): Promise<void> {
    await this.page.evaluate(`[...document.querySelectorAll('.graphiql-editor-tools button')].find((b) => b.textContent.trim() === 'Headers').click()`);
    await this.page.waitFor(`!!document.querySelector(${JSON.stringify(HEADERS)}) && ${editor(HEADERS)}.getValue() !== undefined`, 'the Headers tab', 5_000);
    await this.page.evaluate(`${editor(HEADERS)}.setValue(${JSON.stringify(text)})`);
  }

  headers(): Promise<string> {
    return this.page.evaluate(`${editor(HEADERS)}.getValue()`);
  }

  response(): Promise<string> {
    return this.page.evaluate(`${editor(RESPONSE)}.getValue()`);
  }

  /** The spinner GraphiQL shows until the first result arrives. */
  spinning(): Promise<boolean> {
    return this.page.evaluate(`!!document.querySelector('.graphiql-response .graphiql-spinner')`);
  }

  /** Whether an operation is still going (the Run button shows Stop). */
  running(): Promise<boolean> {
    return this.page.evaluate(RUNNING);
  }

  click(): Promise<void> {
    return this.page.evaluate(`document.querySelector('.graphiql-execute-button').click()`);
  }

  /** Puts `query` in the editor, clears the response and presses Run. */
  async start(query: string): Promise<void> {
    await this.page.evaluate(`${editor(QUERY)}.setValue(${JSON.stringify(query)}); ${editor(RESPONSE)}.setValue('')`);
    // GraphiQL reads the operation from the editor a moment after each edit (debounced);
    // Run pressed before that would run the previous document's operation name.
    await this.page.waitFor(`${editor(QUERY)}.documentAST?.loc?.source.body === ${JSON.stringify(query)}`, 'GraphiQL to read the query', 5_000);
    await this.click();
  }

  /** Runs `query` and waits, at most `timeoutMs`, for a response that contains `expected`. */
  async run(query: string, expected: string, timeoutMs: number): Promise<Shown> {
    await this.start(query);
    const text = await this.page
      .waitFor<string>(
        `(() => { const text = ${editor(RESPONSE)}.getValue(); return text.includes(${JSON.stringify(expected)}) && text; })()`,
        `a response with ${expected}`,
        timeoutMs,
      )
      .catch(async (error: Error) => {
        throw new Error(`${error.message}; the response pane shows: ${JSON.stringify(await this.response())}`);
      });
    return JSON.parse(text) as Shown;
  }
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
    ctx.skip(!existsSync(CHROMIUM), NO_CHROMIUM);
    const profile = mkdtempSync(path.join(tmpdir(), 'quanzi-chromium-'));
    try {
      const { stdout } = await run(
        CHROMIUM,
        [
          ...CHROMIUM_FLAGS,
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
      // The default tab holds the server's welcome query, which tells a newcomer the headers fill themselves.
      expect(stdout).toContain('Welcome to Quanzi');
      expect(stdout).toContain('fills the Headers tab by itself');
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  }, 120_000);

  describe('used in a real headless Chromium', () => {
    let page: BrowserPage | undefined;
    let graphiql: GraphiQLPage;
    beforeAll(async () => {
      if (!existsSync(CHROMIUM)) return;
      page = await openPage(test.server.url);
      graphiql = new GraphiQLPage(page);
      await graphiql.ready();
    }, 90_000);
    afterAll(() => page?.close());

    it('refuses a subscription with no token before connecting, saying to log in and fill the token', async (ctx) => {
      ctx.skip(!page, NO_CHROMIUM);
      for (const headers of ['{"X-Trace": "on"}', '{"Authorization": "Bearer <run logIn or signUp: the token fills in here>"}']) {
        await graphiql.setHeaders(headers);
        const shown = await graphiql.run(`subscription { postAdded(circleSlug: "tea-${tag()}") { body } }`, 'TOKEN_MISSING', 3_000);
        expect(shown.errors[0]!.message, headers).toMatch(/so the subscription was not sent\. \(Run logIn or signUp in this page: the Headers tab fills itself/);
        expect(shown.errors[0]!.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_MISSING' });
        expect(await graphiql.spinning()).toBe(false);
        expect(await graphiql.running()).toBe(false);
      }
    });

    it('shows why the server refused a bad token within seconds, with no spinner and no {"isTrusted":true}', async (ctx) => {
      ctx.skip(!page, NO_CHROMIUM);
      await graphiql.setHeaders('{"Authorization": "Bearer not.a.token"}');
      const started = Date.now();
      // graphql-ws's default retries took about 41 s before the page showed anything.
      const shown = await graphiql.run(`subscription { postAdded(circleSlug: "tea-${tag()}") { body } }`, '4403', 5_000);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(await graphiql.response()).not.toContain('isTrusted');
      const [error] = shown.errors;
      expect(error!.extensions).toMatchObject({ code: 'UNAUTHENTICATED', closeCode: 4403 });
      // The server's reason (`TOKEN_MALFORMED: …`), or its bare "Forbidden" before reasons existed.
      expect(error!.message).toMatch(/logIn/);
      expect(await graphiql.spinning()).toBe(false);
      await page!.waitFor(`!(${RUNNING})`, 'the Run button back', 1_000);
    });

    it('fills the Headers tab from a logIn run in the page, keeping other headers; the subscription then runs, and stops', async (ctx) => {
      ctx.skip(!page, NO_CHROMIUM);
      const person = await signUp(test.client, 'play');
      const slug = await foundCircle(test, person, 'playground');
      await graphiql.setHeaders('{\n  "X-Trace": "on",\n  "Authorization": "Bearer <run logIn or signUp: the token fills in here>"\n}');

      const logIn = await graphiql.run(
        `mutation { logIn(input: { handle: "${person.handle}", password: "${PASSWORD}" }) { token } }`,
        '"token"',
        10_000,
      );
      const token = (logIn as unknown as { data: { logIn: { token: string } } }).data.logIn.token;
      expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      await page!.waitFor(`${editor(HEADERS)}.getValue().includes(${JSON.stringify(token)})`, 'the token in the Headers tab', 5_000);
      expect(JSON.parse(await graphiql.headers())).toEqual({ Authorization: `Bearer ${token}`, 'X-Trace': 'on' });

      // The filled-in header authenticates a subscription: posts arrive in the response pane.
      await graphiql.start(`subscription { postAdded(circleSlug: "${slug}") { body } }`);
      const body = `live in the playground ${tag()}`;
      await expect
        .poll(
          async () => {
            await writePost(test, person, slug, body); // until the subscription has started, posts pass it by
            await sleep(300);
            return graphiql.response();
          },
          { timeout: 15_000, interval: 100 },
        )
        .toContain(body);
      expect(await graphiql.spinning()).toBe(false);

      expect(await graphiql.running()).toBe(true);

      // Stop ends the subscription at once, and later posts no longer arrive.
      await graphiql.click();
      await page!.waitFor(`!(${RUNNING})`, 'the Run button back after Stop', 3_000);
      const after = `after stop ${tag()}`;
      await writePost(test, person, slug, after);
      await sleep(1_000);
      expect(await graphiql.response()).not.toContain(after);
    }, 60_000);
  });
});

describe('when the server has gone away after the page loaded', () => {
  it('a subscription says at once that the server cannot be reached', async (ctx) => {
    ctx.skip(!existsSync(CHROMIUM), NO_CHROMIUM);
    const test = await startTestServer({ PLAYGROUND: 'true' });
    let serverClosed = false;
    const page = await openPage(test.server.url);
    try {
      const graphiql = new GraphiQLPage(page);
      await graphiql.ready();
      await graphiql.setHeaders('{"Authorization": "Bearer some.old.token"}');
      await test.close();
      serverClosed = true;
      const shown = await graphiql.run('subscription { postAdded(circleSlug: "tea") { body } }', 'Could not reach', 5_000);
      expect(shown.errors[0]!.message).toMatch(/^Could not reach the server at ws:\/\/127\.0\.0\.1:\d+\/graphql\. \(Is it running/);
      expect(shown.errors[0]!.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE' });
      expect(await graphiql.running()).toBe(false);
    } finally {
      await page.close();
      if (!serverClosed) await test.close();
    }
  }, 90_000);
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
