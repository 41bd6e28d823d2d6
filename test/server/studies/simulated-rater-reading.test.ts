import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { deltaE2000 } from '../../../extraction/color-space.ts';
import { renderTryOn, type TryOnShade } from '../../../extraction/try-on/index.ts';
import type { Lab } from '../../../extraction/types.ts';
import { BARE_LIPS, faceJpeg, LIP_OUTLINE, lipColourOf, perceivedLipColours } from './study-fixtures.ts';

/**
 * What the study's simulated raters read off a picture (perceivedLipColours): the lips' body colour
 * where the try-on shows no highlight, compared on the same part of the lips in the reference. Here the
 * reference is the same shade rendered matte, so any difference read is the gloss's.
 */
const SHADE: Lab = { L: 38, a: 55, b: 22 };
let face: Buffer;
let matte: Buffer;

const render = (shade: Partial<TryOnShade>) => renderTryOn(face, { outer: LIP_OUTLINE }, { lab: SHADE, finish: 'matte', ...shade });
const readings = async (picture: Buffer) => {
  const seen = await perceivedLipColours(picture, matte);
  return { perceived: deltaE2000(seen.tryOn, seen.reference), mean: deltaE2000(await lipColourOf(picture), await lipColourOf(matte)) };
};

before(async () => {
  face = await faceJpeg(BARE_LIPS);
  matte = await render({});
});

describe('the simulated rater’s reading of a try-on', () => {
  it('reads a flat picture as its own colour', async () => {
    const seen = await perceivedLipColours(await faceJpeg(SHADE), await faceJpeg(SHADE));
    assert.ok(deltaE2000(seen.tryOn, SHADE) < 1.5, `read ${JSON.stringify(seen.tryOn)}`);
    assert.ok(seen.share > 0.5, 'most of a flat picture counts');
  });

  it('leaves a glossy or shiny product’s highlights out, where the plain mean of the lips moves with them', async () => {
    for (const shade of [
      { finish: 'glossy', reflectance: { specularIntensity: 0.8, glossiness: 0.85, roughness: 0.15 } },
      { finish: 'shiny', reflectance: { specularIntensity: 0.5, glossiness: 0.55, roughness: 0.3 } },
    ] as const) {
      const { perceived, mean } = await readings(await render(shade));
      assert.ok(perceived < 1.5, `${shade.finish}: read ${perceived.toFixed(2)} ΔE00 from the matte render`);
      assert.ok(mean > perceived + 1, `${shade.finish}: the mean moved ${mean.toFixed(2)}`);
    }
  });

  // A weak, rough satin, as the extractor measures the study's satin shades: its wide lobe is almost
  // even over the lips, and that even part is already in the measured colour. The try-on adds only the
  // lobe's rise above its median, so the lips keep the shade (it once laid a haze of ≈ 6 ΔE00 over them).
  it('reads a rough satin as its shade', async () => {
    const { perceived } = await readings(await render({ finish: 'satin', reflectance: { specularIntensity: 0.096, glossiness: 0.06, roughness: 0.7 } }));
    assert.ok(perceived < 2, `read ${perceived.toFixed(2)} ΔE00 from the matte render`);
  });
});
