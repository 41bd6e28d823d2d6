/**
 * What the two training scripts (train-region-scorer.ts, train-colour-trust.ts) share: the photos they
 * learn from besides the real set, and the optimiser.
 */
import { cleanSet, defaultSpec, hardSet, renderPhoto, type PhotoSpec, type RenderedPhoto } from '../fixtures/index.ts';
import { glitterSet } from '../eval/eval-sets.ts';

/**
 * The rendered fixture sets learnt from: clean, glitter and hard (the packaging, web and light sets stay
 * out, so `npm run eval` still measures renders the models never saw), with the category the portal
 * would pass (a liquid lipstick is filed as a lipstick).
 */
export async function* trainingRenders(): AsyncGenerator<{ name: string; category: string; rendered: RenderedPhoto }> {
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
