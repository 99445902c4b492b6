// Parse each file once per change: the extension resolves the posture on every relevant event, but
// a file is re-read and re-parsed only when its stat signature (size, mtime, inode) changes.
import { promises as fs } from 'node:fs';
import { loadTomlFile, type FileLoad } from './layers';

interface Entry {
  readonly signature: string;
  readonly load: FileLoad;
}

export class ConfigFileCache {
  private readonly entries = new Map<string, Entry>();
  /** How many times a file was actually read and parsed (for tests and the log). */
  parses = 0;

  async load(file: string): Promise<FileLoad> {
    const st = await fs.stat(file).catch(() => undefined);
    // Missing files and non-regular files are cheap to re-check and must never be cached stale.
    if (!st?.isFile()) {
      this.entries.delete(file);
      return loadTomlFile(file);
    }
    const signature = `${st.size}:${st.mtimeMs}:${st.ino}:${st.ctimeMs}`;
    const hit = this.entries.get(file);
    if (hit && hit.signature === signature) return hit.load;
    this.parses++;
    const load = await loadTomlFile(file);
    this.entries.set(file, { signature, load });
    return load;
  }
}
