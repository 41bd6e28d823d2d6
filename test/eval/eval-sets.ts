/**
 * The evaluation's extra photo sets, beside the fixtures' clean set: the same kind of accepted-quality
 * photo under imperfect light, and with glitter of every kind the catalogue has.
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
    ['hard', hardSet()],
  ];
  return sets.flatMap(([set, entries]) => entries.map(({ name, spec }) => ({ set, name, spec })));
}
