/**
 * GraphiQL served from the server's own assets: no CDN, no font host. The browser
 * bundle (client/app.js with React, GraphiQL and the graphql-ws client) is built with
 * esbuild on first use and kept in memory.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { projectRoot } from '../config.js';
import { applyPageHeaders } from '../http/headers.js';

interface Assets {
  js: string;
  css: string;
}

const ENTRY = path.join(projectRoot, 'src', 'playground', 'client', 'app.js');

/** Only its own assets, plus the API itself over HTTP and WebSocket. */
export const PLAYGROUND_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // CodeMirror and GraphiQL set element styles at run time.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  // 'self' covers same-origin ws:// and wss:// (CSP level 3).
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

async function bundle(): Promise<Assets> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [ENTRY],
    bundle: true,
    minify: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    outdir: 'playground',
    define: { 'process.env.NODE_ENV': '"production"' },
    loader: { '.woff': 'dataurl', '.woff2': 'dataurl', '.ttf': 'dataurl', '.svg': 'dataurl', '.png': 'dataurl' },
    logLevel: 'silent',
  });
  const file = (ext: string) => result.outputFiles.find((f) => f.path.endsWith(ext))?.text ?? '';
  return { js: file('.js'), css: file('.css') };
}

function escapeJsonForHtml(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function page(defaultQuery: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Quanzi GraphQL playground</title>
<link rel="stylesheet" href="/playground/app.css">
<style>html, body, #playground { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="playground">Loading the playground…</div>
<script type="application/json" id="playground-config">${escapeJsonForHtml({ defaultQuery })}</script>
<script src="/playground/app.js"></script>
</body>
</html>`;
}

export interface Playground {
  /** Starts building the bundle now, so the first visitor does not wait for it. */
  warmUp(): void;
  /** Answers playground requests; false when the request is not one. */
  handle(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean>;
}

export function createPlayground(defaultQuery: string): Playground {
  let assets: Promise<Assets> | undefined;
  const build = () => (assets ??= bundle().catch((error) => {
    assets = undefined;
    throw error;
  }));
  const send = (res: ServerResponse, type: string, body: string, csp?: string) => {
    res.statusCode = 200;
    res.setHeader('content-type', `${type}; charset=utf-8`);
    if (csp) {
      res.setHeader('content-security-policy', csp);
      applyPageHeaders(res);
    }
    res.end(body);
  };

  return {
    warmUp: () => void build().catch(() => {}),
    async handle(req, res, pathname) {
      if (req.method !== 'GET') return false;
      if (pathname === '/graphql' && (req.headers.accept ?? '').includes('text/html')) {
        send(res, 'text/html', page(defaultQuery), PLAYGROUND_CSP);
        return true;
      }
      if (pathname === '/playground/app.js') {
        send(res, 'text/javascript', (await build()).js);
        return true;
      }
      if (pathname === '/playground/app.css') {
        send(res, 'text/css', (await build()).css);
        return true;
      }
      return false;
    },
  };
}
