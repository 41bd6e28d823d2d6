/**
 * Extraction accuracy on real shop photos (`npm run eval:real`): ΔE00 between the measured colour and
 * the colour of a crop a person cut out by hand, per category; how the review decision would do (what
 * passes without a person, and how much of what is far off a person sees); how well the confidence
 * predicts the error; the same by photo size; the 24 worst photos, also as a contact sheet.
 *
 * Options: `--category=blush` (a manifest or portal category), `--extractor=average`, `--anchors`
 * (node-vibrant's dominant swatch on the whole photo beside ours, as an outside reference),
 * `--concurrency=N` (photos at once, default 2), `--shrink=N` (each photo served as an N px shop
 * thumbnail, JPEG, instead of as it is: how the figures hold on small photos), `--mirror` (each photo
 * mirrored left to right: the figures should not move).
 *
 * Writes test-artifacts/real-eval/worst.png and results.json (every row). The photos and anything
 * drawn from them stay out of the repository.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import sharp from 'sharp';
import { Vibrant } from 'node-vibrant/node';
import { extractorNames } from '../../extraction/index.ts';
import { formatTable } from '../support/text-table.ts';
import { standardsFor } from '../../validators/standards.ts';
import { renderContactSheet } from './contact-sheet.ts';
import {
  FAILED_DELTA_E,
  FALLBACK_CONFIDENCE,
  MANIFEST_CATEGORIES,
  PORTAL_CATEGORY,
  accuracyOf,
  byCategory,
  bySize,
  confidenceBelow,
  evaluateRealPhotos,
  operatingPointOf,
  portalDecision,
  quantile,
  servedPhoto,
  realPhotosAvailable,
  reviewRule,
  type ManifestCategory,
  type RealPhotoRow,
} from './real-photo-set.ts';

const OUT_DIR = new URL('../../test-artifacts/real-eval/', import.meta.url);
const WORST = 24;
const CONFIDENCE_CUTS = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8];
const CONFIDENCE_BANDS: Array<[number, number]> = [[0, 0.2], [0.2, 0.4], [0.4, 0.6], [0.6, 0.8], [0.8, 1]];
/** The anchor sees the whole photo, bounded to this side so that 4000 px shop photos do not dominate the run time. */
const ANCHOR_MAX_SIDE = 800;

interface Options {
  categories?: ManifestCategory[];
  extractor: string;
  anchors: boolean;
  concurrency: number;
  shrink?: number;
  mirror: boolean;
}

class UsageError extends Error {}

function wholeNumber(flag: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`Expected a whole number ≥ ${min} for ${flag} but received "${value}"`);
  return n;
}

function parseArgs(args: string[]): Options {
  const options: Options = { extractor: 'robust', anchors: false, concurrency: 2, mirror: false };
  for (const arg of args) {
    const [key, value] = arg.split(/=(.*)/s);
    if (key === '--anchors' && value === undefined) options.anchors = true;
    else if (key === '--mirror' && value === undefined) options.mirror = true;
    else if (key === '--extractor' && value !== undefined) {
      if (!extractorNames().includes(value)) throw new UsageError(`Expected one of ${extractorNames().join(', ')} for --extractor but received "${value}"`);
      options.extractor = value;
    } else if (key === '--category' && value !== undefined) {
      const category = MANIFEST_CATEGORIES.find((c) => c === value || PORTAL_CATEGORY[c] === value);
      if (!category) throw new UsageError(`Expected one of ${MANIFEST_CATEGORIES.join(', ')} for --category but received "${value}"`);
      options.categories = [category];
    } else if (key === '--concurrency' && value !== undefined) options.concurrency = wholeNumber(key, value, 1);
    else if (key === '--shrink' && value !== undefined) options.shrink = wholeNumber(key, value, 16);
    else throw new UsageError(`Unknown option "${arg}": use --category=…, --extractor=…, --anchors, --concurrency=N, --shrink=N, --mirror`);
  }
  return options;
}

/** node-vibrant's most populous swatch over the whole upright photo (alpha over white). */
async function vibrantDominant(bytes: Buffer): Promise<string> {
  const png = await sharp(bytes, { failOn: 'none' })
    .rotate()
    .resize(ANCHOR_MAX_SIDE, ANCHOR_MAX_SIDE, { fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .png()
    .toBuffer();
  const palette = await Vibrant.from(png).getPalette();
  const swatches = Object.values(palette).filter((s) => s !== null);
  if (swatches.length === 0) throw new Error('node-vibrant found no swatch');
  swatches.sort((a, b) => b.population - a.population);
  return swatches[0].hex;
}

const num = (v: number, digits = 2) => (Number.isFinite(v) ? v.toFixed(digits) : '—');
const pct = (v: number) => (Number.isFinite(v) ? `${Math.round(v * 100)} %` : '—');
const label = (group: string) => (group === 'all' ? 'all' : PORTAL_CATEGORY[group as ManifestCategory]);

function printAccuracy(rows: RealPhotoRow[], anchors: boolean): void {
  const header = ['category', 'n', 'median', 'p75', 'p90', 'within 5', 'within 10'];
  if (anchors) header.push('vibrant median', 'vibrant within 5');
  const body = byCategory(rows).map(([group, g]) => {
    const f = accuracyOf(g);
    const cells = [label(group), String(f.n), num(f.median), num(f.p75), num(f.p90), pct(f.within5), pct(f.within10)];
    if (anchors) {
      const dE = g.map((r) => r.anchorDeltaE ?? FAILED_DELTA_E);
      cells.push(num(quantile(dE, 0.5)), pct(dE.filter((d) => d <= 5).length / dE.length));
    }
    return cells;
  });
  console.log('ΔE00 to the hand-cut truth:\n');
  console.log(formatTable(header, body, 1));
}

function printOperatingPoint(rows: RealPhotoRow[]): void {
  const rule = reviewRule(rows);
  const said =
    rule === 'extraction'
      ? 'the portal\'s decision is extraction.review'
      : `extraction.review is not reported: the portal's decision below is the fallback, confidence ≥ ${FALLBACK_CONFIDENCE} passes`;
  console.log(`\nOperating point (${said}):\n`);
  const header = ['rule', 'photos', 'passed without a person', 'passed within 5', '> 10 off sent to a person'];
  const line = (name: string, g: RealPhotoRow[], review: (r: RealPhotoRow) => boolean) => {
    const p = operatingPointOf(g, review);
    return [name, String(g.length), pct(p.passed), pct(p.passedWithin5), pct(p.farOffReviewed)];
  };
  const body = [
    ...byCategory(rows).map(([group, g]) => line(`portal decision, ${label(group)}`, g, portalDecision)),
    ...CONFIDENCE_CUTS.map((t) => line(`confidence ≥ ${t.toFixed(1)}, all`, rows, confidenceBelow(t))),
  ];
  console.log(formatTable(header, body, 1));
}

/**
 * The figures by photo size: a shop thumbnail holds a few dozen pixels of the shade and its hand crop
 * took in what the blur merged, so most of them go to a person; the portal itself refuses photos under
 * its category's resolution floor (validators/standards.ts) from a brand. Where the pass share is lost
 * shows here.
 */
function printBySize(rows: RealPhotoRow[]): void {
  const floorOf = (row: RealPhotoRow) => standardsFor(PORTAL_CATEGORY[row.category]).resolution.failBelowPx;
  const header = ['size', 'n', 'median', 'p90', 'within 5', 'passed without a person', 'passed within 5', '> 10 off sent to a person'];
  const body = bySize(rows, floorOf).map(([name, g]) => {
    const f = accuracyOf(g);
    const p = operatingPointOf(g, portalDecision);
    return [name, String(f.n), num(f.median), num(f.p90), pct(f.within5), pct(p.passed), pct(p.passedWithin5), pct(p.farOffReviewed)];
  });
  console.log('\nBy photo size (the portal\'s decision):\n');
  console.log(formatTable(header, body, 1));
}

function printReliability(rows: RealPhotoRow[]): void {
  const header = ['confidence', 'n', 'median ΔE00', 'within 5'];
  const line = (name: string, g: RealPhotoRow[]) => {
    const f = accuracyOf(g);
    return [name, String(f.n), num(f.median), pct(f.within5)];
  };
  const body = CONFIDENCE_BANDS.map(([lo, hi], i) => {
    const last = i === CONFIDENCE_BANDS.length - 1;
    const inBand = rows.filter((r) => r.measured && r.measured.confidence >= lo && (r.measured.confidence < hi || (last && r.measured.confidence <= hi)));
    return line(`${lo.toFixed(1)}–${hi.toFixed(1)}`, inBand);
  });
  body.push(line('not measured', rows.filter((r) => !r.measured)));
  console.log('\nConfidence against error:\n');
  console.log(formatTable(header, body, 1));
}

function worstOf(rows: RealPhotoRow[]): RealPhotoRow[] {
  return [...rows].sort((a, b) => b.deltaE - a.deltaE).slice(0, WORST);
}

function printWorst(worst: RealPhotoRow[]): void {
  const header = ['file', 'category', 'ΔE00', 'confidence', 'review', 'measured', 'truth'];
  const body = worst.map((r) => [
    r.file,
    label(r.category),
    num(r.deltaE, 1),
    r.measured ? num(r.measured.confidence) : '—',
    r.review ? 'yes' : 'no',
    r.measured?.hex ?? (r.error ? 'threw' : 'none'),
    r.truth.hex,
  ]);
  console.log(`\nThe ${worst.length} worst:\n`);
  console.log(formatTable(header, body, 2));
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (!realPhotosAvailable()) {
    console.error('The real photos are not there: expected ../shared/data/real-photos/manifest.json beside the repository.');
    process.exitCode = 2;
    return;
  }
  const started = performance.now();
  const rows = await evaluateRealPhotos({
    extractor: options.extractor,
    categories: options.categories,
    concurrency: options.concurrency,
    anchor: options.anchors ? vibrantDominant : undefined,
    shrink: options.shrink,
    mirror: options.mirror,
  });
  const seconds = (performance.now() - started) / 1000;
  const served = (options.shrink ? `, each served as a ${options.shrink} px JPEG thumbnail` : '') + (options.mirror ? ', mirrored' : '');
  console.log(`\n${rows.length} real shop photos${served}, extractor ${options.extractor}, ${options.concurrency} at once, ${seconds.toFixed(0)} s. ` +
    `A photo not measured (no extraction, or it threw) counts as ΔE00 ${FAILED_DELTA_E} and goes to a person.\n`);
  printAccuracy(rows, options.anchors);
  printOperatingPoint(rows);
  printBySize(rows);
  printReliability(rows);
  const palettes = rows.filter((r) => r.pans > 0);
  console.log(`\nReported as palettes (one result per pan): ${palettes.length}${palettes.length ? ` (${palettes.map((r) => `${r.file}: ${r.pans}`).join(', ')})` : ''}`);
  const worst = worstOf(rows);
  printWorst(worst);

  await mkdir(OUT_DIR, { recursive: true });
  const sheet = new URL('worst.png', OUT_DIR);
  const results = new URL('results.json', OUT_DIR);
  await writeFile(sheet, await renderContactSheet(worst, (r) => servedPhoto(r.photo, options)));
  await writeFile(results, JSON.stringify({ extractor: options.extractor, shrink: options.shrink ?? null, mirror: options.mirror, reviewRule: reviewRule(rows), rows }, null, 1));
  console.log(`\nWrote test-artifacts/real-eval/worst.png and results.json.`);
}

try {
  await main();
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(error.message);
  process.exitCode = 2;
}
