// The "Codex Posture" log. Its messages carry paths, folder and branch names, config values, user
// input and codex output: a newline in one would forge a log entry of its own, an ANSI or OSC
// sequence would recolour, hide or link text wherever the log file is viewed in a terminal. The
// channel handed to every feature makes each message safe itself, so no call site can forget.
import type * as vscode from 'vscode';
import { logText } from '../core/present/safeText';

const WRAPPED = new Set<string | symbol>(['trace', 'debug', 'info', 'warn', 'error', 'append', 'appendLine', 'replace']);

/**
 * An Error keeps its stack on separate lines (our own frames; VS Code formats it), but its message,
 * which often quotes a path, is made one line. The message is cut from the stack's first line
 * before the stack is split, so a newline inside it cannot pass for a frame.
 */
function safeError(e: Error): Error {
  const copy = new Error(logText(e.message));
  copy.name = logText(e.name);
  const header = `${e.name}: ${e.message}`;
  const frames = e.stack?.startsWith(header) ? e.stack.slice(header.length) : '';
  copy.stack = `${copy.name}: ${copy.message}${frames.split('\n').map(logText).join('\n')}`;
  return copy;
}

function safeArg(a: unknown): unknown {
  if (typeof a === 'string') return logText(a);
  if (a instanceof Error) return safeError(a);
  return a; // other values are JSON-formatted by VS Code, which escapes control characters
}

/** `channel`, with every message and argument made safe before it is written. */
export function safeLog<T extends vscode.LogOutputChannel>(channel: T): T {
  return new Proxy(channel, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      if (!WRAPPED.has(prop)) return value.bind(target);
      return (...args: unknown[]) => value.apply(target, args.map(safeArg));
    },
  });
}
