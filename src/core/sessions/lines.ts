// Reads a JSON Lines file from a byte offset in fixed-size chunks: memory stays bounded whatever
// the file's size, and a line that is still being written (no newline yet) is left for the next
// read, which resumes from the returned offset.
import * as fsp from 'node:fs/promises';

/** Lines longer than this are skipped rather than held in memory (Codex's are a few KB, rarely 1 MB). */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;
const CHUNK_BYTES = 1024 * 1024;

export interface ScanResult {
  /** Where the next read starts: just after the last complete line. */
  readonly offset: number;
  /** Lines dropped for being longer than MAX_LINE_BYTES. */
  readonly oversized: number;
  /** The file's size when the scan stopped. */
  readonly bytesRead: number;
}

export interface ScanOptions {
  /** Stop after this line (the first line of a file of another folder is all we read). */
  readonly maxLines?: number;
  readonly maxLineBytes?: number;
  readonly signal?: AbortSignal;
  /** Called after each chunk with the bytes consumed so far, for progress. */
  readonly onChunk?: (bytes: number) => void;
}

/**
 * Calls `onLine(buf, start, end)` for each complete line (without its newline) from `from` on.
 * The buffer is reused: read what is needed before returning. `onLine` returns false to stop.
 */
export async function scanLines(
  file: string,
  from: number,
  onLine: (buf: Buffer, start: number, end: number) => boolean | void,
  opts: ScanOptions = {},
): Promise<ScanResult> {
  const maxLine = opts.maxLineBytes ?? MAX_LINE_BYTES;
  const fh = await fsp.open(file, 'r');
  let buf = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, maxLine + 1));
  let filled = 0;
  // File position of buf[0].
  let base = from;
  let oversized = 0;
  // Inside a line too long to keep: drop bytes until its newline.
  let skipping = false;
  let lines = 0;
  let stopped = false;
  try {
    while (!stopped) {
      if (opts.signal?.aborted) throw opts.signal.reason ?? new Error('aborted');
      const { bytesRead } = await fh.read(buf, filled, buf.length - filled, base + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
      let start = 0;
      for (;;) {
        const nl = buf.indexOf(10, start);
        if (nl < 0 || nl >= filled) break;
        if (skipping) skipping = false;
        else {
          lines++;
          if (onLine(buf, start, nl) === false || (opts.maxLines !== undefined && lines >= opts.maxLines)) {
            start = nl + 1;
            stopped = true;
            break;
          }
        }
        start = nl + 1;
      }
      if (stopped) {
        base += start;
        filled = 0;
        break;
      }
      if (start === 0 && filled === buf.length) {
        // One line fills the whole buffer: grow up to the cap, then give up on that line.
        if (!skipping && buf.length <= maxLine) {
          const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, maxLine + 1));
          buf.copy(bigger, 0, 0, filled);
          buf = bigger;
        } else {
          if (!skipping) oversized++;
          skipping = true;
          base += filled;
          filled = 0;
        }
      } else {
        buf.copy(buf, 0, start, filled);
        filled -= start;
        base += start;
      }
      opts.onChunk?.(base);
    }
  } finally {
    await fh.close();
  }
  // A half-written last line (or one being skipped) is not consumed: the next read starts at it.
  return { offset: skipping ? base + filled : base, oversized, bytesRead: base + filled };
}
