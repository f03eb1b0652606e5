/**
 * A headless Chromium page driven over the DevTools protocol, for the playground's browser
 * tests. It drives the system's Chromium with the `ws` package the server already depends
 * on, so it needs no browser download and no puppeteer: the tests only open one page,
 * evaluate script in it and wait for conditions, which is three protocol messages' worth.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { sleep } from './util.js';

export const CHROMIUM = '/usr/bin/chromium';

/** Flags for a quiet, offline-friendly headless run (shared with the `--dump-dom` check). */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface BrowserPage {
  /** The value of a script expression evaluated in the page (promises awaited), as JSON. */
  evaluate<T>(expression: string): Promise<T>;
  /** Polls `expression` until it is truthy (errors count as not yet) and returns its value; fails after `timeoutMs`, naming `what`. */
  waitFor<T>(expression: string, what: string, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

async function until<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

/** Starts Chromium on `url` and connects to its page. */
export async function openPage(url: string): Promise<BrowserPage> {
  const profile = mkdtempSync(path.join(tmpdir(), 'quanzi-chromium-'));
  // Its own process group, so closing can stop its helper processes too (they write into the profile).
  const chromium = spawn(CHROMIUM, [...CHROMIUM_FLAGS, '--remote-debugging-port=0', `--user-data-dir=${profile}`, url], { stdio: 'ignore', detached: true });
  const exited = new Promise<void>((resolve) => chromium.once('exit', () => resolve()));
  let socket: WebSocket | undefined;
  const close = async () => {
    socket?.close();
    try {
      process.kill(-chromium.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
    await exited;
    rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  };
  try {
    // Chromium writes the port it picked into the profile once DevTools listens.
    const portFile = path.join(profile, 'DevToolsActivePort');
    const port = await until(() => (existsSync(portFile) ? readFileSync(portFile, 'utf8').split('\n')[0] : undefined), 'Chromium to start', 30_000);
    const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { type: string; webSocketDebuggerUrl: string }[];
    const target = targets.find((t) => t.type === 'page');
    if (!target) throw new Error('Chromium opened no page');
    const ws = (socket = new WebSocket(target.webSocketDebuggerUrl));
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));

    let lastId = 0;
    const replies = new Map<number, (message: { result?: unknown; error?: { message: string } }) => void>();
    ws.on('message', (data) => {
      const message = JSON.parse(String(data));
      replies.get(message.id)?.(message);
      replies.delete(message.id);
    });
    const send = <T>(method: string, params: object) =>
      new Promise<T>((resolve, reject) => {
        const id = ++lastId;
        replies.set(id, (message) => (message.error ? reject(new Error(`${method}: ${message.error.message}`)) : resolve(message.result as T)));
        ws.send(JSON.stringify({ id, method, params }));
      });

    const evaluate = async <T>(expression: string): Promise<T> => {
      const { result, exceptionDetails } = await send<{ result: { value?: T }; exceptionDetails?: { text: string; exception?: { description?: string } } }>(
        'Runtime.evaluate',
        { expression, awaitPromise: true, returnByValue: true },
      );
      if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
      return result.value as T;
    };
    // While the page loads, or before what it waits for is rendered, evaluating can throw:
    // that counts as "not yet", and the last such error is named if time runs out.
    const waitFor = <T>(expression: string, what: string, timeoutMs = 10_000) => {
      let lastError = '';
      const probe = () =>
        evaluate<T>(expression).catch((error: Error) => {
          lastError = error.message;
          return undefined;
        });
      return until(probe, what, timeoutMs).catch((error: Error) => {
        throw new Error(lastError ? `${error.message} (last error: ${lastError})` : error.message);
      });
    };
    return { evaluate, waitFor, close };
  } catch (error) {
    await close();
    throw error;
  }
}
