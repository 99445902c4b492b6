// The session-record reader under load, for `npm run bench`: builds about 1 GB of rollout files from
// real 0.171.0 lines (the committed fixtures, repeated) in a temp CODEX_HOME, then, in a fresh
// process per run so the peak RSS is the reader's own, indexes them all and times a refresh after
// one appended line. Everything is deleted afterwards.
//   node out/scripts/benchSessions.js measure CODEX_HOME FOLDER   (the child: prints one JSON line)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SessionIndex } from '../src/core/sessions';

const FIXTURES = path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'codex-sessions');
const FILE_BYTES = 5 * 1024 * 1024;

export interface SessionsBenchRun {
  readonly fullMs: number;
  readonly fullCpuMs: number;
  readonly maxRssMb: number;
  readonly bytes: number;
  readonly sessions: number;
  readonly incrementalMs: number[];
}

/**
 * Writes `totalBytes` of rollouts under `codexHome/sessions`: each file one real session_meta (its
 * cwd set to `folder`, so every file is read in full: the worst case), then real lines of the
 * fixtures repeated. A quarter of the files belong to other folders, as on a real machine.
 */
export function buildRecords(codexHome: string, folder: string, totalBytes: number): { files: number; bytes: number } {
  const sources = ['ide-approvals', 'exec-read-only', 'exec-danger-full-access', 'tui-approved', 'exec-mcp-call'].map((n) =>
    fs
      .readFileSync(path.join(FIXTURES, `${n}.jsonl`), 'utf8')
      .split('\n')
      .filter(Boolean),
  );
  let bytes = 0;
  let files = 0;
  while (bytes < totalBytes) {
    const lines = sources[files % sources.length];
    const meta = JSON.parse(lines[0]) as { payload: Record<string, unknown> };
    const id = `00000000-0000-7000-8000-${String(files).padStart(12, '0')}`;
    meta.payload.id = id;
    meta.payload.cwd = files % 4 === 3 ? `${folder}-elsewhere` : folder;
    const parts = [JSON.stringify(meta)];
    let size = parts[0].length + 1;
    while (size < FILE_BYTES) {
      for (let i = 1; i < lines.length; i++) {
        parts.push(lines[i]);
        size += lines[i].length + 1;
      }
    }
    const day = String(1 + (files % 28)).padStart(2, '0');
    const dir = path.join(codexHome, 'sessions', '2026', '11', day);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `rollout-2026-11-${day}T00-00-00-${id}.jsonl`), parts.join('\n') + '\n');
    bytes += size;
    files++;
  }
  return { files, bytes };
}

async function measure(codexHome: string, folder: string): Promise<SessionsBenchRun> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const index = new SessionIndex({ codexHome, folder });
  const st = await index.refresh();
  const report = index.report();
  const fullMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  // A live session gets one more line; the refresh after it is what a watcher would trigger.
  const live = path.join(codexHome, 'sessions', '2026', '11', '01');
  const file = path.join(live, fs.readdirSync(live).sort()[0]);
  const incrementalMs: number[] = [];
  for (let i = 0; i < 21; i++) {
    fs.appendFileSync(
      file,
      `{"timestamp":"2026-12-06T05:00:${String(i).padStart(2, '0')}.000Z","ordinal":${100000 + i},"type":"event_msg","payload":{"type":"turn_aborted","turn_id":"t${i}","reason":"interrupted"}}\n`,
    );
    const s = performance.now();
    await index.refresh();
    index.report();
    incrementalMs.push(performance.now() - s);
  }
  return {
    fullMs,
    fullCpuMs: (cpu.user + cpu.system) / 1000,
    maxRssMb: peakRssMb(),
    bytes: st.bytesRead,
    sessions: report.sessions.length,
    incrementalMs,
  };
}

/**
 * This process's own peak RSS. On Linux getrusage's maxRSS survives exec, so a child spawned by a
 * large parent (the bench after its 15.8 MB runs) starts with the parent's size, measured: 171 MiB
 * there against 123 MiB alone. VmHWM belongs to the process's own memory map, new at exec.
 */
function peakRssMb(): number {
  const hwm = /^VmHWM:\s+(\d+) kB/m.exec(fs.existsSync('/proc/self/status') ? fs.readFileSync('/proc/self/status', 'utf8') : '');
  return (hwm ? Number(hwm[1]) : process.resourceUsage().maxRSS) / 1024;
}

if (require.main === module && process.argv[2] === 'measure') {
  measure(process.argv[3], process.argv[4]).then(
    (r) => process.stdout.write(JSON.stringify(r) + '\n'),
    (err: unknown) => {
      console.error(err instanceof Error ? err.stack : err);
      process.exitCode = 1;
    },
  );
}
