/**
 * Speed of checks + extraction against sharp's bare decode of the same file, side by side in one run
 * (`npm run bench`, which passes --expose-gc). Product target: ≤ 1.5× at 12 MP.
 *
 * For 2, 12 and 24 MP JPEGs rendered from the fixture generator, each round times
 * `sharp(buf).raw().toBuffer()` and `inspectPhoto(buf)` (every standard plus the default extractor)
 * back to back; the median of the rounds is reported with the ratio and the peak RSS.
 */
import sharp from 'sharp';
import { inspectPhoto } from '../../validators/inspect-photo.ts';
import { defaultSpec, renderPhoto } from '../fixtures/index.ts';

const SIZES: Array<{ label: string; width: number; height: number }> = [
  { label: '2 MP', width: 1224, height: 1632 },
  { label: '12 MP', width: 3000, height: 4000 },
  { label: '24 MP', width: 4240, height: 5656 },
];
const ROUNDS = Number(process.argv.find((a) => a.startsWith('--rounds='))?.slice('--rounds='.length) ?? 7);
const TARGET_RATIO = 1.5;

const collectGarbage: () => void = (globalThis as { gc?: () => void }).gc ?? (() => {});

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  collectGarbage();
  const start = performance.now();
  const value = await run();
  return { ms: performance.now() - start, value };
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

async function benchSize(size: (typeof SIZES)[number]): Promise<string[]> {
  const { bytes, fileName } = await renderPhoto(
    defaultSpec({ width: size.width, height: size.height, format: 'jpeg', noise: 1.5, finish: 'shiny' }),
  );
  const meta = { fileName, category: 'lipstick' as const, view: 'front' as const };
  // One warm-up of each so that JIT compilation and libvips start-up are not timed.
  await sharp(bytes).raw().toBuffer();
  await inspectPhoto(bytes, meta);
  const decode: number[] = [];
  const inspect: number[] = [];
  const { peakMb } = await withPeakRss(async () => {
    for (let round = 0; round < ROUNDS; round++) {
      decode.push((await timed(() => sharp(bytes).raw().toBuffer())).ms);
      const run = await timed(() => inspectPhoto(bytes, meta));
      if (!run.value.extraction) throw new Error(`No extraction for the ${size.label} photo: the benchmark would time a refusal`);
      inspect.push(run.ms);
    }
  });
  const ratio = median(inspect) / median(decode);
  return [
    size.label,
    `${size.width}×${size.height}`,
    `${(bytes.length / 2 ** 20).toFixed(1)} MB`,
    median(decode).toFixed(0),
    median(inspect).toFixed(0),
    `${ratio.toFixed(2)}×`,
    `${peakMb.toFixed(0)} MB`,
  ];
}

function printTable(rows: string[][]): void {
  const header = ['size', 'pixels', 'file', 'sharp decode (ms)', 'checks + extraction (ms)', 'ratio', 'peak RSS'];
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => r[c].length)));
  const line = (r: string[]) => r.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

async function main(): Promise<void> {
  if (!(globalThis as { gc?: unknown }).gc) console.warn('Run with --expose-gc (npm run bench) for steadier timings.');
  const rows: string[][] = [];
  for (const size of SIZES) rows.push(await benchSize(size));
  printTable(rows);
  console.log(`\nMedian of ${ROUNDS} rounds each; target ≤ ${TARGET_RATIO}× at 12 MP.`);
}

await main();
