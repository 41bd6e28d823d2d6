/**
 * What the two training scripts (train-region-scorer.ts, train-colour-trust.ts) share: the photos they
 * learn from besides the real set, and the optimiser.
 */
import type { Lab } from '../../extraction/types.ts';
import { cleanSet, defaultSpec, hardSet, renderPhoto, type PhotoSpec } from '../fixtures/index.ts';
import { glitterSet } from '../eval/eval-sets.ts';
import { PORTAL_CATEGORY, readManifest, readPhoto, servedPhoto } from '../eval/real-photo-set.ts';

/** The group the renders form; the real photos are grouped by brand (`real:<brand>`). */
export const RENDERS = 'renders';

export interface TrainingPhoto {
  group: string;
  name: string;
  category: string;
  bytes: Uint8Array;
  truth: Lab;
  /** A real photo served as a shop thumbnail of this longest side (same brand group, same truth). */
  thumbnailSide?: number;
}

/**
 * Every photo learnt from: the real shop photos (read in place from ../shared), each also as a shop
 * thumbnail when `thumbnailSide` is given, then the renders.
 */
export async function* trainingPhotos(options: { thumbnailSide?: number } = {}): AsyncGenerator<TrainingPhoto> {
  const side = options.thumbnailSide;
  for (const e of await readManifest()) {
    const photo = { group: `real:${e.brand}`, name: e.photo, category: PORTAL_CATEGORY[e.category], truth: e.truth };
    yield { ...photo, bytes: await readPhoto(e.photo) };
    if (side) yield { ...photo, name: `${e.photo} at ${side} px`, bytes: await servedPhoto(e.photo, { shrink: side }), thumbnailSide: side };
  }
  for await (const { name, category, rendered } of trainingRenders()) {
    yield { group: RENDERS, name, category, bytes: rendered.bytes, truth: rendered.truth.color.lab };
  }
}

/**
 * Weights fitted without each brand of the real photos, by brand: a brand's photos judged by these say
 * how the model does on brands it never saw.
 */
export function leaveOneBrandOut<E extends { group: string }, W>(examples: E[], train: (examples: E[]) => W): Map<string, W> {
  const brands = new Set(examples.map((e) => e.group).filter((g) => g !== RENDERS));
  return new Map([...brands].map((brand) => [brand, train(examples.filter((e) => e.group !== brand))]));
}

/**
 * The rendered fixture sets learnt from: clean, glitter and hard (the packaging, web and light sets stay
 * out, so `npm run eval` still measures renders the models never saw), with the category the portal
 * would pass (a liquid lipstick is filed as a lipstick).
 */
async function* trainingRenders() {
  for (const { name, spec } of [...cleanSet(), ...glitterSet(defaultSpec), ...hardSet()]) {
    yield { name, category: categoryOf(spec), rendered: await renderPhoto(spec) };
  }
}

function categoryOf(spec: PhotoSpec): string {
  return spec.kind === 'liquid-lipstick' ? 'lipstick' : spec.kind;
}

/**
 * Minimises a differentiable loss from zero weights with Adam (features differ a lot in how often they
 * are non-zero, which plain gradient descent handles badly). `gradient` returns ∂loss/∂w at w.
 */
export function minimise(dims: number, gradient: (w: number[]) => number[], options: { iterations: number; learningRate: number }): number[] {
  const w = new Array<number>(dims).fill(0);
  const m = new Array<number>(dims).fill(0), v = new Array<number>(dims).fill(0);
  for (let it = 1; it <= options.iterations; it++) {
    const grad = gradient(w);
    for (let d = 0; d < dims; d++) {
      m[d] = 0.9 * m[d] + 0.1 * grad[d];
      v[d] = 0.999 * v[d] + 0.001 * grad[d] * grad[d];
      w[d] -= (options.learningRate * (m[d] / (1 - 0.9 ** it))) / (Math.sqrt(v[d] / (1 - 0.999 ** it)) + 1e-8);
    }
  }
  return w;
}
