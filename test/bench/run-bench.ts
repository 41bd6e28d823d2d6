/**
 * Speed of checks + extraction against sharp's bare decode of the same file, side by side in one run
 * (`npm run bench`, which passes --expose-gc). Product target: ≤ 1.3× at 12 MP, warm.
 *
 * For 2, 12 and 24 MP JPEGs rendered from the fixture generator, sharp's `raw().toBuffer()` decode and
 * `inspectPhoto(buf)` (every standard plus the default extractor) are timed back to back. The first
 * call of each is reported as "cold" (for the first size that includes JIT compilation and libvips
 * start-up, as in a freshly started process); then come WARM_UP more untimed rounds, as a server
 * that has already served a few photos would be, and the median of the measured rounds is "warm".
 * Wall time and process CPU time (process.cpuUsage: every thread, libvips' and the analysis lane's
 * included) are both shown, because on a busy machine with few cores the wall clock is noisy.
 * `--rounds=N` sets the measured rounds (5); `--no-lane` measures with the analysis lane off, the
 * extractor in the calling thread.
 *
 * The timings run under the V8 flags of the portal's analysis processes (ANALYSIS_PROCESS_FLAGS): started
 * without them, the bench starts itself again with them.
 *
 * First, start-up: a whole `shadegate check` process on a small photo, run from the compiled build
 * (built first when dist/ is stale), against a bare `node -e "require('sharp')"`, alternating, median
 * of `--startup-runs=N` (9) each. Target ≤ 2.5×. `--startup-only` stops after it.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { buildIsCurrent } from '../../bin/build-state.mjs';
import { ANALYSIS_PROCESS_FLAGS } from '../../server/analysis/analysis-pool.ts';
import { closeAnalysisLanes, configureAnalysisLanes } from '../../extraction/analysis-lane.ts';
import { inspectPhoto } from '../../validators/inspect-photo.ts';
import { defaultSpec, renderPhoto, type PhotoSpec } from '../fixtures/index.ts';
import { formatTable } from '../support/text-table.ts';

/**
 * The renders put a clipped white sweep (no noise at 255) around a noisy product, so their JPEGs are far
 * smaller than a camera's and sharp decodes them unusually fast. The last row is closer to a camera file:
 * a backdrop just below white with sensor noise everywhere (still accepted by the standards).
 */
const SIZES: Array<{ label: string; width: number; height: number; scene?: Partial<PhotoSpec> }> = [
  { label: '2 MP', width: 1224, height: 1632 },
  { label: '12 MP', width: 3000, height: 4000 },
  { label: '24 MP', width: 4240, height: 5656 },
  { label: '12 MP camera-like', width: 3000, height: 4000, scene: { background: '#fafafa', noise: 4, vignette: 0.04 } },
];
const ROUNDS = Number(process.argv.find((a) => a.startsWith('--rounds='))?.slice('--rounds='.length) ?? 5);
const WARM_UP = 2;
const TARGET_RATIO = 1.3;

const STARTUP_RUNS = Number(process.argv.find((a) => a.startsWith('--startup-runs='))?.slice('--startup-runs='.length) ?? 9);
const STARTUP_TARGET = 2.5;
const ROOT = path.resolve(import.meta.dirname, '..', '..');

const collectGarbage: () => void = (globalThis as { gc?: () => void }).gc ?? (() => {});

interface Timing {
  wallMs: number;
  cpuMs: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function timed<T>(run: () => Promise<T>): Promise<Timing & { value: T }> {
  collectGarbage();
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const value = await run();
  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, value };
}

/** Peak resident set size seen while `run` works, sampled every few milliseconds. */
async function withPeakRss<T>(run: () => Promise<T>): Promise<{ value: T; peakMb: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  try {
    const value = await run();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { value, peakMb: peak / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

interface SizeResult {
  size: (typeof SIZES)[number];
  fileMb: number;
  cold: { decode: Timing; inspect: Timing };
  warm: { decode: Timing; inspect: Timing };
  peakMb: number;
}

function medianTiming(timings: Timing[]): Timing {
  return { wallMs: median(timings.map((t) => t.wallMs)), cpuMs: median(timings.map((t) => t.cpuMs)) };
}

async function benchSize(size: (typeof SIZES)[number]): Promise<SizeResult> {
  const { bytes, fileName } = await renderPhoto(
    defaultSpec({ width: size.width, height: size.height, format: 'jpeg', noise: 1.5, finish: 'shiny', ...size.scene }),
  );
  const meta = { fileName, category: 'lipstick' as const, view: 'front' as const };
  const decodeOnce = () => timed(() => sharp(bytes).raw().toBuffer());
  const inspectOnce = async () => {
    const run = await timed(() => inspectPhoto(bytes, meta));
    if (!run.value.extraction) throw new Error(`No extraction for the ${size.label} photo: the benchmark would time a refusal`);
    return run;
  };
  const cold = { decode: await decodeOnce(), inspect: await inspectOnce() };
  for (let i = 0; i < WARM_UP; i++) {
    await decodeOnce();
    await inspectOnce();
  }
  const decode: Timing[] = [];
  const inspect: Timing[] = [];
  const { peakMb } = await withPeakRss(async () => {
    for (let round = 0; round < ROUNDS; round++) {
      decode.push(await decodeOnce());
      inspect.push(await inspectOnce());
    }
  });
  return {
    size,
    fileMb: bytes.length / 2 ** 20,
    cold,
    warm: { decode: medianTiming(decode), inspect: medianTiming(inspect) },
    peakMb,
  };
}

function rowsOf(r: SizeResult): string[][] {
  const row = (label: string, t: { decode: Timing; inspect: Timing }) => [
    r.size.label,
    label,
    `${r.size.width}×${r.size.height}`,
    `${r.fileMb.toFixed(1)} MB`,
    t.decode.wallMs.toFixed(0),
    t.inspect.wallMs.toFixed(0),
    `${(t.inspect.wallMs / t.decode.wallMs).toFixed(2)}×`,
    t.decode.cpuMs.toFixed(0),
    t.inspect.cpuMs.toFixed(0),
    `${(t.inspect.cpuMs / t.decode.cpuMs).toFixed(2)}×`,
    `${r.peakMb.toFixed(0)} MB`,
  ];
  return [row('cold', r.cold), row('warm', r.warm)];
}

function printTable(rows: string[][]): void {
  const header = ['size', 'run', 'pixels', 'file', 'decode wall ms', 'checks+extr. wall ms', 'ratio wall', 'decode CPU ms', 'checks+extr. CPU ms', 'ratio CPU', 'peak RSS'];
  console.log(formatTable(header, rows, 3));
}

/** Wall time of a whole node process, from spawn to exit. */
function processMs(args: string[], cwd: string): number {
  const env = { ...process.env };
  delete env.NODE_OPTIONS; // the bench's own flags are not the measured process's
  const start = performance.now();
  const result = spawnSync(process.execPath, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - start;
  if (result.status !== 0 && result.status !== 1) throw new Error(`node ${args.join(' ')} exited with ${result.status}: ${result.stderr}`);
  return ms;
}

/** Median start-to-exit time of the compiled CLI on a small photo and of a node process that only loads sharp. */
async function benchStartup(): Promise<{ cliMs: number; sharpMs: number; pixels: string }> {
  const build = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'build.mjs'), '--if-stale'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0 || !buildIsCurrent(ROOT)) throw new Error('The build failed: the start-up figure needs the compiled CLI.');
  // As small as still runs every check and the extraction, so that the figure is start-up, not pixel work.
  const { width, height } = { width: 120, height: 160 };
  const photo = await renderPhoto(defaultSpec({ width, height, format: 'jpeg' }));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shadegate-bench-'));
  try {
    const file = path.join(dir, photo.fileName);
    fs.writeFileSync(file, photo.bytes);
    const cli = [path.join(ROOT, 'bin', 'shadegate.mjs'), 'check', file];
    const bare = ['-e', "require('sharp')"];
    processMs(cli, dir); // the first run reads every file from disk; later runs, as a user's would, find them cached
    processMs(bare, ROOT);
    const cliMs: number[] = [];
    const sharpMs: number[] = [];
    for (let i = 0; i < STARTUP_RUNS; i++) {
      sharpMs.push(processMs(bare, ROOT));
      cliMs.push(processMs(cli, dir));
    }
    return { cliMs: median(cliMs), sharpMs: median(sharpMs), pixels: `${width}×${height}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function printStartup(r: { cliMs: number; sharpMs: number; pixels: string }): void {
  const ratio = r.cliMs / r.sharpMs;
  console.log(
    formatTable(
      ['start-up', 'process wall ms', 'ratio'],
      [
        ["node -e \"require('sharp')\"", r.sharpMs.toFixed(0), '1.00×'],
        [`shadegate check, compiled, ${r.pixels} JPEG`, r.cliMs.toFixed(0), `${ratio.toFixed(2)}×`],
      ],
      1,
    ),
  );
  console.log(`\nMedian of ${STARTUP_RUNS} alternating runs. Target ≤ ${STARTUP_TARGET}×: ${ratio <= STARTUP_TARGET ? 'met' : 'missed'}.\n`);
}

async function main(): Promise<void> {
  printStartup(await benchStartup());
  if (process.argv.includes('--startup-only')) return;
  if (!(globalThis as { gc?: unknown }).gc) console.warn('Run with --expose-gc (npm run bench) for steadier timings.');
  // As in the portal's analysis processes, the analysis lane stays up between photos (rendering
  // the next size's photo takes longer than an idle lane would wait).
  configureAnalysisLanes({ idleMs: Infinity, enabled: !process.argv.includes('--no-lane') });
  const rows: string[][] = [];
  for (const size of SIZES) rows.push(...rowsOf(await benchSize(size)));
  await closeAnalysisLanes();
  printTable(rows);
  console.log(
    `\ncold: first call at that size (the first size also pays JIT and libvips start-up); warm: median of ${ROUNDS} rounds after ${WARM_UP} warm-up rounds.` +
      `\nPeak RSS over the warm rounds. Target ≤ ${TARGET_RATIO}× at 12 MP.`,
  );
}

/** Whether this process runs under the analysis processes' V8 flags; if not, runs the bench again under them and returns its exit code. */
function rerunUnderAnalysisFlags(): number | null {
  const missing = ANALYSIS_PROCESS_FLAGS.filter((flag) => !process.execArgv.includes(flag));
  if (missing.length === 0) return null;
  const args = [...process.execArgv, ...missing, ...process.argv.slice(1)];
  return spawnSync(process.execPath, args, { stdio: 'inherit' }).status ?? 1;
}

const rerun = rerunUnderAnalysisFlags();
if (rerun !== null) process.exitCode = rerun;
else await main();
