// Reads one config file defensively. A config path can be anything a user or an attacker left
// there: a directory, a FIFO (reading it would block forever), a symlink loop, a huge file, bytes
// that are not UTF-8. Each case becomes a clear, typed answer instead of an exception or a hang.
import { promises as fs, constants as fsConstants, statSync } from 'node:fs';

/** Codex config files are small; anything larger is refused rather than parsed for seconds. */
export const MAX_CONFIG_BYTES = 16 * 1024 * 1024;

export type ReadResult =
  | { readonly kind: 'missing' }
  | { readonly kind: 'text'; readonly text: string; readonly mtimeMs: number; readonly size: number }
  | {
      readonly kind: 'error';
      readonly message: string;
      readonly byteOffset?: number;
      /** We chose not to read it (too large, or changing under us): Codex may well read it. */
      readonly unread?: true;
    };

function describe(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links (a symlink loop)';
    case 'EISDIR':
      return 'is a directory, not a file';
    case 'ENOTDIR':
      return 'a parent of this path is not a directory';
    default:
      return err instanceof Error ? err.message : String(err);
  }
}

export async function readConfigFile(file: string): Promise<ReadResult> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      // A dangling symlink is "missing" to stat; Codex treats it the same way as no file.
      return { kind: 'missing' };
    }
    if (code === 'ENOTDIR') return { kind: 'missing' };
    return { kind: 'error', message: describe(err) };
  }
  if (stat.isDirectory()) return { kind: 'error', message: 'is a directory, not a file' };
  if (!stat.isFile()) return { kind: 'error', message: 'is not a regular file (a FIFO, socket or device)' };
  if (stat.size > MAX_CONFIG_BYTES) {
    return { kind: 'error', message: `is ${stat.size} bytes; config files over ${MAX_CONFIG_BYTES} bytes are not read`, unread: true };
  }
  let handle;
  try {
    // O_NONBLOCK: if the file was swapped for a FIFO after the stat, the open must not block.
    handle = await fs.open(file, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
    const bytes = Buffer.alloc(Math.min(stat.size, MAX_CONFIG_BYTES) + 1);
    let total = 0;
    for (;;) {
      const { bytesRead } = await handle.read(bytes, total, bytes.length - total, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total >= bytes.length) {
        return { kind: 'error', message: 'grew while it was being read; try again when it is saved', unread: true };
      }
    }
    const data = bytes.subarray(0, total);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(data);
    } catch {
      const byteOffset = firstInvalidUtf8(data);
      return { kind: 'error', message: `is not valid UTF-8 (first bad byte at offset ${byteOffset})`, byteOffset };
    }
    return { kind: 'text', text, mtimeMs: stat.mtimeMs, size: total };
  } catch (err) {
    return { kind: 'error', message: describe(err) };
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** Offset of the first byte that breaks UTF-8, for a message that points somewhere useful. */
export function firstInvalidUtf8(data: Uint8Array): number {
  let i = 0;
  while (i < data.length) {
    const b = data[i];
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      if (i + k >= data.length || (data[i + k] & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return data.length;
}

/**
 * What is at `file`, for the files Codex reads while loading a config (a few per config file, so a
 * synchronous stat is cheap; the lint worker and the CLI call it, never the extension host's own
 * thread on its main path).
 */
export function pathKindSync(file: string): 'file' | 'not-file' | 'missing' {
  try {
    return statSync(file).isFile() ? 'file' : 'not-file';
  } catch {
    return 'missing';
  }
}
