/**
 * Learnt weights are written by the training scripts with the feature list they were fitted on. A
 * feature added, removed or reordered since then would pair weights with the wrong features: the
 * models check the list when they load and refuse to run on a mismatch (retrain: npm run train:region,
 * then npm run train:trust).
 */
export function assertSameFeatures(model: string, written: readonly string[], expected: readonly string[]): void {
  if (written.length === expected.length && written.every((name, i) => name === expected[i])) return;
  throw new Error(`The ${model} weights were fitted on features [${written.join(', ')}], not [${expected.join(', ')}]: retrain them.`);
}
