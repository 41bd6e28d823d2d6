/** Usage errors of `shadegate check`, run in-process (the spawned binary is covered in check.test.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheckCli } from '../../server/cli/check.ts';

async function runInProcess(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCheckCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

const usageErrors: Array<[string, string[], RegExp]> = [
  ['a bad hex colour', ['check', 'x.jpg', '--swatch', 'unicorn-red'], /--swatch must be a colour/],
  ['a flag without its value', ['check', 'x.jpg', '--swatch'], /argument missing|--swatch/],
  ['no files', ['check', '--json'], /no files given/],
  ['no command', [], /no command given/],
  ['an unknown category', ['check', 'x.jpg', '--category', 'mascara'], /--category must be one of lipstick, lip-gloss, lip-liner, blush, foundation/],
  ['an unknown extractor', ['check', 'x.jpg', '--extractor', 'magic'], /--extractor must be one of robust/],
  ['an unreadable file', ['check', 'does-not-exist.jpg'], /cannot read does-not-exist\.jpg \(ENOENT\)/],
  ['an unknown command', ['judge', 'x.jpg'], /unknown command "judge"/],
];

for (const [what, argv, message] of usageErrors) {
  test(`${what} is a usage error: exit 2 with the reason on stderr and nothing on stdout`, async () => {
    const r = await runInProcess(argv);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, message);
  });
}

test('--help prints the usage and exits 0', async () => {
  const r = await runInProcess(['--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /Exit status: 0 all accepted, 1 any rejected, 2 usage error/);
});

test('a colour written in capitals or without # is accepted', async () => {
  for (const swatch of ['#B22146', 'b22146']) {
    const r = await runInProcess(['check', 'does-not-exist.jpg', '--swatch', swatch]);
    // Reaching the file read proves the colour passed validation.
    assert.match(r.stderr, /cannot read does-not-exist\.jpg/);
  }
});

test('a directory given as a file is a usage error', async () => {
  const r = await runInProcess(['check', '.']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /cannot read \. \(not a regular file\)/);
});
