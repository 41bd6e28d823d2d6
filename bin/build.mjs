#!/usr/bin/env node
// `npm run build`: compiles the portal to dist/ (tsc with tsconfig.build.json, incremental) and stamps
// the result. `--if-stale` (the start scripts) skips the compiler when dist/ already holds a build of
// the current sources, so a production install without the TypeScript compiler can still start.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIsCurrent, STAMP_FILE } from './build-state.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

if (process.argv.includes('--if-stale') && buildIsCurrent(root)) process.exit(0);

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  console.error('shadegate: dist/ is missing or older than the sources, and the TypeScript compiler is not installed (npm ci installs it).');
  process.exit(1);
}
const started = Date.now();
const stampTime = new Date();
const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);
// Stamped with the time the compiler started: a source saved during the build makes the build stale.
fs.mkdirSync(path.dirname(path.join(root, STAMP_FILE)), { recursive: true });
fs.writeFileSync(path.join(root, STAMP_FILE), `${stampTime.toISOString()}\n`);
fs.utimesSync(path.join(root, STAMP_FILE), stampTime, stampTime);
console.error(`shadegate: compiled to dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
