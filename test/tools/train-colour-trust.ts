/**
 * Fits the colour-trust model (extraction/colour-trust.ts) and its review threshold, and writes
 * extraction/colour-trust-weights.ts (`npm run train:trust`). Run it after train:region: the trust
 * signals depend on the region finder.
 *
 * Data: the real shop photos beside the project (../shared/data/real-photos, read in place, never
 * copied), each also as a shop thumbnail (THUMBNAIL_SIDE), and the rendered fixture sets (clean,
 * glitter, hard). Label: the measured colour is within ΔE00 5 of the truth. Model: logistic regression
 * with an L2 penalty, fitted by gradient descent.
 *
 * Richer models on the same signals, each judged the same way (leave-one-brand-out on the real photos as
 * served, robust 2.12.0), ranked no better: this model AUC 0.734, passing 57 % at the 90 % catch of
 * far-off photos (90 % of those within ΔE00 5); with every pairwise product of the inputs 0.739–0.745,
 * 58–59 % (91 %); boosted stumps 0.739, 60 % (90 %); boosted trees of depth 2 0.754–0.757, 47–48 %
 * (93–94 %); of depth 3 0.739, 42 %. Even a threshold chosen afterwards on the held-out predictions
 * passes at most 60–64 % of the photos with 90 % of those within 5: the 70 % of the product brief needs
 * better readings or new signals, not a richer model.
 *
 * The review threshold is chosen on leave-one-brand-out predictions for the real photos (each brand
 * judged by a model that never saw it): the highest pass rate at which at least REVIEW_CATCH of the
 * photos more than ΔE00 10 off still go to a person.
 *
 * Options: `-- --dry-run` reports without writing.
 */
import { writeFileSync } from 'node:fs';
import { analyzePhoto, type TrustSignals } from '../../extraction/index.ts';
import { deltaE2000 } from '../../extraction/color-space.ts';
import { TRUST_FEATURES, trustFeatures, trustOf } from '../../extraction/colour-trust.ts';
import { RENDERS, leaveOneBrandOut, minimise, trainingPhotos, type TrainingPhoto } from './model-fitting.ts';
import { colourPartOfSubject } from '../../validators/standards.ts';
import { FAR_OFF_DELTA_E, RIGHT_DELTA_E } from '../eval/real-photo-set.ts';

/**
 * Share of the photos more than ΔE00 10 off that must go to a person: the product's floor (90 %). A
 * colour that far off, passed without a person, reaches the 3D team as the shade; a photo sent to review
 * costs a reviewer a look. Leave-one-brand-out on the development photos (2026-12-07): at 80 % the
 * threshold is 0.72 and 68 % pass, 86 % of those within ΔE00 5, 83 % of the far-off reviewed; at 90 %
 * it is 0.77 and 57 % pass, 89 % of those within 5, 92 % of the far-off reviewed (with robust 2.9's
 * thumbnail faces: 0.77, 62 %, 87 %, 92 %; with robust 2.10's bullet shoulder and the region scorer
 * retrained: 0.78, 59 %, 90 %, 92 %; with robust 2.11's leaning wands and single-pan box: 0.79, 57 %,
 * 91 %, 91 %; with 2.11.2's tinted surfaces, two photos closer to their hand crops, none further:
 * 0.80, 55 %, 91 %, 91 %, a far-off photo's held-out trust crossing 0.79; with 2.12.1's stacked bullet,
 * a far-off photo now read right: 0.80, 56 %, 92 %, 90 %). None of the signals tried
 * and left out (colour-trust.ts, beside TRUST_FEATURES) lifts the pass share at 90 % by more than a
 * photo or two.
 */
const REVIEW_CATCH = 0.9;
const L2 = 0.01;
const ITERATIONS = 3000;
const LEARNING_RATE = 0.05;
/**
 * The real photos are learnt from as served and again as shop thumbnails of this longest side (the
 * eval's `--shrink`): the portal meets both, and a thumbnail's blur merges highlights into the body, so
 * a model that never saw one reads its small reading gaps (highlightGap, wholePartGap) as assurance.
 * The review threshold is still chosen on the photos as served.
 */
const THUMBNAIL_SIDE = 96;

interface Example {
  group: string;
  thumbnail: boolean;
  features: number[];
  deltaE: number;
}

async function example({ bytes, category, truth, group, thumbnailSide }: TrainingPhoto): Promise<Example> {
  const thumbnail = thumbnailSide !== undefined;
  const analysis = await analyzePhoto(bytes, { category, part: colourPartOfSubject(category), withDiagnostics: true });
  const trust = analysis.diagnostics?.trust as TrustSignals | null;
  if (!analysis.extraction || !trust) return { group, thumbnail, features: [], deltaE: 100 };
  return { group, thumbnail, features: trustFeatures(trust), deltaE: deltaE2000(analysis.extraction.color.lab, truth) };
}

/** An unmeasured photo (no features) is trusted not at all. */
const predict = (w: number[], f: number[]) => (f.length === 0 ? 0 : trustOf(f, w));

function train(examples: Example[]): number[] {
  const usable = examples.filter((e) => e.features.length > 0);
  return minimise(
    TRUST_FEATURES.length,
    (w) => {
      // The bias (feature 0) is not penalised.
      const grad = w.map((wi, d) => (d === 0 ? 0 : 2 * L2 * wi));
      for (const e of usable) {
        const err = predict(w, e.features) - (e.deltaE <= RIGHT_DELTA_E ? 1 : 0);
        for (let d = 0; d < grad.length; d++) grad[d] += (err * e.features[d]) / usable.length;
      }
      return grad;
    },
    { iterations: ITERATIONS, learningRate: LEARNING_RATE },
  );
}

interface Operating {
  threshold: number;
  passShare: number;
  passAccurate: number;
  /** Share of the photos more than FAR_OFF_DELTA_E off that go to a person; null when there are none. */
  badCaught: number | null;
}

function operatingPoint(scored: Array<{ p: number; deltaE: number }>, threshold: number): Operating {
  const pass = scored.filter((s) => s.p >= threshold);
  const bad = scored.filter((s) => s.deltaE > FAR_OFF_DELTA_E);
  return {
    threshold,
    passShare: pass.length / scored.length,
    passAccurate: pass.filter((s) => s.deltaE <= RIGHT_DELTA_E).length / Math.max(1, pass.length),
    badCaught: bad.length > 0 ? bad.filter((s) => s.p < threshold).length / bad.length : null,
  };
}

const fmt = (o: Operating) =>
  `threshold ${o.threshold.toFixed(2)}: pass ${(o.passShare * 100).toFixed(0)} %, of those within ΔE00 5 ${(o.passAccurate * 100).toFixed(0)} %, more than 10 off sent to a person ${o.badCaught === null ? '— (none that far off)' : `${(o.badCaught * 100).toFixed(0)} %`}`;

const dryRun = process.argv.includes('--dry-run');
const all: Example[] = [];
for await (const photo of trainingPhotos({ thumbnailSide: THUMBNAIL_SIDE })) all.push(await example(photo));
const real = all.filter((e) => e.group !== RENDERS && !e.thumbnail);
const thumbnails = all.filter((e) => e.thumbnail);
const renders = all.filter((e) => e.group === RENDERS);
const weights = train(all);
const heldOut = leaveOneBrandOut(all, train);
const brands = [...heldOut.keys()];
/** Each example's trust under the weights `weightsFor` gives its group, beside its error. */
const scored = (examples: Example[], weightsFor: (group: string) => number[]) =>
  examples.map((e) => ({ p: predict(weightsFor(e.group), e.features), deltaE: e.deltaE }));
const heldOutWeights = (group: string) => heldOut.get(group) as number[];
const cv = scored(real, heldOutWeights);
// The highest threshold is the safest; take the lowest that still catches REVIEW_CATCH of the bad ones.
let chosen = operatingPoint(cv, 1);
for (let t = 0.99; t >= 0.01; t -= 0.01) {
  const o = operatingPoint(cv, t);
  if (o.badCaught !== null && o.badCaught < REVIEW_CATCH) break;
  chosen = o;
}
console.log(`real photos ${real.length} (${brands.length} brands), renders ${renders.length}`);
console.log(`leave-one-brand-out, chosen: ${fmt(chosen)}`);
for (const t of [0.3, 0.4, 0.5, 0.6, 0.7]) console.log(`  cv ${fmt(operatingPoint(cv, t))}`);
console.log(`thumbnails (${THUMBNAIL_SIDE} px), leave-one-brand-out, same threshold: ${fmt(operatingPoint(scored(thumbnails, heldOutWeights), chosen.threshold))}`);
console.log(`fitted on all, same threshold: ${fmt(operatingPoint(scored(real, () => weights), chosen.threshold))}`);
console.log(`renders, same threshold: ${fmt(operatingPoint(scored(renders, () => weights), chosen.threshold))}`);
console.log(TRUST_FEATURES.map((name, i) => `${name.padEnd(20)} ${weights[i].toFixed(3)}`).join('\n'));
if (!dryRun) {
  const rounded = weights.map((w) => Math.round(w * 1000) / 1000);
  writeFileSync(
    new URL('../../extraction/colour-trust-weights.ts', import.meta.url),
    `/**\n * Weights of the colour-trust model (colour-trust.ts), one per TRUST_FEATURES entry, and the review threshold.\n` +
      ` * Written by test/tools/train-colour-trust.ts (npm run train:trust); do not edit by hand.\n` +
      ` * Leave-one-brand-out on ${real.length} real photos: ${fmt(chosen)}.\n */\n` +
      `export const COLOUR_TRUST_WEIGHTS = {\n  features: ${JSON.stringify(TRUST_FEATURES)},\n  weights: ${JSON.stringify(rounded)},\n  reviewBelow: ${chosen.threshold.toFixed(2)},\n} as const;\n`,
  );
  console.log('weights written');
}
