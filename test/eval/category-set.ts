/**
 * Renders of every category's products, with the colour and the finish word each should be reported
 * with: the gloss's liquid in its tube (wand and cap beside it), a liner's and an eyeliner's lead, a
 * blush and an eyeshadow pan, an eyeshadow palette (its pans), a foundation bottle and swatch, a nail
 * polish bottle with its cap — plain, shimmer, metallic and glitter variants where the category names
 * them, and jelly lacquers (a clear dyed liquid the backdrop shows through). The expected word follows
 * the category's data (validators/standards.ts finishWords) from what was rendered: a finish,
 * particles of a known size and coverage, and a translucent lacquer.
 */
import { defaultSpec, type GlitterSpec, type PhotoSpec } from '../fixtures/index.ts';
import type { Category } from '../../validators/standards.ts';

export interface CategoryEntry {
  name: string;
  category: Category;
  spec: PhotoSpec;
  /** The finish word the category's data gives what was rendered. */
  word: string;
}

/** A small frame keeps the set quick; every product still spans well over 1000 px of detail at 1200. */
const FRAME = { width: 900, height: 1200, noise: 1 };
const LANDSCAPE = { width: 1200, height: 900, noise: 1 };
/** Fine mica: a hundredth of the part wide, a tenth of it covered. */
const SHIMMER: GlitterSpec = { coverage: 0.1, sizeRel: 0.012, color: '#f3e6c8' };
/** Dense fine flakes: a sheet of metal. */
const METALLIC: GlitterSpec = { coverage: 0.35, sizeRel: 0.012, color: '#e8d9b0' };
/** Flakes seen one by one. */
const GLITTER: GlitterSpec = { coverage: 0.15, sizeRel: 0.05, color: '#d8d8e0' };

const LIPS = ['#b22146', '#c46a63', '#8a2d3b', '#e07a8f'];
const CHEEKS = ['#d9737a', '#e8977a', '#b86a74'];
const LIDS = ['#8a4f3a', '#c8956c', '#4a3b5c', '#6d7a4f'];
const SKIN = ['#e8c3a4', '#c99a78', '#8d5e42'];
const LACQUERS = ['#b3123a', '#f2d0d6', '#2b3a7a', '#7a1f5c'];
/** Jelly lacquers (clear dyed liquids, seen against the backdrop): a red, a pink and a blue, as on their bottles' axis. */
const JELLIES = ['#b3123a', '#e0607e', '#2a4fb0'];

export function categorySet(only?: (e: CategoryEntry) => boolean): CategoryEntry[] {
  const out: CategoryEntry[] = [];
  const add = (name: string, category: Category, word: string, spec: Partial<PhotoSpec>) => out.push({ name, category, word, spec: defaultSpec({ ...FRAME, ...spec }) });
  LIPS.forEach((color, k) => add(`lipstick-${k}`, 'lipstick', k % 2 ? 'matte' : 'satin', { color, finish: k % 2 ? 'matte' : 'satin' }));
  LIPS.forEach((color, k) =>
    add(`gloss-${k}`, 'lip-gloss', k % 2 ? 'shiny' : 'glossy', { kind: 'liquid-lipstick', color, finish: k % 2 ? 'shiny' : 'glossy', caseColor: '#1c1c1e' }),
  );
  LIPS.slice(0, 3).forEach((color, k) => add(`liner-${k}`, 'lip-liner', 'matte', { kind: 'pencil', color, finish: 'matte', caseColor: '#2a2326' }));
  ['#1e1e22', '#4a3326', '#1f3d6b'].forEach((color, k) => add(`eyeliner-${k}`, 'eyeliner', 'matte', { kind: 'pencil', color, finish: 'matte', caseColor: '#3c3c40' }));
  CHEEKS.forEach((color, k) => add(`blush-${k}`, 'blush', 'matte', { kind: 'compact', color, finish: 'matte', ...LANDSCAPE, productSpan: 0.7 }));
  add('blush-satin', 'blush', 'satin', { kind: 'compact', color: CHEEKS[1], finish: 'satin', ...LANDSCAPE, productSpan: 0.7 });
  add('blush-shimmer', 'blush', 'shimmer', { kind: 'compact', color: CHEEKS[0], finish: 'matte', glitter: SHIMMER, ...LANDSCAPE, productSpan: 0.7 });
  LIDS.forEach((color, k) => add(`eyeshadow-${k}`, 'eyeshadow', 'matte', { kind: 'compact', color, finish: 'matte', ...LANDSCAPE, productSpan: 0.7 }));
  [LIDS[1], LIDS[3]].forEach((color, k) => add(`eyeshadow-satin-${k}`, 'eyeshadow', 'satin', { kind: 'compact', color, finish: 'satin', ...LANDSCAPE, productSpan: 0.7 }));
  add('eyeshadow-shimmer', 'eyeshadow', 'shimmer', { kind: 'compact', color: LIDS[1], finish: 'matte', glitter: SHIMMER, ...LANDSCAPE, productSpan: 0.7 });
  add('eyeshadow-metallic', 'eyeshadow', 'metallic', { kind: 'compact', color: LIDS[0], finish: 'matte', glitter: METALLIC, ...LANDSCAPE, productSpan: 0.7 });
  add('eyeshadow-palette-6', 'eyeshadow', 'matte', { kind: 'compact', color: '#c8956c', pans: ['#c8956c', '#8a4f3a', '#e8c4b0', '#4a3b5c', '#b76e79', '#2f2a28'], finish: 'matte', ...LANDSCAPE, productSpan: 0.6 });
  add('eyeshadow-palette-4', 'eyeshadow', 'matte', { kind: 'compact', color: '#6d7a4f', pans: ['#6d7a4f', '#d8b48c', '#7a3b52', '#3a5a78'], finish: 'matte', ...FRAME, productSpan: 0.6, width: 1000 });
  SKIN.forEach((color, k) => add(`foundation-bottle-${k}`, 'foundation', 'dewy', { kind: 'bottle', color, finish: 'glossy', caseColor: '#2a2a2c' }));
  (['matte', 'satin', 'shiny'] as const).forEach((finish, k) =>
    add(`foundation-swatch-${finish}`, 'foundation', { matte: 'matte', satin: 'natural', shiny: 'dewy' }[finish], { kind: 'swatch', color: SKIN[k], finish }),
  );
  LACQUERS.forEach((color, k) => add(`nail-polish-${k}`, 'nail-polish', 'cream', { kind: 'bottle', color, finish: 'glossy', caseColor: '#1c1c1e' }));
  add('nail-polish-shimmer', 'nail-polish', 'shimmer', { kind: 'bottle', color: LACQUERS[0], finish: 'glossy', glitter: SHIMMER, caseColor: '#1c1c1e' });
  add('nail-polish-metallic', 'nail-polish', 'metallic', { kind: 'bottle', color: LACQUERS[2], finish: 'glossy', glitter: METALLIC, caseColor: '#1c1c1e' });
  add('nail-polish-glitter', 'nail-polish', 'glitter', { kind: 'bottle', color: LACQUERS[3], finish: 'glossy', glitter: GLITTER, caseColor: '#1c1c1e' });
  JELLIES.forEach((color, k) => add(`nail-polish-jelly-${k}`, 'nail-polish', 'jelly', { kind: 'bottle', lacquer: 'jelly', color, finish: 'glossy', caseColor: '#1c1c1e' }));
  return only ? out.filter(only) : out;
}
