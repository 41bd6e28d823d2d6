import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzePhoto } from '../../extraction/index.ts';
import { deltaE2000 } from '../../extraction/color-space.ts';
import { defaultSpec, hardSet, hexToLab, renderPhoto, type HardEntry } from '../fixtures/index.ts';
import { iou } from './photo-cache.ts';
import { colourPartOfSubject } from '../../validators/standards.ts';
import type { Rect } from '../../extraction/types.ts';

/**
 * The hard fixture photos the region finder gets right, at half size unless said otherwise (the
 * shapes hardly depend on it). Truth: the fixture's geometry (region) and its spec colour. IoU ≥ 0.9
 * is the bullet, liquid or smear and nothing beside it (a cap, a wand, the frame's centre only would all score below
 * 0.6). ΔE00 ≤ MAX_DELTA_E: the right pixels are measured. It was 1 (the clean set's median target)
 * while the fixtures drew a flat band of exactly the base colour across the bullet's middle; since
 * they shade the bullet as a Lambertian cylinder (surface-shading.ts), the colour is exact only on
 * the line facing the light and falls off away from it, and the extractor reports the body's
 * typical colour: 1.0–2.1 on these photos (a satin sheen on a smear the most).
 */
const MAX_DELTA_E = 2.5;
const ENTRIES = new Map(hardSet().map((e) => [e.name, e]));

/** Photos whose region the finder gets wrong (none today; a known failure is kept here as a todo with its cause). */
const KNOWN_REGION_FAILURES = new Map<string, string>();

async function analyseAtScale(entry: HardEntry, scale = 0.5) {
  const spec = { ...entry.spec, width: entry.spec.width * scale, height: entry.spec.height * scale };
  const rendered = await renderPhoto(spec);
  const { extraction } = await analyzePhoto(rendered.bytes, { category: spec.kind === 'swatch' ? 'swatch' : 'lipstick', part: colourPartOfSubject(spec.kind === 'swatch' ? 'swatch' : 'lipstick') });
  assert.ok(extraction, `${entry.name}: a colour-bearing part is found`);
  return { extraction, truth: rendered.truth };
}

const REGION_AND_COLOUR: Array<[string, string]> = [
  ['hard-cap-beside-black-case-red-satin', 'a black cap standing beside the bullet is left out'],
  ['hard-cap-beside-same-colour-case-nude-matte', 'a cap of the shade colour standing beside the case is left out, and the case below'],
  ['hard-cap-beside-gold-case-berry-glossy', 'a gold cap beside a glossy bullet is left out'],
  ['hard-tilted-same-colour-case-plum-glossy', 'a sliver of a leaning bullet beyond its highlight stripe is kept, though case and cap of its colour are far larger'],
  ['hard-shadow-black-case-pink-satin', 'a soft drop shadow beside the bullet is not part of it'],
  ['hard-shadow-same-colour-case-brown-matte', 'a wide shadow under a brown bullet in a brown case is not part of it'],
  ['hard-liquid-red-matte-black-wand', 'the liquid in the tube is found, not the black wand handle beside it'],
  ['hard-liquid-pink-glossy-gold-wand', 'the gloss in the tube is found, not the polished gold wand handle at the top'],
  ['hard-liquid-nude-satin-ivory-wand-shadow', 'the pale liquid in the tube is found, not the ivory wand handle'],
  ['hard-liquid-shadow-joins-black-wand-berry-glossy', 'the liquid is found when a drop shadow joins its tube to the wand beside it, not the wand or the shadow'],
  ['hard-leaning-wine-case-red-glossy', 'a leaning bullet is cut from a case in a darker cousin colour at the slanted shoulder'],
  ['hard-liquid-berry-satin-berry-wand-tilted', 'the liquid in a tilted tube is found, not the cousin-coloured handle at the top of the frame'],
  ['hard-close-up-red-satin', 'a bullet filling the frame is the whole frame'],
  ['hard-close-up-plum-glossy', 'a glossy bullet filling the frame is the shade, not its highlight stripe'],
  ['hard-diagonal-40-dark-satin', 'a lipstick lying at 40° is measured right'],
  ['hard-diagonal-minus-35-brick-shiny-gold', 'a lipstick lying at −35° in a gold case is measured right'],
  ['hard-swatch-cream-paper-coral-matte', 'a swatch on cream paper keeps its colour: the paper is tinted, not white paper in warm light'],
  ['hard-swatch-pink-paper-mauve-satin', 'a swatch on pink paper keeps its colour: pink lies off the axis a light can tint white'],
  ['hard-lying-right-gold-case-mauve-satin', 'a lipstick lying on its side, bullet to the right, is turned upright to find its bullet'],
  ['hard-lying-left-same-colour-case-red-shiny', 'a lipstick lying bullet-left in a case of its own colour is cut where the bullet meets the case'],
  ['hard-swatch-lying-coral-glossy', 'a swatch lying across the frame keeps the sliver beyond its glossy stripe, and its finish'],
  ['hard-over-30-vignette-red-satin', 'a photo 30 % over-exposed is brought back from its backdrop’s vignetted corners'],
  ['hard-vignette-white-backdrop-nude-matte', 'a correctly exposed photo with dark vignetted corners is not brightened'],
];

/**
 * At full size: the gold collar between this bullet and its case is then wide enough (in grid cells)
 * that the case stays a piece of its own after the closing, so the rule for detached shading, not the
 * closing, has to leave it out.
 */
const FULL_SIZE: Array<[string, string]> = [
  ['hard-cap-beside-berry-case-rose-glossy', 'a case and cap in a darker cousin colour of the bullet are left out'],
  // Case bands at full size. At half size the pink band's top edge, blended with the white backdrop
  // into a pale pink like the shade, joins the part as a one-pixel seam as wide as the case (IoU 0.83,
  // colour still right), and the mauve bullet loses to the red band (see the todo below).
  ['hard-red-case-band-below-nude-shiny', 'a shiny nude bullet is found above a red band of its case twice as colourful'],
  ['hard-pink-case-band-below-light-pink-glossy', 'a glossy pale pink bullet is found above a vivid pink band of its case'],
  ['hard-red-case-band-below-mauve-satin', 'a satin mauve bullet is found above a red band of its case'],
];

for (const [name, behaviour, scale] of [
  ...REGION_AND_COLOUR.map(([n, b]) => [n, b, 0.5] as const),
  ...FULL_SIZE.map(([n, b]) => [n, b, 1] as const),
]) {
  // The satin close-up's broad sheen is taken for a part of its own by the region finder since the
  // sheen is shaded physically (IoU 0.35): a known failure, kept visible until the finder handles it.
  const todo = KNOWN_REGION_FAILURES.get(name);
  test(`${behaviour} (${name}): region IoU ≥ 0.9, ΔE00 ≤ ${MAX_DELTA_E}, the finish as rendered`, { todo }, async () => {
    const { extraction, truth } = await analyseAtScale(ENTRIES.get(name)!, scale);
    const overlap = iou(extraction.region, truth.region);
    assert.ok(overlap >= 0.9, `IoU ${overlap.toFixed(2)}: ${JSON.stringify(extraction.region)} vs ${JSON.stringify(truth.region)}`);
    const dE = deltaE2000(extraction.color.lab, truth.color.lab);
    assert.ok(dE <= MAX_DELTA_E, `ΔE00 ${dE.toFixed(2)}: ${extraction.color.hex} vs ${truth.color.hex}`);
    assert.equal(extraction.finish.value, truth.finish);
  });
}

// Clipped even in its corners, the backdrop shows nothing of the exposure, so nothing is corrected:
// the product keeps only its own light vignetting (≈ 1.5 ΔE00 darker), where a darkening by the
// backdrop's 1.8× would cost over 10. The bound was 2 while the fixtures drew the bullet's middle
// flat; their cylinder's falloff away from the line facing the light adds ≈ 1.5 (3.1 measured).
test('a backdrop blown out to 255 on purpose does not darken a correctly exposed product (hard-blown-backdrop-vignette-coral-shiny)', async () => {
  const { extraction, truth } = await analyseAtScale(ENTRIES.get('hard-blown-backdrop-vignette-coral-shiny')!);
  const dE = deltaE2000(extraction.color.lab, truth.color.lab);
  assert.ok(dE <= 3.5, `ΔE00 ${dE.toFixed(2)}: ${extraction.color.hex} vs ${truth.color.hex}`);
});

// A web shop's JPEG (quality 70–85, colour at half resolution) lifts a satin close-up's soft sheen
// just past the backdrop tolerance: the sheen must still read as the shade's own, not as a product
// on an orange-red backdrop. And the rule must not swallow a real product on a dark coloured
// backdrop: a light swatch on berry paper differs from it by far more than a sheen does.
test('a satin close-up saved as a web JPEG is still the whole frame', async () => {
  const { default: sharp } = await import('sharp');
  const closeUp = await renderPhoto(ENTRIES.get('hard-close-up-red-satin')!.spec);
  for (const quality of [70, 75, 80, 85]) {
    const web = await sharp(closeUp.bytes).jpeg({ quality, chromaSubsampling: '4:2:0' }).toBuffer();
    const { extraction } = await analyzePhoto(web, { category: 'lipstick' });
    assert.ok(extraction && iou(extraction.region, closeUp.truth.region) >= 0.9, `quality ${quality}: ${JSON.stringify(extraction?.region)}`);
    assert.equal(extraction.finish.value, 'satin', `quality ${quality}`);
  }
});

test('a light swatch on dark berry paper still has its backdrop', async () => {
  const swatch = await renderPhoto(defaultSpec({ kind: 'swatch', color: '#d1918d', background: '#7a1f3d', width: 600, height: 800, noise: 1.5, finish: 'satin' }));
  const { extraction } = await analyzePhoto(swatch.bytes, { category: 'swatch', part: colourPartOfSubject('swatch') });
  assert.ok(extraction && iou(extraction.region, swatch.truth.region) >= 0.9, JSON.stringify(extraction?.region));
});

// A glossy bullet above a gold collar and a case of its own colour, saved as a web JPEG: the highlight
// stripe splits the bullet in two, and beside the case (three times as large) neither half counted as a
// piece worth keeping, so the case was measured (region IoU 0, the finish lost). Found by random renders.
test('a glossy bullet split by its stripe is still found above a same-colour case three times its size (web JPEG)', async () => {
  const { default: sharp } = await import('sharp');
  const spec = defaultSpec({ color: '#b24957', finish: 'glossy', caseColor: '#b24957', collar: true, background: '#fafafa', noise: 3.3, exposure: 0.968 });
  const rendered = await renderPhoto(spec);
  const web = await sharp(rendered.bytes).jpeg({ quality: 80, chromaSubsampling: '4:2:0' }).toBuffer();
  const { extraction } = await analyzePhoto(web, { category: 'lipstick' });
  assert.ok(extraction);
  const overlap = iou(extraction.region, rendered.truth.region);
  assert.ok(overlap >= 0.9, `IoU ${overlap.toFixed(2)}: ${JSON.stringify(extraction.region)} vs ${JSON.stringify(rendered.truth.region)}`);
  assert.equal(extraction.finish.value, 'glossy');
  // The same bound as the other hard photos, met because the bullet's pixels are measured.
  const dE = deltaE2000(extraction.color.lab, rendered.truth.color.lab);
  assert.ok(dE <= MAX_DELTA_E, `ΔE00 ${dE.toFixed(2)}`);
});

// At half size the bullet is chosen (it owns the bullet zone), but the band's sheen, a ramp of the red at
// the bullet's own L*, falls in the bullet's shade family (same hue, chroma within 2.2×), so the part
// runs down over the band (IoU 0.49, ΔE00 2.9). A family that must keep chroma in step with lightness
// mends it and does worse on the real photos (see segmentation.ts sameShade).
test('a satin mauve bullet above a red band of its case, at half size', { todo: "the band's sheen joins the bullet's shade family" }, async () => {
  const { extraction, truth } = await analyseAtScale(ENTRIES.get('hard-red-case-band-below-mauve-satin')!);
  assert.ok(iou(extraction.region, truth.region) >= 0.9);
  assert.ok(deltaE2000(extraction.color.lab, truth.color.lab) <= MAX_DELTA_E);
});

// A short bullet (a fifth of the lipstick, as when worn down) above a lacquered band of the case as tall
// as the bullet, more colourful than the shade: the top 30 % of the product held a third band, and the
// band won on chroma (ΔE00 24–28 off at trust 0.8–0.9, passed without a person, before the bullet zone
// ended at the bullet's shoulder). Shades and bands of the shared table, none of the hard set's pairs.
for (const [bullet, band, finish] of [
  ['#d1918d', '#c80f2e', 'satin'],
  ['#d58f7f', '#d03370', 'matte'],
  ['#d1918d', '#d03370', 'shiny'],
] as const) {
  test(`a short ${finish} bullet (${bullet}) above a vivid band of its case (${band}) is the part measured`, async () => {
    const rendered = await renderPhoto(
      defaultSpec({ color: bullet, finish, caseColor: '#141416', band: { color: band, length: 0.3 }, bulletLength: 0.2, width: 600, height: 800, noise: 1.5 }),
    );
    const { extraction } = await analyzePhoto(rendered.bytes, { category: 'lipstick', part: colourPartOfSubject('lipstick') });
    assert.ok(extraction);
    // The band is left out: the region ends where the bullet does, within 2 px (an anti-aliased edge
    // pixel each end, and the band's top edge, blended with the backdrop into a pale tint, may join the
    // part as a seam one pixel tall; see FULL_SIZE). A band taken in would add 0.3 of the product (211 px).
    const { region } = extraction, truth = rendered.truth.region;
    assert.ok(Math.abs(region.y - truth.y) <= 2 && Math.abs(region.y + region.height - (truth.y + truth.height)) <= 2, `${JSON.stringify(region)} vs ${JSON.stringify(truth)}`);
    const dE = deltaE2000(extraction.color.lab, rendered.truth.color.lab);
    assert.ok(dE <= MAX_DELTA_E, `ΔE00 ${dE.toFixed(2)}: ${extraction.color.hex} vs ${rendered.truth.color.hex}`);
  });
}

/**
 * A flat-drawn lipstick layout (SVG on a white backdrop, saved as a JPEG) must be measured on its
 * bullet: the region overlaps the bullet's box by IoU ≥ 0.9 and the colour is within MAX_DELTA_E of the
 * bullet's one flat colour, which is therefore its truth. Drawn flat, not rendered: the renderer shades
 * every band of a case as a cylinder, darker at its sides than any backdrop, so a rendered sleeve never
 * reads as backdrop, and these layouts are about pieces the backdrop cuts apart.
 */
async function assertBulletMeasured(width: number, height: number, shapes: string, bullet: string, bulletBox: Rect, quality = 92): Promise<void> {
  const { default: sharp } = await import('sharp');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="${width}" height="${height}" fill="#ffffff"/>${shapes}</svg>`;
  const bytes = await sharp(Buffer.from(svg)).jpeg({ quality }).toBuffer();
  const { extraction } = await analyzePhoto(bytes, { category: 'lipstick', part: colourPartOfSubject('lipstick') });
  assert.ok(extraction);
  const overlap = iou(extraction.region, bulletBox);
  assert.ok(overlap >= 0.9, `IoU ${overlap.toFixed(2)}: ${JSON.stringify(extraction.region)}`);
  const dE = deltaE2000(extraction.color.lab, hexToLab(bullet));
  assert.ok(dE <= MAX_DELTA_E, `ΔE00 ${dE.toFixed(2)}: ${extraction.color.hex} vs ${bullet}`);
}

/**
 * A bullet above a white sleeve that reads as backdrop, and below it a gold case as colourful as the
 * shade and three times its area: the bullet is a piece of its own above the case, and the case alone
 * held the bullet zone, so the gold was measured (as on a shop thumbnail of the development photos,
 * ΔE00 44 off). The case is lit from the front: a white sheen down its middle.
 */
for (const [bullet, gold] of [
  ['#a45450', '#e6cf8a'],
  ['#c27a6e', '#dcc078'],
  ['#8c2f3c', '#e8d28f'],
] as const) {
  for (const sleeve of [80, 200]) {
    test(`a ${bullet} bullet above a white sleeve ${sleeve} px tall and a gold case (${gold}) is the part measured`, async () => {
      const caseTop = 180 + sleeve;
      const caseRect = `x="140" y="${caseTop}" width="120" height="${800 - 60 - caseTop}"`;
      await assertBulletMeasured(
        400,
        800,
        `<defs><linearGradient id="sheen" x1="0" x2="1"><stop offset="0" stop-color="${gold}"/><stop offset="0.5" stop-color="#ffffff" stop-opacity="0.35"/><stop offset="1" stop-color="${gold}"/></linearGradient></defs>
        <polygon points="160,60 240,30 240,180 160,180" fill="${bullet}"/>
        <rect ${caseRect} fill="${gold}"/><rect ${caseRect} fill="url(#sheen)"/>`,
        bullet,
        { x: 160, y: 30, width: 80, height: 150 },
      );
    });
  }
}

/**
 * The other side of the rule above: a cap held up above a lipstick (a packshot style) is not its
 * bullet. The lipstick ends in its bullet, narrower than its case, and the cap is as wide as the case
 * or nearly; the bullet is measured, whatever the cap's colour.
 */
for (const [bullet, caseColour, cap, capWidth] of [
  ['#c27a6e', '#dcc078', '#dcc078', 120],
  ['#8c2f3c', '#e8d28f', '#e8d28f', 120],
  ['#b5655f', '#cfcfcf', '#d9a0a0', 100],
] as const) {
  test(`a cap (${cap}, ${capWidth} px wide) held up above a ${bullet} lipstick in a ${caseColour} case is left out`, async () => {
    await assertBulletMeasured(
      400,
      900,
      `<rect x="${200 - capWidth / 2}" y="40" width="${capWidth}" height="200" fill="${cap}"/>
      <polygon points="160,330 240,300 240,450 160,450" fill="${bullet}"/>
      <rect x="140" y="450" width="120" height="400" fill="${caseColour}"/>`,
      bullet,
      { x: 160, y: 300, width: 80, height: 150 },
    );
  });
}

/**
 * And a lipstick lying on its side with its cap lying along it, just above: the case's top rows are
 * then its long side, open to whatever lies above, and the cap (narrower than the lipstick's length)
 * passed for a bullet standing on it. A case stands taller than wide; a lying one has no bullet on top.
 */
for (const [bullet, caseColour, cap, gap] of [
  ['#c27a6e', '#1a1a1a', '#c8102e', 10],
  ['#8c2f3c', '#e8d28f', '#e8d28f', 40],
  ['#b5655f', '#cfcfcf', '#d9a0a0', 40],
] as const) {
  test(`a ${cap} cap lying ${gap} px above a lying ${bullet} lipstick in a ${caseColour} case is left out`, async () => {
    await assertBulletMeasured(
      800,
      600,
      `<rect x="120" y="${310 - gap}" width="400" height="90" fill="${cap}"/>
      <rect x="100" y="400" width="400" height="90" fill="${caseColour}"/>
      <polygon points="500,410 650,410 620,475 500,475" fill="${bullet}"/>`,
      bullet,
      { x: 500, y: 410, width: 150, height: 65 },
    );
  });
}

/**
 * A lipstick in a case so pale it reads as backdrop, under a box held up above it: the bullet is then
 * the largest piece, and the box above it is no bullet of it (a bullet holds at most half its case's
 * area). The bullet is measured.
 */
test('a box held up above a bullet whose pale case reads as backdrop is left out', async () => {
  await assertBulletMeasured(
    600,
    1000,
    `<rect x="260" y="90" width="80" height="120" fill="#d9a0a0"/>
    <polygon points="250,270 350,250 350,400 250,400" fill="#7a2e3a"/>
    <rect x="235" y="400" width="130" height="420" fill="#f0f0f0"/>`,
    '#7a2e3a',
    { x: 250, y: 250, width: 100, height: 150 },
    90,
  );
});
