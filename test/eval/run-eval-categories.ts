/**
 * `npm run eval:categories`: every category's renders (category-set.ts): per render the colour's
 * ΔE00 and the finish word, then per category the median and worst ΔE00 and the finish-word accuracy.
 */
import { figuresOf, measureCategorySet } from './category-figures.ts';

const rows = await measureCategorySet();
for (const r of rows) {
  const pans = r.pans ? ` pans ${r.pans.found}/${r.pans.rendered}` : '';
  console.log(`${r.name.padEnd(28)} ${r.category.padEnd(12)} ΔE00 ${r.deltaE.toFixed(2).padStart(6)}  word ${String(r.word).padEnd(9)} expected ${r.expectedWord}${pans}`);
}
console.log('\ncategory      n  median ΔE00  worst ΔE00  finish word');
for (const f of figuresOf(rows)) {
  console.log(`${f.category.padEnd(12)} ${String(f.n).padStart(2)}  ${f.medianDeltaE.toFixed(2).padStart(11)}  ${f.maxDeltaE.toFixed(2).padStart(10)}  ${(f.wordAccuracy * 100).toFixed(0).padStart(9)} %`);
}
process.exit(0);
