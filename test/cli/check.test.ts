/**
 * `shadegate check` as a brand runs it: a child process started from another directory, on a
 * generated fixture photo saved under its conventional name.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { REVIEW_BELOW } from '../../extraction/index.ts';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultSpec, renderPhoto } from '../fixtures/index.ts';
import { RULE_IDS } from '../../validators/types.ts';

const BIN = fileURLToPath(new URL('../../bin/shadegate.mjs', import.meta.url));
// The default fixture's shade (defaultSpec().color), and a clearly different blue.
const RED = '#b22146';
const BLUE = '#2a5bd7';

let dir = '';
let photo = '';
let textAsJpg = '';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: dir, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? Number((error as { code?: number }).code ?? 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shadegate-cli-'));
  const rendered = await renderPhoto(defaultSpec());
  photo = join(dir, rendered.fileName);
  await writeFile(photo, rendered.bytes);
  textAsJpg = join(dir, 'lumiere_silk-satin_b22146_side.jpg');
  await writeFile(textAsJpg, 'this is a text file, not a photo\n');
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('a clean photo under its conventional name is accepted: exit 0 and exactly {file, verdict, findings, extraction}', async () => {
  const r = await run(['check', photo, '--swatch', RED, '--json']);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(out).sort(), ['extraction', 'file', 'findings', 'verdict']);
  assert.equal(out.file, photo);
  assert.equal(out.verdict, 'accepted');
  assert.deepEqual(out.findings.map((f: { rule: string }) => f.rule), [...RULE_IDS]);
  for (const f of out.findings) assert.deepEqual(Object.keys(f).sort(), ['fix', 'measured', 'message', 'rule', 'status', 'threshold', 'unit']);
  assert.match(out.extraction.color.hex, /^#[0-9a-f]{6}$/);
  // A clean studio render of a red bullet on white: the measurement needs no person.
  assert.equal(out.extraction.review, false);
  assert.ok(out.extraction.color.confidence >= REVIEW_BELOW, `confidence ${out.extraction.color.confidence}`);
});

test('a blue declared colour for a red lipstick is rejected on swatch: exit 1', async () => {
  const r = await run(['check', photo, '--swatch', BLUE, '--json']);
  assert.equal(r.code, 1, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.verdict, 'rejected');
  const swatch = out.findings.find((f: { rule: string }) => f.rule === 'swatch');
  assert.equal(swatch.status, 'fail');
  assert.ok(swatch.measured >= 12, `ΔE00 ${swatch.measured}`);
});

test('a text file named .jpg is rejected on format: exit 1', async () => {
  const r = await run(['check', textAsJpg, '--json']);
  assert.equal(r.code, 1, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.verdict, 'rejected');
  assert.deepEqual(out.findings.map((f: { rule: string; status: string }) => [f.rule, f.status]), [['format', 'fail'], ['naming', 'pass']]);
  assert.equal(out.findings[0].measured, 'text/plain');
  assert.equal(out.extraction, null);
});

test('several files print an array, one report per file in the order given', async () => {
  const r = await run(['check', textAsJpg, textAsJpg, '--json']);
  assert.equal(r.code, 1, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.ok(Array.isArray(out));
  assert.deepEqual(out.map((o: { file: string }) => o.file), [textAsJpg, textAsJpg]);
});

test('without --json each file gets a readable table with what was found and the fix under a failing rule', async () => {
  const r = await run(['check', textAsJpg]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /: REJECTED/);
  assert.match(r.stdout, /rule\s+status\s+measured\s+limit/);
  assert.match(r.stdout, /^ {2}format\s+FAIL\s+text\/plain\s+fail unless JPEG/m);
  assert.match(r.stdout, /found: The file's content is not JPEG, PNG, WebP, TIFF \(found: text\/plain\)/);
  assert.match(r.stdout, /fix: +Export the photo as JPEG/);
});

test('the readable report gives the confidence of the colour', async () => {
  const r = await run(['check', photo, '--swatch', RED]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Extraction \(robust [0-9.]+\): colour #[0-9a-f]{6} .*; confidence \d+ %$/m);
});

test('an unknown flag is a usage error: exit 2 with the reason on stderr', async () => {
  const r = await run(['check', 'x.jpg', '--bogus']);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /Unknown option '--bogus'/);
  assert.match(r.stderr, /Usage: shadegate check FILE/);
});

test('an eyeshadow palette prints one line per pan, in reading order, and carries the pans in the JSON', async () => {
  const pans = ['#c8956c', '#8a4f3a', '#e8c4b0', '#4a3b5c'];
  const rendered = await renderPhoto(defaultSpec({ kind: 'compact', color: pans[1], pans, finish: 'matte', width: 1200, height: 1000, productSpan: 0.6 }));
  const file = join(dir, 'lumiere_nudes_es-04_front.jpg');
  await writeFile(file, rendered.bytes);
  const r = await run(['check', file, '--category', 'eyeshadow', '--swatch', pans[1]]);
  assert.match(r.stdout, /^Palette: 4 pans$/m);
  const lines = r.stdout.split('\n').filter((l) => /^ {2}pan \d: colour #[0-9a-f]{6} /.test(l));
  assert.deepEqual(lines.map((l) => Number(/pan (\d)/.exec(l)![1])), [1, 2, 3, 4]);
  const json = JSON.parse((await run(['check', file, '--category', 'eyeshadow', '--swatch', pans[1], '--json'])).stdout);
  assert.equal(json.extraction.pans.length, 4);
  assert.equal(json.extraction.finish.word, 'matte');
});
