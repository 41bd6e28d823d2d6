/**
 * The default extractor: the shade's base colour under neutral light.
 *
 * 1. Drop what is not the base: glitter particles (and their one-pixel halo), the specular highlight
 *    and its shoulders (brighter than the body by more than the noise), and the darkest tail of shading.
 * 2. Take the mean colour of what remains on the face turned to the camera (the middle 40 % of each row
 *    across the part): the colour a person sees there, its soft shading included. (The dense colour — histogram mode refined by mean shift — was tried: it
 *    reads the plateau where the surface faces the light, and on real shop photos it lands further from
 *    a careful hand measurement, which averages the visible face: 62 % against 59 % within ΔE00 5 on
 *    the development photos, median 2.7 against 3.3. The dense colour's spread still measures the noise.)
 *    On a flat satin smear, the white light of its broad sheen is taken off first (broad-sheen.ts).
 *    On a jelly lacquer seen through its bottle the middle of the rows is the bottle's axis: the colour
 *    through its full depth, which is how a jelly's colour is defined (translucency.ts).
 * 3. Map the backdrop to white (von Kries in linear RGB) to undo the photo's cast and exposure.
 */
import { type ExtractedProperties, type Extractor, type ExtractorInput, type Lab, SHOP_THUMBNAIL_SIDE } from '../types.ts';
import { type Surface, assembleProperties, measureSurface } from './surface.ts';
import { cellsWhere, dilate } from '../binary-mask.ts';
import { findDenseColour, meanOf } from './dense-colour.ts';
import { withoutBroadSheen } from './broad-sheen.ts';
import { selectQuantileInPlace } from './order-statistics.ts';
import type { WhiteBalance } from './white-reference.ts';
import { deltaE2000, labToHex, labToXyz, linearRgbToXyz, xyzToLab, xyzToLinearRgb } from '../color-space.ts';
import {
  hiddenShareFactor,
  hueAgreementFactor,
  hueFamilyOf,
  sizeFactor,
  spreadFactor,
  whiteReferenceFactor,
} from './colour-confidence.ts';
import { scratchFloat32 } from '../scratch.ts';

/** Share of the darkest remaining pixels dropped as shadow (the shaded flanks of a bullet). */
const SHADOW_TAIL = 0.15;
/**
 * A pixel brighter than the body by this many L* noise deviations belongs to a highlight's shoulder.
 * The real photos' hand measurements take in the face's soft light, which a tight shoulder cuts:
 * 3 → 4 took the development photos from median ΔE00 2.42 to 2.15 (within 5 62 → 64 %), and 4 → 6 from
 * 1.96 to 1.80 (p90 10.34 → 9.88, within 5 69 → 70 %; lipstick median 3.63 → 3.20, lip gloss 2.64 →
 * 2.19). 5, 6, 7 and 8 read the set alike (all median 1.90, 1.80, 1.93, 1.94): 6 sits in the middle of
 * that plateau. The renders, whose truth is the unlit albedo, stay put (clean median 0.67 → 0.68, p90
 * 1.68 → 1.49; hard 0.60 / 1.14 → 0.60 / 1.27). The highlight itself is still cut; on a flat smear what
 * the shoulder lets in of a satin sheen is taken off again (broad-sheen.ts). In a shop thumbnail only
 * the shoulder's cells touching the highlight are cut (THUMBNAIL_HALO).
 */
const SHOULDER_SIGMAS = 6;

/**
 * A "highlight" covering more than this share of the part is no mirrored light: a specular stripe on
 * a bullet or a tube is a narrow band, and the renders' broadest satin lobe covers 0.30 of the part.
 * It is the lit face itself, brighter than a body colour that was read on the shaded side (the
 * densest colour of a part lit from one side lies on its flank), and what a person measuring the
 * part sees and averages; then nothing is cut as highlight or shoulder. Development photos: 7 of 211
 * go past 0.4, 6 of them closer to the hand measurement (a red bullet 11.6 → 5.2, a berry bullet
 * 8.6 → 3.2, a pencil's swatch 3.7 → 1.8), one 0.4 further (8.6 → 9.0); all median 2.28 → 2.15, p90
 * 11.52 → 11.19, lip liner median 3.22 → 1.93; the renders unchanged. At 0.3 the renders' satin
 * bullets would lose their sheen's exclusion (clean p90 1.68 → 5.40).
 */
const LIT_FACE_SHARE = 0.4;

/**
 * In a shop thumbnail (SHOP_THUMBNAIL_SIDE) a highlight's halo lies within this many cells of it, and
 * of the cells brighter than the body by the shoulder's margin (SHOULDER_SIGMAS) only those are cut.
 * Each pixel of a thumbnail averages a patch of the shop's original, so the halo has shrunk to the
 * pixels beside the highlight; the bright cells further off are the face's own soft light, which a hand
 * measurement takes in. Cutting them read the face darker than the photo shows it: of the development
 * photos under 300 px read more than ΔE00 4 off, 33 of 41 were darker than the hand measurement by over
 * 4 L* (most by 5–10). Cutting the halo only (median / p90 / within ΔE00 5, all 211 photos): 1.74 /
 * 8.65 / 73 % → 1.77 / 8.23 / 76 %; within 5 lipstick 68 → 70 %, lip gloss 71 → 76 %, lip liner 65 →
 * 76 %, blush 82 → 83 %. With the thumbnail mark at 200 px: 1.71 / 8.65 / 75 %; at 500 as at 300. A
 * halo of 2 or 3 cells: 75 %. Cutting no shoulder at all read the real thumbnails a little closer
 * (1.74 / 8.23 / 78 %) but let a rendered glossy bullet's halo in: at 100 × 75 px it read ΔE00 6.5 off
 * its albedo (0.4 with the cut), shrunk from 1200 to 180 px up to 2.9 (1.4); with the halo cut both
 * read as before. The renders are served at 1200 px and keep their readings. Keeping a thumbnail's
 * highlight too (the face read whole, as a lit face) read the development photos under 300 px closer
 * (within ΔE00 5 69 → 72 %, lipstick 70 → 76 %) but not the 96 px thumbnails made from the large ones
 * (68 → 67 %), and the colour trust ranked the photos worse (leave-one-brand-out AUC 0.74 → 0.70, 59 →
 * 55 % passed at the 90 % catch): the gain was the shops' own thumbnail style, not the size. Cutting
 * as well the bright cells whose chroma fell as they lightened (a specular stripe blended into its
 * neighbours, too thin for the highlight mask: chroma under the body's × (1 − k × the lift towards
 * white)) mends rendered glossy doe-feet at 140–184 px (ΔE00 8–9 → under 1 at k 0.5) but reads the shop
 * thumbnails further, whose hand crops take the shine in (k 0.5: 15 photos worse, 4 better, within ΔE00
 * 5 77 → 75 %); at k 1.2 both barely move, at 1.6 neither.
 */
const THUMBNAIL_HALO = 1;

/**
 * Cells that are neither glitter, highlight, highlight shoulder nor the darkest shading; in a
 * `thumbnail` the shoulder is cut only where it touches the highlight (THUMBNAIL_HALO).
 */
function bodyCandidates(surface: Surface, thumbnail: boolean): Int32Array {
  const { grid, body, highlight, particles, offShade } = surface;
  const excluded = particles.halo.slice();
  const noiseL = body.spread / Math.sqrt(3);
  // Beyond LIT_FACE_SHARE the bright part is the lit face, kept whole (no shoulder either).
  const litFace = highlight.share > LIT_FACE_SHARE;
  const shoulder = litFace ? Infinity : body.lab.L + Math.max(2, SHOULDER_SIGMAS * noiseL);
  const halo = thumbnail && !litFace ? dilate(highlight.mask, grid.width, grid.height, THUMBNAIL_HALO) : null;
  for (let i = 0; i < excluded.length; i++) {
    if ((!litFace && highlight.mask[i]) || offShade[i] || (grid.lab[i * 3] > shoulder && (!halo || halo[i]))) excluded[i] = 1;
  }
  const kept = cellsWhere(grid.interior, excluded);
  if (kept.length < 20) return kept;
  const lightness = scratchFloat32('robust.lightness', kept.length);
  for (let i = 0; i < kept.length; i++) lightness[i] = grid.lab[kept[i] * 3];
  const shadowBelow = selectQuantileInPlace(lightness, SHADOW_TAIL);
  let n = 0;
  for (let i = 0; i < kept.length; i++) if (grid.lab[kept[i] * 3] >= shadowBelow) kept[n++] = kept[i];
  return kept.subarray(0, n);
}

/**
 * Share of each row's span (between the part's outermost cells) kept around its middle: the face turned
 * to the camera. A bullet's or tube's flanks turn away and darken; a hand measurement cuts its patch
 * from the middle too, and that patch is wider than the brightest band. Located in their photos
 * (`npm run measure:crops`), the development set's hand crops span a median 0.51 of the measured part's
 * width (lipstick 0.56, lip gloss 0.52, blush 0.45, liner 0.45). Measured on the development photos
 * (median / p90 / within ΔE00 5; lipstick median):
 *
 * | share | all | lipstick |
 * |---|---|---|
 * | 0.4 | 1.78 / 8.44 / 73 % | 3.18 |
 * | 0.5 | 1.76 / 8.77 / 74 % | 2.71 |
 * | 0.55 | 1.73 / 8.50 / 74 % | 2.53 |
 * | 0.6 | 1.74 / 8.65 / 73 % | 2.48 |
 * | 0.7 | 1.88 / 8.81 / 74 % | 2.45 |
 *
 * 0.6 sits on the plateau (0.5–0.7) beside the lipstick crops' own width. On the renders, whose truth
 * is the unlit albedo, a wider face takes in more of the flanks' falloff (clean median 0.68 → 0.83,
 * p90 1.38 → 1.63; web 0.67 → 0.76). Restricting the rows to the middle of the part's height as well
 * (the crops cover 0.40 of it) moved lipstick little and cost lip gloss (0.7 of the height: gloss median
 * 2.02 → 2.42); keeping the highlight in (crops do) lifts within 5 to 78 % but blush median 0.73 → 1.53
 * and the renders' glossy parts off their albedo. With this face, SHADOW_TAIL (0.10, 0.25) and
 * SHOULDER_SIGMAS (4, 8) were swept again: 0.15 and 6 still read the set best (all median 1.74 against
 * 1.79–2.07).
 */
const FACE_SHARE = 0.6;
/**
 * Beyond this ΔE00 between the face's mean and the region finder's chosen colour, the chosen colour is
 * reported. On the development photos: 10 lifts within-ΔE00-5 from 62.6 to 64.0 % and cuts p90 from 12.4
 * to 11.7; 6 and 8 do worse (they overrule good faces), 12 and 15 change little.
 */
const SHADE_FALLBACK_DELTA_E = 10;

/**
 * Keeps the given cells that lie in the middle FACE_SHARE of their row's span of the part. The spans are
 * found once, for every set of cells the extractor asks about.
 */
function faceOf(grid: Surface['grid']): (cells: Int32Array) => Int32Array {
  const { width, height, mask } = grid;
  const first = new Int32Array(height).fill(-1), last = new Int32Array(height).fill(-1);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!mask[y * width + x]) continue;
      if (first[y] < 0) first[y] = x;
      last[y] = x;
    }
  }
  // Each row's face, from its first to its last column kept (fractional: compared, never rounded).
  const from = new Float64Array(height), to = new Float64Array(height);
  for (let y = 0; y < height; y++) {
    const margin = ((last[y] - first[y]) * (1 - FACE_SHARE)) / 2;
    from[y] = first[y] + margin;
    to[y] = last[y] - margin;
  }
  return (cells) => {
    const out = new Int32Array(cells.length);
    let n = 0;
    for (let k = 0; k < cells.length; k++) {
      const c = cells[k];
      const y = (c / width) | 0, x = c - y * width;
      if (x >= from[y] && x <= to[y]) out[n++] = c;
    }
    return out.subarray(0, n);
  };
}

function applyWhiteBalance(lab: Lab, balance: WhiteBalance): Lab {
  if (balance.status !== 'corrected') return lab;
  const lin = xyzToLinearRgb(...labToXyz(lab));
  return xyzToLab(...linearRgbToXyz(lin[0] * balance.gains[0], lin[1] * balance.gains[1], lin[2] * balance.gains[2]));
}

/** Share of the region hidden by highlight and glitter, and the share of the rest in the base's hue family. */
function visibility(surface: Surface, base: Lab): { hidden: number; agreeing: number } {
  const { grid, highlight, particles } = surface;
  let hidden = 0;
  let agreeing = 0;
  let seen = 0;
  let visible = 0;
  const ofBaseHue = hueFamilyOf(base);
  // Every fourth cell is plenty for two shares.
  for (let i = 0; i < grid.interior.length; i += 4) {
    if (!grid.interior[i]) continue;
    seen++;
    if (highlight.mask[i] || particles.mask[i]) hidden++;
    else {
      visible++;
      if (ofBaseHue(grid.lab[i * 3 + 1], grid.lab[i * 3 + 2])) agreeing++;
    }
  }
  return { hidden: seen > 0 ? hidden / seen : 0, agreeing: visible > 0 ? agreeing / visible : 0 };
}

/** The white-balanced mean colour of the given cells, or `fallback` when there are none. */
function meanOr(grid: Surface['grid'], cells: Int32Array, balance: WhiteBalance, fallback: Lab): Lab {
  return cells.length > 0 ? applyWhiteBalance(meanOf(grid.lab, cells), balance) : fallback;
}

/** 2.12.2: a bullet stands only on a standing case, taller than wide (a cap lying along a lying lipstick is left out), and holds at most half its area (a box above a bullet whose pale case reads as backdrop is left out); 2.12.1: only a bullet stands on a case: the case open at its top, the piece narrower than it (a cap held up above a lipstick is left out); 2.12.0: pieces standing on top of a lipstick's largest piece within its columns (a bullet above a sleeve that reads as backdrop) are part of its main object, so the bullet holds the bullet zone (segmentation.ts mainObject), the region scorer and colour trust retrained; 2.11.2: a faint backdrop tint whose hue lies more than 15° off the light axis is the surface's own, not a cast to correct (white-reference.ts MAX_OFF_AXIS_ANGLE); 2.11.1: a single pan's part is kept to the pan's box once the pan's colour holds the pan (segmentation.ts panBox); 2.11.0: a wand whose handle stands against its tube's foot is found above the tube's middle, and a coat's run starts at the first of its end's rows of the shade's hue (applicator.ts), the region scorer and colour trust retrained; 2.10.0: a lipstick's bullet zone ends at the bullet's shoulder where one lies within it (segmentation.ts bulletShoulder), the region scorer and colour trust retrained with case bands below the bullet among the renders; 2.9.0: in a shop thumbnail only the highlight shoulder's cells touching the highlight are cut (THUMBNAIL_HALO); 2.8.2: a palette's pan in nearly its case's colour is found by its rim (pans.ts joinFaintPans); 2.8.1: a palette's pans are those at least a quarter of its largest pan in the case, holes filled (pans.ts; a lid's flap outside the case no longer sets that bar), and the palette's colour is its first pan's; 2.8.0: the face is the middle 0.6 of each row, not 0.4 (FACE_SHARE); 2.7.0: the region's colour clusters grown from seeds that start at the typical colour, not at the middle sample in scan order (segmentation.ts seedCentres), region scorer and colour trust retrained; 2.6.0: a cast at the exposure's white mapped to white channel by channel; 2.5.0: no exposure lift from a grey border band when the photo reaches white elsewhere (white-reference.ts holdsExposureWhite); 2.4.0: highlight shoulders from 6 noise deviations (SHOULDER_SIGMAS); 2.3.0: a "highlight" over more than 0.4 of the part is its lit face, kept (LIT_FACE_SHARE); 2.2.0: a satin smear's sheen taken off, highlight shoulders from 4 noise deviations; 2.1.0: the body's mean colour; 2.0.0: the region is chosen among scored candidates and the confidence is a calibrated probability (region-candidates.ts, colour-trust.ts). */
export const robustExtractor: Extractor = {
  name: 'robust',
  version: '2.12.2',
  extract(input: ExtractorInput): ExtractedProperties {
    const surface = measureSurface(input);
    const thumbnail = Math.min(input.image.width, input.image.height) / input.scale < SHOP_THUMBNAIL_SIDE;
    const candidates = bodyCandidates(surface, thumbnail);
    const dense = (candidates.length > 0 ? findDenseColour(surface.grid.lab, candidates) : null) ?? surface.body;
    const onFace = faceOf(surface.grid);
    const face = onFace(candidates);
    const unglittered = cellsWhere(surface.grid.interior, surface.particles.halo);
    // A flat satin smear's sheen is light on top of the colour, not the light the colour is seen in.
    const unsheened = input.category === 'swatch' && surface.finish.value === 'satin' ? withoutBroadSheen(surface.grid, unglittered, face, dense.lab) : null;
    // Reported instead where the finish reads shiny (lip products, not swatches), the face's mean with
    // its highlights kept (inclusiveReadings.withHighlights) came nearer the development photos' hand
    // crops, which take the sheen in (lipstick within ΔE00 5 70 → 78 %, all 78 → 81 %), but the renders'
    // truth is the albedo: the clean set's p90 rose from 1.63 to 10.05. The two truths cannot both be met by one reading, so the body colour is reported
    // and the gap between the two readings goes to the colour trust instead.
    const measured = face.length > 0 ? meanOf(unsheened ?? surface.grid.lab, face) : dense.lab;
    // The region's face far from the colour it was chosen by: its rows took in something else (a cap,
    // a label, the inside of a tube). The chosen colour itself is then the better reading.
    const base = input.shade && deltaE2000(measured, input.shade) > SHADE_FALLBACK_DELTA_E ? input.shade : measured;
    const balance = surface.balance;
    const lab = applyWhiteBalance(base, balance);
    // What a hand measurement might take in besides: the face's highlights, and the flanks and shading
    // too. Not reported; the colour trust weighs how far they lie from the colour (colour-trust.ts).
    const inclusiveReadings = {
      withHighlights: meanOr(surface.grid, onFace(unglittered), balance, lab),
      wholePart: meanOr(surface.grid, unglittered, balance, lab),
    };
    const seen = visibility(surface, dense.lab);
    const confidence =
      sizeFactor(dense.inliers) *
      spreadFactor(dense.spread) *
      hiddenShareFactor(seen.hidden) *
      hueAgreementFactor(seen.agreeing) *
      whiteReferenceFactor(balance.status);
    return { ...assembleProperties(input, surface, { lab, hex: labToHex(lab), confidence }), inclusiveReadings };
  },
};
