// The "Codex Posture" log channel: text from paths, branch names, config values and user input
// reaches it, and must arrive as one harmless line. Regression: a folder or branch name with a
// newline wrote a second, forged log entry; with an ANSI or OSC sequence it recoloured the log.
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { logText } from '../../src/core/present/safeText';
import { safeLog } from '../../src/host/log';

/** The part of a LogOutputChannel the extension uses, recording what reaches VS Code. */
function fakeChannel(): { channel: vscode.LogOutputChannel; written: unknown[][]; shown: number } {
  const rec = { written: [] as unknown[][], shown: 0 };
  const channel = {
    name: 'Codex Posture',
    logLevel: 2,
    show() {
      rec.shown++;
    },
    dispose() {},
    ...Object.fromEntries(
      ['trace', 'debug', 'info', 'warn', 'error', 'append', 'appendLine'].map((m) => [
        m,
        (...args: unknown[]) => void rec.written.push([m, ...args]),
      ]),
    ),
  } as unknown as vscode.LogOutputChannel;
  return {
    channel,
    written: rec.written,
    get shown() {
      return rec.shown;
    },
  };
}

describe('log channel', () => {
  const folder = '/tmp/ws/evil\n2026-01-01 00:00:00.000 [info] posture refreshed: all clear\u001b[8m\u001b]8;;https://x.invalid\u0007';

  it('logText: one line, control characters as visible escapes, readable text kept', () => {
    assert.equal(logText('a\nb\r\u001b[31mc\u0007\u202ed\te /ü $(x)'), 'a\\u000ab\\u000d\\u001b[31mc\\u0007\\u202ed\te /ü $(x)');
  });

  it('every level writes one line with the forged entry and escape sequences defused', () => {
    const f = fakeChannel();
    const log = safeLog(f.channel);
    for (const level of ['trace', 'debug', 'info', 'warn', 'error'] as const) log[level](`posture refreshed (${folder} changed)`);
    log.appendLine(folder);
    assert.equal(f.written.length, 6);
    for (const [, message] of f.written) {
      assert.equal(typeof message, 'string');
      assert.doesNotMatch(message as string, /[\n\r\u001b\u0007]/);
      assert.match(message as string, /evil\\u000a2026-01-01/);
    }
  });

  it('string and Error arguments are made safe; an Error keeps its stack frames on their own lines', () => {
    const f = fakeChannel();
    const log = safeLog(f.channel);
    const err = new Error(`cannot read ${folder}`);
    log.error('could not load a feature:', err, `branch ${folder}`);
    const [, , e, branch] = f.written[0] as [string, string, Error, string];
    assert.ok(e instanceof Error);
    assert.doesNotMatch(e.message, /[\n\u001b\u0007]/);
    assert.match(e.stack ?? '', /^Error: cannot read \/tmp\/ws\/evil\\u000a2026[^\n]*\n\s+at /);
    assert.doesNotMatch(e.stack ?? '', /^2026-01-01/m, 'no forged line from the message');
    assert.doesNotMatch(branch, /[\n\u001b]/);
  });

  it('everything else passes through to the channel', () => {
    const f = fakeChannel();
    const log = safeLog(f.channel);
    log.show();
    assert.equal(f.shown, 1);
    assert.equal(log.name, 'Codex Posture');
    assert.equal(log.logLevel, 2);
  });
});
