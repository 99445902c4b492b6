// A stand-in for the model endpoint, on 127.0.0.1 only. Codex is pointed at it through a custom
// model provider (`-c model_provider=... -c model_providers.<id>={base_url=...}`), sends the
// first turn's Responses request here, and gets an error back. The request body is what the
// model would see: its `tools` list carries the web search tool exactly as the session resolved
// it, which nothing else in Codex reports.

import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebSearchMode } from '../../src/core/config/types';

export interface CapturedRequest {
  readonly method: string;
  readonly url: string;
  readonly body: string;
}

export const MOCK_PROVIDER_ID = 'codex_posture_oracle';

/** Starts `server` on a free port of 127.0.0.1 and returns the port. */
export async function listenOnLoopback(server: http.Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

/** `-c` arguments that send Codex's model traffic to a local Responses endpoint. */
export function localProviderArgs(id: string, name: string, port: number, model: string): string[] {
  return [
    '-c',
    `model_provider="${id}"`,
    '-c',
    `model_providers.${id}={name="${name}",base_url="http://127.0.0.1:${port}/v1",wire_api="responses"}`,
    '-c',
    `model="${model}"`,
  ];
}
/** A catalogue model that gets hosted tools in `tools` (the gpt-6 models are code-mode only and carry none). */
export const MOCK_MODEL = 'gpt-5.5';

export class MockResponsesServer {
  private server: http.Server | undefined;
  private waiters: Array<() => void> = [];
  readonly requests: CapturedRequest[] = [];
  port = 0;

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (d: string) => {
        if (body.length < 8_000_000) body += d;
      });
      req.on('end', () => {
        this.requests.push({ method: req.method ?? '', url: req.url ?? '', body });
        if (req.method === 'GET') {
          res.writeHead(404, { 'content-type': 'text/plain' });
          res.end('no websocket here');
        } else {
          res.writeHead(400, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { message: 'codex-posture oracle: no model here', type: 'invalid_request_error' } }));
        }
        const w = this.waiters;
        this.waiters = [];
        for (const f of w) f();
      });
    });
    this.port = await listenOnLoopback(this.server);
  }

  /** `-c` arguments that route Codex's model traffic to this server. */
  configArgs(): string[] {
    return localProviderArgs(MOCK_PROVIDER_ID, 'codex-posture oracle', this.port, MOCK_MODEL);
  }

  /** The first POSTed Responses request body, parsed. */
  firstTurnRequest(): Record<string, unknown> | undefined {
    for (const r of this.requests) {
      if (r.method !== 'POST' || !r.url.includes('/responses')) continue;
      try {
        return JSON.parse(r.body) as Record<string, unknown>;
      } catch {
        return undefined;
      }
    }
    return undefined;
  }

  async waitForTurnRequest(timeoutMs: number): Promise<Record<string, unknown> | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const got = this.firstTurnRequest();
      if (got) return got;
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    s.closeAllConnections?.();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}

export interface WebSearchTool {
  readonly type: string;
  readonly external_web_access?: boolean;
  readonly indexed_web_access?: boolean;
  readonly [key: string]: unknown;
}

/** The `web_search` entry of a Responses request's `tools`, if any. */
export function findWebSearchTool(body: Record<string, unknown>): WebSearchTool | undefined {
  const tools = Array.isArray(body.tools) ? (body.tools as WebSearchTool[]) : [];
  return tools.find((t) => t && t.type === 'web_search');
}

/**
 * Reads the effective web search mode off the request. Measured on 0.171.0:
 *   disabled -> no web_search tool; cached -> external_web_access: false;
 *   live -> external_web_access: true; indexed -> external_web_access: true + indexed_web_access: true.
 */
export function webSearchModeFromRequest(body: Record<string, unknown>): WebSearchMode {
  const t = findWebSearchTool(body);
  if (!t) return 'disabled';
  if (t.indexed_web_access === true) return 'indexed';
  return t.external_web_access === false ? 'cached' : 'live';
}
