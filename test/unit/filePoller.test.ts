// The safety net under the file watchers: a changed, created or deleted file is reported on the
// next tick even though no watcher event arrived; an unchanged file never is.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FilePoller } from '../../src/host/filePoller';

describe('file poller', () => {
  let dir: string;
  let poller: FilePoller | undefined;
  beforeEach(async () => (dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cp-poll-'))));
  afterEach(async () => {
    poller?.dispose();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('reports creation (even in a folder that did not exist), edits and deletion; nothing when unchanged', async () => {
    const file = path.join(dir, 'new', 'folder', 'log.jsonl');
    const seen: string[][] = [];
    poller = new FilePoller(
      () => [file],
      (c) => seen.push([...c]),
      3_600_000,
    );
    assert.deepEqual(await poller.tick(), [], 'the first sighting only records');
    assert.deepEqual(await poller.tick(), []);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, 'a\n');
    assert.deepEqual(await poller.tick(), [file], 'created');
    assert.deepEqual(await poller.tick(), [], 'unchanged');
    await fs.appendFile(file, 'b\n');
    assert.deepEqual(await poller.tick(), [file], 'appended');
    await fs.rm(file);
    assert.deepEqual(await poller.tick(), [file], 'deleted');
    assert.equal(seen.length, 3);
  });

  it('with listedFilesExist, a listed file already gone at its first sighting counts as changed', async () => {
    const gone = path.join(dir, 'gone.toml');
    const seen: string[][] = [];
    poller = new FilePoller(
      () => [gone],
      (c) => seen.push([...c]),
      3_600_000,
      true,
    );
    assert.deepEqual(await poller.tick(), [gone]);
    assert.deepEqual(await poller.tick(), [], 'reported once');
    assert.equal(seen.length, 1);
  });

  it('follows the list it is given: files dropped from it are forgotten', async () => {
    const a = path.join(dir, 'a.toml');
    await fs.writeFile(a, 'x = 1\n');
    let files = [a];
    poller = new FilePoller(
      () => files,
      () => undefined,
      3_600_000,
    );
    await poller.tick();
    files = [];
    await poller.tick();
    await fs.writeFile(a, 'x = 22\n');
    files = [a];
    assert.deepEqual(await poller.tick(), [], 'a file seen again starts from its current state');
  });
});
