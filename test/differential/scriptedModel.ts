// A scripted model on 127.0.0.1 for tests that need Codex to act: each Responses request is
// answered with a Server-Sent Events stream whose output items the test chose (a shell command, a
// web search, a patch, a message). Codex then really runs the command in its real sandbox, asks
// for approval, and writes its session record, all offline.
import * as http from 'node:http';
import { listenOnLoopback, localProviderArgs } from './mockResponses';

export type OutputItem = Readonly<Record<string, unknown>>;

/** What the model says next, given the request body Codex sent. */
export type Script = (body: Record<string, unknown>) => readonly OutputItem[];

const PROVIDER = 'codex_posture_scripted';

export class ScriptedModel {
  private server: http.Server | undefined;
  port = 0;
  requests = 0;

  constructor(private readonly script: Script) {}

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (d: string) => {
        if (body.length < 16_000_000) body += d;
      });
      req.on('end', () => {
        // Codex tries a websocket first (a GET); a 404 sends it to plain HTTP streaming.
        if (req.method !== 'POST' || !(req.url ?? '').includes('/responses')) {
          res.writeHead(404, { 'content-type': 'text/plain' });
          res.end('not here');
          return;
        }
        this.requests++;
        let parsed: Record<string, unknown> = {};
        try {
          parsed = JSON.parse(body) as Record<string, unknown>;
        } catch {
          /* an empty script answer below */
        }
        let items: readonly OutputItem[];
        try {
          items = this.script(parsed);
        } catch {
          items = [message('script error')];
        }
        const id = `resp_${this.requests}`;
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        const send = (ev: Record<string, unknown>) => res.write(`event: ${String(ev.type)}\ndata: ${JSON.stringify(ev)}\n\n`);
        send({ type: 'response.created', response: { id } });
        for (const item of items) send({ type: 'response.output_item.done', item });
        send({
          type: 'response.completed',
          response: {
            id,
            usage: { input_tokens: 1, input_tokens_details: null, output_tokens: 1, output_tokens_details: null, total_tokens: 2 },
          },
        });
        res.end();
      });
    });
    this.port = await listenOnLoopback(this.server);
  }

  /** `-c` arguments that send Codex's model traffic here. */
  configArgs(): string[] {
    return localProviderArgs(PROVIDER, 'codex-posture scripted model', this.port, 'gpt-5.5');
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    s.closeAllConnections?.();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}

export function message(text: string, id = `msg_${Math.random().toString(36).slice(2)}`): OutputItem {
  return { type: 'message', role: 'assistant', id, content: [{ type: 'output_text', text }] };
}

/** The model asks to run a shell command; `escalated` asks to run it outside the sandbox. */
export function shell(callId: string, cmd: string, escalated = false): OutputItem {
  const args: Record<string, unknown> = { cmd };
  if (escalated) Object.assign(args, { sandbox_permissions: 'require_escalated', justification: 'needed for the test' });
  return { type: 'function_call', name: 'exec_command', arguments: JSON.stringify(args), call_id: callId };
}

export function webSearch(id: string, query: string): OutputItem {
  return { type: 'web_search_call', id, status: 'completed', action: { type: 'search', query } };
}

/**
 * A script keyed by a marker word in the user's latest message (`T1`, `T2`, ...): each turn's
 * items are said one per request, then a closing message ends the turn.
 */
export function byTurn(plans: Readonly<Record<string, readonly OutputItem[]>>): Script {
  return (body) => {
    const input = Array.isArray(body.input) ? (body.input as Array<Record<string, unknown>>) : [];
    let marker: string | undefined;
    let answered = 0;
    for (const it of input) {
      if (it.type === 'message' && it.role === 'user') {
        const text = Array.isArray(it.content) ? (it.content as Array<{ text?: string }>).map((c) => c.text ?? '').join(' ') : '';
        const m = /\bT\d+\b/.exec(text);
        if (m) {
          marker = m[0];
          answered = 0;
        }
      } else if (typeof it.type === 'string' && (it.type.endsWith('_output') || it.type === 'web_search_call')) answered++;
    }
    const plan = (marker && plans[marker]) || [];
    return answered < plan.length ? [plan[answered]] : [message(`done ${marker ?? ''}`)];
  };
}
