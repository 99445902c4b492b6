// Small config files are parsed and resolved on the calling thread, large ones in the worker. Real
// Codex configs are a few kilobytes, and in place the first badge needs no thread start (80 to 200
// ms here); the guard bounds what in place may cost, since the engine's work grows with file size.
import { promises as fs } from 'node:fs';
import { ConfigFileCache } from '../core/config/fileCache';
import type { FileLoad } from '../core/config/layers';
import { resolvePosture } from '../core/config/resolve';
import type { PostureSnapshot } from '../core/config/types';
import type { OffHostClient } from './client';
import type { ResolveInput } from './protocol';

/** Largest file (or unsaved text) worked on in place: about 10 ms of parsing on a busy machine. */
export const IN_PLACE_MAX_BYTES = 128 * 1024;

/** Thrown through the engine to leave it early; never shown. */
export class TooLargeForInPlace extends Error {}

/** A file cache that refuses, by throwing, any file too large to parse on the calling thread. */
export class InPlaceCache extends ConfigFileCache {
  override async load(file: string): Promise<FileLoad> {
    const st = await fs.stat(file).catch(() => undefined);
    if (st?.isFile() && st.size > IN_PLACE_MAX_BYTES) throw new TooLargeForInPlace();
    return super.load(file);
  }
}

/**
 * In place when every file the engine reads is small, else in the worker. `worker` gives the client
 * only when needed (the extension loads its module then); without one, this rejects.
 */
export async function resolveGuarded(
  input: ResolveInput,
  inPlace: InPlaceCache,
  worker: () => Promise<OffHostClient | undefined>,
): Promise<PostureSnapshot> {
  try {
    return await resolvePosture({ ...input, cache: inPlace });
  } catch (e) {
    if (!(e instanceof TooLargeForInPlace)) throw e;
  }
  const client = await worker();
  if (!client) throw new Error('no worker thread');
  return client.resolveSnapshot(input);
}
