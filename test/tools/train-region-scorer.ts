/**
 * Trains the region scorer (extraction/region-candidates.ts) and writes its weights to
 * extraction/region-scorer-weights.ts (`npm run train:region`).
 *
 * Data: the real shop photos beside the project (../shared/data/real-photos, read in place, never
 * copied) and the rendered fixture sets (clean, glitter, hard), whose truth is known by construction.
 * For every photo the segmentation lists its candidates (one per colour cluster) with their features;
 * a candidate is right when its colour is within GOOD_MARGIN ΔE00 of the closest candidate to the truth
 * (photos where no candidate comes within UNREACHABLE of the truth teach nothing and are left out).
 *
 * Model: a conditional logit (softmax over a photo's candidates, linear in the features), fitted by
 * gradient descent with an L2 penalty. Reported: leave-one-brand-out accuracy on the real photos
 * (each brand scored by weights learnt without it), so the figure says how it does on brands it never saw.
 *
 * Options: `-- --dry-run` reports without writing the weights.
 */
import { writeFileSync } from 'node:fs';
import { readAndDecode } from '../../extraction/decode.ts';
import { segment } from '../../extraction/segmentation.ts';
import { deltaE2000 } from '../../extraction/color-space.ts';
import { FEATURE_NAMES, scoreFeatures, softmax } from '../../extraction/region-candidates.ts';
import { RENDERS, leaveOneBrandOut, minimise, trainingPhotos, type TrainingPhoto } from './model-fitting.ts';
import { colourPartOfSubject } from '../../validators/standards.ts';

/** Candidates this close (ΔE00) to the best-matching one count as right too: shading siblings of the shade. */
const GOOD_MARGIN = 3;
/** When no candidate comes this close to the truth, the photo cannot teach the choice. */
const UNREACHABLE = 12;
/** L2 penalty: keeps weights small, so no single feature decides alone on a handful of photos (0.005 held out best among 0.02, 0.005, 0.001). */
const L2 = 0.005;
const ITERATIONS = 1500;
/**
 * A render weighs this many real photos: its truth is exact by construction (no hand crop), and the
 * fixture sets hold the packaging the real set has few of (a case of the shade's own hue below the bullet).
 */
const RENDER_WEIGHT = 3;
const LEARNING_RATE = 0.05;

interface Example {
  group: string;
  weight: number;
  name: string;
  features: number[][];
  deltaE: number[];
  good: boolean[];
}

async function candidatesOf({ bytes, category, truth, group, name }: TrainingPhoto): Promise<Example | null> {
  const { decoded } = await readAndDecode(bytes);
  const { candidates } = segment(decoded.image, colourPartOfSubject(category));
  const usable = candidates.filter((c) => Number.isFinite(c.score));
  if (usable.length === 0) return null;
  const deltaE = usable.map((c) => deltaE2000(c.lab, truth));
  const best = Math.min(...deltaE);
  return { group, weight: group === RENDERS ? RENDER_WEIGHT : 1, name, features: usable.map((c) => c.features), deltaE, good: deltaE.map((d) => d <= best + GOOD_MARGIN && best <= UNREACHABLE) };
}


/** The scorer's softmax shares of a photo's candidates under weights w. */
function shares(features: number[][], w: number[]): number[] {
  return softmax(features.map((f) => scoreFeatures(f, w)));
}

function train(examples: Example[]): number[] {
  const teaching = examples.filter((e) => e.good.some(Boolean) && !e.good.every(Boolean));
  const totalWeight = teaching.reduce((sum, e) => sum + e.weight, 0);
  return minimise(
    FEATURE_NAMES.length,
    (w) => {
      const grad = w.map((wi) => 2 * L2 * wi);
      for (const ex of teaching) {
        const p = shares(ex.features, w);
        const pGood = p.reduce((sum, pi, i) => sum + (ex.good[i] ? pi : 0), 0);
        for (let i = 0; i < p.length; i++) {
          const coeff = p[i] - (ex.good[i] ? p[i] / pGood : 0);
          for (let d = 0; d < grad.length; d++) grad[d] += (ex.weight * coeff * ex.features[i][d]) / totalWeight;
        }
      }
      return grad;
    },
    { iterations: ITERATIONS, learningRate: LEARNING_RATE },
  );
}

/** Share of photos whose top candidate is a right one, and the median ΔE00 of the top candidate. */
function score(examples: Example[], weightsFor: (e: Example) => number[]): { right: number; medianDeltaE: number } {
  const picked = examples.map((e) => {
    const p = shares(e.features, weightsFor(e));
    const top = p.indexOf(Math.max(...p));
    return { right: e.good[top], deltaE: e.deltaE[top] };
  });
  const sorted = picked.map((p) => p.deltaE).sort((a, b) => a - b);
  return { right: picked.filter((p) => p.right).length / Math.max(1, picked.length), medianDeltaE: sorted[Math.floor(sorted.length / 2)] ?? 0 };
}

const dryRun = process.argv.includes('--dry-run');
const all: Example[] = [];
for await (const photo of trainingPhotos()) {
  const ex = await candidatesOf(photo);
  if (ex) all.push(ex);
}
const real = all.filter((e) => e.group !== RENDERS);
const renders = all.filter((e) => e.group === RENDERS);
const weights = train(all);
const heldOut = leaveOneBrandOut(all, train);
const brands = [...heldOut.keys()];
const cv = score(real, (e) => heldOut.get(e.group) as number[]);
const fit = score(real, () => weights);
const onRenders = score(renders, () => weights);
console.log(`real photos: ${real.length} (${brands.length} brands), renders: ${renders.length}`);
console.log(`top candidate right — real, leave-one-brand-out: ${(cv.right * 100).toFixed(1)} % (median candidate ΔE00 ${cv.medianDeltaE.toFixed(2)})`);
console.log(`top candidate right — real, fitted on all: ${(fit.right * 100).toFixed(1)} % (median ${fit.medianDeltaE.toFixed(2)}); renders: ${(onRenders.right * 100).toFixed(1)} %`);
console.log(FEATURE_NAMES.map((name, i) => `${name.padEnd(15)} ${weights[i].toFixed(3)}`).join('\n'));
if (!dryRun) {
  const file = new URL('../../extraction/region-scorer-weights.ts', import.meta.url);
  const rounded = weights.map((w) => Math.round(w * 1000) / 1000);
  writeFileSync(
    file,
    `/**\n * Weights of the region scorer (region-candidates.ts), one per FEATURE_NAMES entry, in that order.\n` +
      ` * Written by test/tools/train-region-scorer.ts (npm run train:region); do not edit by hand.\n` +
      ` * Trained on ${real.length} real photos of ${brands.length} brands and ${renders.length} renders; top candidate right\n` +
      ` * on ${(cv.right * 100).toFixed(1)} % of the real photos with each brand held out.\n */\n` +
      `export const REGION_SCORER_WEIGHTS = {\n  features: ${JSON.stringify(FEATURE_NAMES)},\n  weights: ${JSON.stringify(rounded)},\n} as const;\n`,
  );
  console.log('weights written');
}
