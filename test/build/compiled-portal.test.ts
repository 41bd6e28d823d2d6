/**
 * The production path: `npm run build` compiles to dist/, and the portal and `shadegate check` run
 * from there as plain JavaScript. Every process of the run (the portal, its analysis children, their
 * lane threads, the CLI) starts under a guard that refuses to load any TypeScript file or tsx, so a
 * piece still reaching for the sources fails here.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { defaultSpec, renderPhoto } from '../fixtures/index.ts';
import { defaultFields, login, submitShade } from '../support/browserless-client.ts';
import { freshTestDatabase } from '../support/test-portal.ts';
import { spawnPortal, type PortalProcess } from '../durability/portal-process.ts';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'shadegate.mjs');

/** Module hooks that throw on a TypeScript file or tsx; loaded through NODE_OPTIONS, which every child inherits. */
const GUARD_HOOKS = `
export async function resolve(specifier, context, next) {
  if (/\\.[cm]?ts$/.test(specifier) || /^tsx(\\/|$)/.test(specifier)) throw new Error('TypeScript at run time: ' + specifier);
  return next(specifier, context);
}
`;
const GUARD = `
import { register } from 'node:module';
register(new URL('./no-typescript-hooks.mjs', import.meta.url));
`;

let dir = '';
let guardOptions = '';
let database: Awaited<ReturnType<typeof freshTestDatabase>> = null;
let portal: PortalProcess | null = null;

before(async () => {
  // Builds only when dist/ is missing or older than the sources, as `npm start` does.
  await run(process.execPath, [path.join(ROOT, 'bin', 'build.mjs'), '--if-stale'], { cwd: ROOT, timeout: 600_000 });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shadegate-compiled-'));
  fs.writeFileSync(path.join(dir, 'no-typescript-hooks.mjs'), GUARD_HOOKS);
  fs.writeFileSync(path.join(dir, 'no-typescript.mjs'), GUARD);
  guardOptions = `--import=${pathToFileURL(path.join(dir, 'no-typescript.mjs')).href}`;
  database = await freshTestDatabase();
});

after(async () => {
  await portal?.kill('SIGTERM');
  await database?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the compiled build', () => {
  it('imports JavaScript only: no module specifier in dist/ names a .ts file', () => {
    const offenders: string[] = [];
    const visit = (folder: string) => {
      for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
        const full = path.join(folder, entry.name);
        if (entry.isDirectory()) visit(full);
        else if (entry.name.endsWith('.js') && /\bfrom\s+['"][^'"]+\.ts['"]|import\(\s*['"][^'"]+\.ts['"]/.test(fs.readFileSync(full, 'utf8'))) offenders.push(full);
      }
    };
    visit(path.join(ROOT, 'dist'));
    assert.deepEqual(offenders, []);
  });

  it('serves the portal from dist/: /healthz, a page with its stylesheet, and an upload analysed in a compiled child', async () => {
    const dataDir = path.join(dir, 'data');
    portal = await spawnPortal(
      { DATA_DIR: dataDir, NODE_OPTIONS: guardOptions, SEED_DEMO: 'true', ANALYSIS_THREADS: '1', ...(database ? { DATABASE_URL: database.url } : {}) },
      [],
      { compiled: true },
    );
    const health = await request(portal.url).get('/healthz');
    assert.equal(health.status, 200, health.text);

    // The guidelines page and its stylesheet come from views/ at the project root, not from dist/.
    const page = await request(portal.url).get('/guidelines');
    assert.equal(page.status, 200);
    assert.match(page.text, /<html/i);
    const stylesheet = /<link[^>]+href="([^"]+\.css)"/.exec(page.text)?.[1];
    assert.ok(stylesheet, 'the page links a stylesheet');
    assert.equal((await request(portal.url).get(stylesheet)).status, 200);

    // An upload goes through the analysis child and its lanes, which must start from dist/ too.
    const demo = JSON.parse(fs.readFileSync(path.join(dataDir, 'demo-credentials.json'), 'utf8')) as { brand: { email: string; password: string } };
    const brand = await login(portal, demo.brand.email, demo.brand.password);
    const photo = await renderPhoto(defaultSpec());
    const res = await submitShade(brand, defaultFields(), [{ view: 'front', bytes: photo.bytes, fileName: 'lumiere_silk-matte_nu-12_front.jpg' }]).set(
      'Accept',
      'application/json',
    );
    assert.equal(res.status, 201, res.text.slice(0, 500));
    assert.ok(res.body.verdict, JSON.stringify(res.body).slice(0, 500));
    assert.doesNotMatch(portal.output(), /TypeScript at run time/);
  });

  it('runs `shadegate check` from dist/ on a small rendered photo', async () => {
    const photo = await renderPhoto(defaultSpec({ width: 300, height: 400 }));
    const file = path.join(dir, photo.fileName);
    fs.writeFileSync(file, photo.bytes);
    // Exit 1: the photo is refused for its size, which is the point of a quick check; every other rule runs.
    const result = await run(process.execPath, [BIN, 'check', file, '--json'], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', NODE_OPTIONS: guardOptions },
    }).then(
      (ok) => ({ code: 0, stdout: ok.stdout, stderr: ok.stderr }),
      (failed: { code?: number; stdout: string; stderr: string }) => ({ code: failed.code ?? -1, stdout: failed.stdout, stderr: failed.stderr }),
    );
    assert.equal(result.code, 1, result.stderr);
    const report = JSON.parse(result.stdout) as { verdict: string; findings: Array<{ rule: string; status: string }>; extraction: { colour?: unknown } | null };
    assert.equal(report.verdict, 'rejected');
    assert.deepEqual(report.findings.filter((f) => f.status === 'fail').map((f) => f.rule), ['resolution']);
    assert.ok(report.extraction, 'the photo was measured');
  });
});
