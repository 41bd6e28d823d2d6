/**
 * Evaluation of the extractors against fixture photos with known truth (`npm run eval`).
 *
 * Sets: the clean set (photos the standards accept), a light set (mild casts and ±30 % exposure over a
 * white backdrop), a glitter set, a web set (the clean and glitter photos re-saved as a web shop serves
 * them: JPEG quality 75–85 with colour at half resolution), a packaging set (caps of every packaging
 * colour beside the bullet, lip gloss in a clear tube, thumbnails, grey and black backdrops, swatches
 * on skin) and the hard set (cap beside the bullet, drop shadows, liquid
 * lipstick, close-ups, tinted paper, diagonal, clipped and vignetted backdrops), which gets its own section: our extractors only,
 * one line per photo under the summary. Methods: our `robust` and `average` extractors through the whole
 * analyzePhoto pipeline, and two outside anchors — node-vibrant and colorthief — on the whole image and
 * on the truth region's crop. Prints one table; `--verbose` adds a line per photo, `--ours-only`
 * leaves the anchors out, `--sets=clean,light,glitter,web,packaging,hard` picks sets.
 */
import sharp from 'sharp';
import { Vibrant } from 'node-vibrant/node';
import { getColor } from 'colorthief';
import { analyzePhoto } from '../../extraction/index.ts';
import type { AnalyzeOptions, ExtractionResult, Rect } from '../../extraction/types.ts';
import { iou } from '../support/rect.ts';
import { cleanSet, defaultSpec, hardSet, renderPhoto, type PhotoSpec, type PhotoTruth } from '../fixtures/index.ts';
import { deltaE2000, hexToLab } from '../../extraction/color-space.ts';
import { categoryOf, lightSet, glitterSet, packagingSet } from './eval-sets.ts';
import { formatTable } from '../support/text-table.ts';
import { colourPartOfSubject } from '../../validators/standards.ts';

type Method = 'robust' | 'robust, truth region' | 'average' | 'vibrant image' | 'vibrant region' | 'colorthief image' | 'colorthief region';
const METHODS: Method[] = ['robust', 'robust, truth region', 'average', 'vibrant image', 'vibrant region', 'colorthief image', 'colorthief region'];
/** The hard set measures our extractors (the anchors have no region finder to fail). */
const HARD_METHODS: Method[] = ['robust', 'robust, truth region', 'average'];

interface Outcome {
  photo: string;
  deltaE: number;
  finishOk?: boolean;
  presenceOk?: boolean;
  coverageErr?: number;
  sizeErr?: number;
  iou?: number;
}

const verbose = process.argv.includes('--verbose');
/** `--ours-only` skips the outside anchors (much faster while iterating). */
const oursOnly = process.argv.includes('--ours-only');
/** `--sets=clean,glitter` runs only the named sets. */
const onlySets = process.argv.find((a) => a.startsWith('--sets='))?.slice('--sets='.length).split(',');

function relErr(measured: number, truth: number): number {
  return Math.abs(measured - truth) / truth;
}

function scoreExtraction(photo: string, truth: PhotoTruth, ex: ExtractionResult | null): Outcome {
  if (!ex) return { photo, deltaE: Infinity, finishOk: false, presenceOk: false, iou: 0 };
  const outcome: Outcome = {
    photo,
    deltaE: deltaE2000(truth.color.lab, ex.color.lab),
    finishOk: ex.finish.value === truth.finish,
    presenceOk: ex.particles.present === truth.particles.present,
    iou: iou(ex.region, truth.region),
  };
  if (truth.particles.present && ex.particles.present) {
    outcome.coverageErr = relErr(ex.particles.coverage, truth.particles.coverage);
    outcome.sizeErr = relErr(ex.particles.sizeRel, truth.particles.sizeRel);
  }
  return outcome;
}

/** The upright image (EXIF applied) as PNG, whole or cropped to the truth region. */
async function uprightPng(bytes: Buffer, crop: Rect | null): Promise<Buffer> {
  const upright = sharp(bytes).rotate();
  const img = crop
    ? upright.extract({ left: Math.round(crop.x), top: Math.round(crop.y), width: Math.round(crop.width), height: Math.round(crop.height) })
    : upright;
  return img.flatten({ background: '#ffffff' }).png().toBuffer();
}

/** node-vibrant's most populous swatch: its dominant colour. */
async function vibrantDominant(png: Buffer): Promise<string> {
  const palette = await Vibrant.from(png).getPalette();
  const swatches = Object.values(palette).filter((s) => s !== null);
  swatches.sort((a, b) => b.population - a.population);
  return swatches[0].hex;
}

async function colorthiefDominant(png: Buffer): Promise<string> {
  const colour = await getColor(png);
  if (!colour) throw new Error('colorthief found no colour');
  return colour.hex();
}

/** How a photo reaches us: as rendered, or re-saved the way a web shop serves it. */
type Delivery = (rendered: Buffer, index: number) => Promise<Buffer>;

const AS_RENDERED: Delivery = async (rendered) => rendered;

/**
 * A retailer's web JPEG: upright, quality 75, 80 or 85 in turn, colour at half resolution (4:2:0).
 * The renders are 4:4:4 at quality 92, kinder than most real files.
 */
const WEB_JPEG: Delivery = (rendered, index) =>
  sharp(rendered).rotate().jpeg({ quality: [75, 80, 85][index % 3], chromaSubsampling: '4:2:0' }).toBuffer();

async function evaluatePhoto(
  name: string,
  spec: PhotoSpec,
  into: Map<Method, Outcome[]>,
  withAnchors = !oursOnly,
  delivery: Delivery = AS_RENDERED,
  index = 0,
): Promise<void> {
  const rendered = await renderPhoto(spec);
  const { truth } = rendered;
  const bytes = await delivery(rendered.bytes, index);
  const runs: Array<[Method, AnalyzeOptions]> = [
    ['robust', { extractor: 'robust' }],
    // The same extractor on the true bullet: separates its own error from the region finder's.
    ['robust, truth region', { extractor: 'robust', regionOverride: truth.region }],
    ['average', { extractor: 'average' }],
  ];
  for (const [method, options] of runs) {
    const analysis = await analyzePhoto(bytes, { ...options, category: categoryOf(spec), part: colourPartOfSubject(categoryOf(spec)) });
    const outcome = scoreExtraction(name, truth, analysis.extraction);
    into.get(method)?.push(outcome);
    if (verbose) {
      const ex = analysis.extraction;
      console.log(
        `${method.padEnd(21)} ${name.padEnd(58)} ΔE ${outcome.deltaE.toFixed(2).padStart(6)}  ${truth.color.hex} → ${ex?.color.hex}` +
          `  finish ${truth.finish}→${ex?.finish.value}  glitter ${truth.particles.present ? truth.particles.coverage.toFixed(3) + '/' + truth.particles.sizeRel.toFixed(3) : '-'}` +
          `→${ex?.particles.present ? ex.particles.coverage.toFixed(3) + '/' + ex.particles.sizeRel.toFixed(3) : '-'}  conf ${ex?.color.confidence}  IoU ${outcome.iou?.toFixed(2)}`,
      );
    }
  }
  const anchors: Array<[Method, () => Promise<string>]> = [
    ['vibrant image', async () => vibrantDominant(await uprightPng(bytes, null))],
    ['vibrant region', async () => vibrantDominant(await uprightPng(bytes, truth.region))],
    ['colorthief image', async () => colorthiefDominant(await uprightPng(bytes, null))],
    ['colorthief region', async () => colorthiefDominant(await uprightPng(bytes, truth.region))],
  ];
  for (const [method, run] of withAnchors ? anchors : []) {
    const hex = await run();
    into.get(method)?.push({ photo: name, deltaE: deltaE2000(truth.color.lab, hexToLab(hex)) });
  }
}

function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))];
}

function share(values: Array<boolean | undefined>): number {
  const defined = values.filter((v): v is boolean => v !== undefined);
  return defined.length ? defined.filter(Boolean).length / defined.length : NaN;
}

function fmt(v: number, digits = 2, suffix = ''): string {
  return Number.isFinite(v) ? v.toFixed(digits) + suffix : '—';
}

function pct(v: number): string {
  return Number.isFinite(v) ? `${Math.round(v * 100)} %` : '—';
}

function tableRow(set: string, method: Method, outcomes: Outcome[]): string[] {
  const dE = outcomes.map((o) => o.deltaE);
  const defined = (k: keyof Outcome) => outcomes.map((o) => o[k]).filter((v): v is number => typeof v === 'number');
  return [
    set,
    method,
    String(outcomes.length),
    fmt(quantile(dE, 0.5)),
    fmt(quantile(dE, 0.9)),
    pct(share(outcomes.map((o) => o.finishOk))),
    pct(share(outcomes.map((o) => o.presenceOk))),
    pct(quantile(defined('coverageErr'), 0.5)),
    pct(quantile(defined('sizeErr'), 0.5)),
    fmt(quantile(defined('iou'), 0.5)),
  ];
}

function printTable(rows: string[][]): void {
  const header = ['set', 'method', 'n', 'ΔE00 median', 'ΔE00 p90', 'finish', 'glitter presence', 'coverage err (median)', 'size err (median)', 'region IoU (median)'];
  console.log(formatTable(header, rows, 2));
}

/** One line per hard photo and extractor: the cases differ too much for a median to tell the story. */
function printHardPhotos(outcomes: Map<Method, Outcome[]>): void {
  const header = ['photo', 'method', 'region IoU', 'ΔE00', 'finish', 'glitter presence'];
  const rows: string[][] = [];
  const robust = outcomes.get('robust') ?? [];
  robust.forEach((_, i) => {
    for (const m of HARD_METHODS) {
      const o = outcomes.get(m)?.[i];
      if (!o) continue;
      rows.push([o.photo, m, fmt(o.iou ?? NaN), fmt(o.deltaE), o.finishOk ? 'ok' : 'wrong', o.presenceOk ? 'ok' : 'wrong']);
    }
  });
  console.log(formatTable(header, rows, 2));
}

async function runHardSection(): Promise<void> {
  const outcomes = new Map<Method, Outcome[]>(HARD_METHODS.map((m) => [m, []]));
  for (const { name, spec } of hardSet()) await evaluatePhoto(name, spec, outcomes, false);
  console.log('\nHard photos (cap beside the bullet, drop shadows, liquid lipstick, close-ups, tinted paper, diagonal, clipped and vignetted backdrops):\n');
  printTable(HARD_METHODS.map((m) => tableRow('hard', m, outcomes.get(m) ?? [])));
  console.log('');
  printHardPhotos(outcomes);
}

async function main(): Promise<void> {
  const sets: Array<[string, Array<{ name: string; spec: PhotoSpec }>, Delivery]> = [
    ['clean', cleanSet(), AS_RENDERED],
    ['light', lightSet(defaultSpec), AS_RENDERED],
    ['glitter', glitterSet(defaultSpec), AS_RENDERED],
    ['web', [...cleanSet(), ...glitterSet(defaultSpec)], WEB_JPEG],
    ['packaging', packagingSet(defaultSpec), AS_RENDERED],
  ];
  const wanted = (n: string) => !onlySets || onlySets.includes(n);
  const rows: string[][] = [];
  const started = performance.now();
  for (const [setName, entries, delivery] of sets.filter(([n]) => wanted(n))) {
    const outcomes = new Map<Method, Outcome[]>(METHODS.map((m) => [m, []]));
    for (const [index, { name, spec }] of entries.entries()) await evaluatePhoto(name, spec, outcomes, !oursOnly, delivery, index);
    for (const m of METHODS) rows.push(tableRow(setName, m, outcomes.get(m) ?? []));
  }
  if (rows.length > 0) {
    console.log('');
    printTable(rows);
  }
  if (wanted('hard')) await runHardSection();
  console.log(`\n${((performance.now() - started) / 1000).toFixed(0)} s. Targets for robust: clean median ΔE00 ≤ 1.0, p90 ≤ 2.0, finish ≥ 95 %, ` +
    'glitter presence ≥ 95 %, coverage and size error ≤ 20 % (median); light set ΔE00 ≤ 2.5. The hard set has no target yet: it shows where we stand.');
}

await main();
