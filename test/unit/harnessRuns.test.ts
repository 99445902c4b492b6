// The integration harness's run list and screenshot markers (plain Node; no VS Code started).
import * as assert from 'node:assert/strict';
import { RUNS, assignTestFiles } from '../harness/runs';
import { parseScreenshotRequest } from '../harness/runner';

describe('integration harness run list', () => {
  it('a file goes to the first run whose glob matches; main takes the rest', () => {
    const got = assignTestFiles([
      'activation.test.js',
      'badge.test.js',
      'multiroot.fixture.test.js',
      'restricted.badge.test.js',
      'sub/restricted.x.test.js',
    ]);
    assert.deepEqual(Object.fromEntries(got), {
      multiroot: ['multiroot.fixture.test.js'],
      restricted: ['restricted.badge.test.js'],
      main: ['activation.test.js', 'badge.test.js', 'sub/restricted.x.test.js'],
    });
  });
  it('run names are unique and main is last (it catches everything)', () => {
    assert.equal(new Set(RUNS.map((r) => r.name)).size, RUNS.length);
    assert.equal(RUNS[RUNS.length - 1].name, 'main');
  });
});

describe('screenshot markers', () => {
  it('plain names and JSON requests with a hover selector', () => {
    assert.deepEqual(parseScreenshotRequest('badge-1'), { name: 'badge-1' });
    assert.deepEqual(parseScreenshotRequest('{"name":"t","hover":"#a\\\\.b"}'), { name: 't', hover: '#a\\.b' });
    assert.deepEqual(parseScreenshotRequest('{"name":"t","click":".x:text-is(\\"Trust\\")"}'), { name: 't', click: '.x:text-is("Trust")' });
  });
  it('rejects names that could escape the screenshot folder, and bad JSON', () => {
    for (const bad of ['{"name":"../x"}', '{"name":"a/b"}', '{"name":"x","hover":""}', '{"name":"x","click":5}', '{name:1}'])
      assert.equal(parseScreenshotRequest(bad), undefined, bad);
  });
});
