/**
 * The evaluation's extra photo sets, beside the fixtures' clean set: the same kind of accepted-quality
 * photo under imperfect light, with glitter of every kind the catalogue has, and in the packaging and
 * settings of real shop photos.
 */
import { cleanSet, defaultSpec, hardSet, shadesByFamily, type PhotoSpec } from '../fixtures/index.ts';

type SpecFactory = (overrides?: Partial<PhotoSpec>) => PhotoSpec;
type Entry = { name: string; spec: PhotoSpec };

const FINISHES = ['matte', 'satin', 'shiny', 'glossy'] as const;

/** Mild casts (a few per cent per channel) and ±30 % exposure, all over a white backdrop. */
const LIGHTS: Array<{ name: string; exposure: number; cast: PhotoSpec['cast'] }> = [
  { name: 'warm-cast', exposure: 1, cast: { r: 1, g: 0.96, b: 0.9 } },
  { name: 'cool-cast', exposure: 1, cast: { r: 0.92, g: 0.97, b: 1 } },
  { name: 'under-30', exposure: 0.7, cast: { r: 1, g: 1, b: 1 } },
  { name: 'over-30', exposure: 1.3, cast: { r: 1, g: 1, b: 1 } },
];

export function lightSet(defaultSpec: SpecFactory): Entry[] {
  const shades = shadesByFamily().slice(0, 8);
  return LIGHTS.flatMap((light, l) =>
    shades.map((shade, s) => ({
      name: `light-${light.name}-${shade.family}`,
      spec: defaultSpec({
        color: shade.hex,
        finish: FINISHES[(s + l) % 4],
        exposure: light.exposure,
        cast: light.cast,
        noise: 1.5,
        width: 1200,
        height: 1600,
      }),
    })),
  );
}

const GLITTERS: Array<PhotoSpec['glitter']> = [
  { coverage: 0.03, sizeRel: 0.02, color: '#f2d27c' },
  { coverage: 0.08, sizeRel: 0.015, color: '#e6e8ee' },
  { coverage: 0.12, sizeRel: 0.03, color: '#f2d27c' },
  { coverage: 0.18, sizeRel: 0.04, color: '#ffc4dc' },
  { coverage: 0.25, sizeRel: 0.025, color: '#c9e4ff' },
  { coverage: 0.1, sizeRel: 0.05, color: '#d9a441' },
];

export function glitterSet(defaultSpec: SpecFactory): Entry[] {
  const shades = shadesByFamily();
  return GLITTERS.flatMap((glitter, g) =>
    [0, 1].map((k) => {
      const shade = shades[(g * 2 + k) % shades.length];
      return {
        name: `glitter-${g}-${shade.family}-${k ? 'glossy' : 'matte'}`,
        spec: defaultSpec({ color: shade.hex, finish: k ? 'glossy' : 'matte', glitter, noise: 1.5 }),
      };
    }),
  );
}

/**
 * The category the portal would pass: a liquid lipstick is filed as a lipstick. Swatches keep the
 * 'swatch' category the evaluation has always used for them.
 */
export function categoryOf(spec: PhotoSpec): string {
  return spec.kind === 'liquid-lipstick' ? 'lipstick' : spec.kind;
}

/** Every photo the evaluation renders (the web set re-saves clean and glitter photos, so it adds none). */
export function evaluationFixtures(): Array<{ set: string; name: string; spec: PhotoSpec }> {
  const sets: Array<[string, Entry[]]> = [
    ['clean', cleanSet()],
    ['light', lightSet(defaultSpec)],
    ['glitter', glitterSet(defaultSpec)],
    ['packaging', packagingSet(defaultSpec)],
    ['hard', hardSet()],
  ];
  return sets.flatMap(([set, entries]) => entries.map(({ name, spec }) => ({ set, name, spec })));
}

/** Case and cap colours of real packaging: black, gold, white, silver and clear (a pale, faintly blue grey). */
const PACKAGING: Array<{ name: string; caseColor: string }> = [
  { name: 'black', caseColor: '#141416' },
  { name: 'gold', caseColor: '#c9a44c' },
  { name: 'white', caseColor: '#f4f4f2' },
  { name: 'silver', caseColor: '#c3c6cc' },
  { name: 'clear', caseColor: '#e6ebf0' },
];

/**
 * What real shop photos do to a product: the cap standing beside the bullet in every packaging
 * colour, a lip gloss seen through its clear tube with the wand beside it, a tube with a printed
 * label over its liquid, 60–100 px thumbnails, grey and black backdrops, a case's lacquered band
 * below the bullet, and a swatch on skin (a foundation shade of the vendored table as the backdrop).
 * Several products in one photo and pencils are not drawn yet.
 */
export function packagingSet(defaultSpec: SpecFactory): Entry[] {
  const shades = shadesByFamily();
  const entries: Entry[] = PACKAGING.map(({ name, caseColor }, k) => ({
    name: `packaging-cap-beside-${name}-${shades[k].family}`,
    spec: defaultSpec({ color: shades[k].hex, finish: FINISHES[k % 4], caseColor, capBeside: true, productSpan: 0.86, noise: 1.5 }),
  }));
  entries.push(
    ...(['glossy', 'shiny'] as const).map((finish, k) => ({
      name: `packaging-lip-gloss-clear-tube-${shades[6 + k].family}-${finish}`,
      spec: defaultSpec({ kind: 'liquid-lipstick', color: shades[6 + k].hex, finish, caseColor: PACKAGING[k].caseColor, productSpan: 0.8, noise: 1.5 }),
    })),
    ...(['glossy', 'matte'] as const).map((finish, k) => ({
      name: `packaging-printed-label-tube-${shades[1 + k * 2].family}-${finish}`,
      spec: defaultSpec({ kind: 'liquid-lipstick', color: shades[1 + k * 2].hex, finish, label: true, productSpan: 0.8, noise: 1.5 }),
    })),
    ...[[60, 80], [75, 100], [100, 75]].map(([width, height], k) => ({
      name: `packaging-thumbnail-${width}x${height}-${shades[k + 2].family}`,
      spec: defaultSpec({ color: shades[k + 2].hex, finish: FINISHES[(k + 1) % 4], width, height, noise: 1 }),
    })),
    ...[['grey', '#8a8a8a'], ['black', '#121212']].flatMap(([name, background], k) =>
      (['lipstick', 'swatch'] as const).map((kind, j) => ({
        name: `packaging-${name}-backdrop-${kind}-${shades[4 + k * 2 + j].family}`,
        spec: defaultSpec({ kind, color: shades[4 + k * 2 + j].hex, finish: FINISHES[(k + j) % 4], background, caseColor: name === 'black' ? '#c3c6cc' : '#141416', noise: 1.5 }),
      })),
    ),
    // A case's lacquered band below the bullet, more colourful than the shade and near its hue: not
    // the bands or shades the hard set trains on (coral, brick and berry bands under light pink, brown and plum).
    ...([['light-pink', 'coral', 'shiny'], ['brown', 'brick', 'glossy'], ['plum', 'berry', 'glossy']] as const).map(([bullet, band, finish]) => ({
      name: `packaging-${band}-case-band-below-${bullet}-${finish}`,
      spec: defaultSpec({ color: shadeOf(shades, bullet), finish, caseColor: PACKAGING[0].caseColor, band: { color: shadeOf(shades, band), length: 0.35 }, noise: 1.5 }),
    })),
    ...SKIN_TONES.map((skin, k) => ({
      name: `packaging-swatch-on-skin-${skin.name}-${shades[k * 3].family}`,
      spec: defaultSpec({ kind: 'swatch', color: shades[k * 3].hex, finish: FINISHES[k % 4], background: skin.hex, productSpan: 0.7, noise: 1.5 }),
    })),
  );
  return entries;
}

/** The table's shade of a family (shadesByFamily). */
function shadeOf(shades: Array<{ family: string; hex: string }>, family: string): string {
  const shade = shades.find((s) => s.family === family);
  if (!shade) throw new Error(`no shade of the ${family} family`);
  return shade.hex;
}

/** Skin under a swatch: a light, a medium and a deep Maybelline Fit Me shade of the vendored foundation table. */
const SKIN_TONES: Array<{ name: string; hex: string }> = [
  { name: 'light', hex: '#f3cfb3' },
  { name: 'medium', hex: '#b2856f' },
  { name: 'deep', hex: '#643c27' },
];
