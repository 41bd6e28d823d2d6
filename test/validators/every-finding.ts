/**
 * Findings of every kind the rules can give: each branch of each rule at least once (passes, warnings,
 * fails, not-judged), so the catalog tests can say every finding in every language.
 */
import { ImageError } from '../../extraction/types.ts';
import { hexToLab } from '../../extraction/color-space.ts';
import { judgePhoto } from '../../validators/judge-photo.ts';
import { checkAngle } from '../../validators/rules/angle.ts';
import { checkBackground } from '../../validators/rules/background.ts';
import { checkColorCast } from '../../validators/rules/color-cast.ts';
import { checkExposure } from '../../validators/rules/exposure.ts';
import { checkFormat } from '../../validators/rules/format.ts';
import { checkFraming } from '../../validators/rules/framing.ts';
import { checkNaming } from '../../validators/rules/naming.ts';
import { checkResolution } from '../../validators/rules/resolution.ts';
import { checkSharpness } from '../../validators/rules/sharpness.ts';
import { checkSwatch } from '../../validators/rules/swatch.ts';
import { standardsFor } from '../../validators/standards.ts';
import type { Finding } from '../../validators/types.ts';
import { analysisOf, cleanMeasurements, extractionWithColor } from './build-measurements.ts';

const s = standardsFor('lipstick');
const RED = '#b22146';

export function everyFinding(): Finding[] {
  const background = cleanMeasurements().background;
  const framing = cleanMeasurements().framing;
  const exposure = cleanMeasurements().exposure;
  const format = (over: Partial<Parameters<typeof checkFormat>[0]>) =>
    checkFormat({ fileName: 'lumiere_silk-matte_nu-12_front.jpg', sniffed: 'jpeg', bytes: 400_000, pixels: 1_920_000, limits: s.format, ...over });
  const naming = (over: Partial<Parameters<typeof checkNaming>[0]>) =>
    checkNaming({ fileName: 'lumiere_silk-matte_nu-12_front.jpg', shadeCode: 'NU-12', shadeName: 'Nude Kiss', view: 'front', limits: s.naming, ...over });
  return [
    ...judgePhoto(analysisOf(cleanMeasurements(), extractionWithColor(RED, hexToLab(RED))), {
      fileName: 'lumiere_silk-matte_nu-12_front.jpg',
      shadeCode: 'NU-12',
      shadeName: 'Nude Kiss',
      swatchHex: RED,
      category: 'lipstick',
      view: 'front',
    }).findings,
    ...judgePhoto(new ImageError('UNSUPPORTED_TYPE', 'not an image'), { fileName: 'page.jpg', category: 'lipstick' }, { detected: 'text/html' }).findings,
    format({ errorCode: 'CORRUPT_IMAGE' }),
    format({ bytes: 30 * 1024 * 1024 }),
    format({ pixels: 80_000_000 }),
    format({ errorCode: 'TOO_MANY_PIXELS', pixels: null }),
    format({ errorCode: 'TOO_MANY_CHANNELS' }),
    format({ sniffed: null }),
    format({ sniffed: 'png' }),
    format({ fileName: 'lumiere_silk-matte_nu-12_front' }),
    checkResolution({ width: 800, height: 600, limits: s.resolution }),
    checkResolution({ width: 1200, height: 1400, limits: s.resolution }),
    checkBackground({ background: { ...background, nearWhiteShare: 0.6 }, limits: s.background }),
    checkBackground({
      background: { ...background, nearWhiteShare: 0.7 },
      product: { framing: { ...framing, productBox: { x: 0, y: 0, width: 1200, height: 1600 }, cutEdges: [] }, width: 1200, height: 1600 },
      limits: s.background,
    }),
    checkBackground({
      background: { ...background, nearWhiteShare: 0.7 },
      product: { framing: { ...framing, productBox: { x: 0, y: 0, width: 1200, height: 1600 }, cutEdges: ['top'] }, width: 1200, height: 1600 },
      limits: s.background,
    }),
    checkBackground({
      background: { ...background, nearWhiteShare: 0.7 },
      product: { framing: { ...framing, productBox: { x: 0, y: 0, width: 1200, height: 1600 }, cutEdges: ['top', 'left'] }, width: 1200, height: 1600 },
      limits: s.background,
    }),
    checkBackground({ background: { ...background, pureWhiteShare: 0.5 }, limits: s.background }),
    checkBackground({ background: { ...background, unevenness: 6.2 }, limits: s.background }),
    checkBackground({ background: { ...background, pureWhiteShare: 0.5, unevenness: 6.2 }, limits: s.background }),
    checkExposure({ exposure: { ...exposure, backgroundL: 40 }, productFound: true, limits: s.exposure }),
    checkExposure({ exposure: { ...exposure, backgroundL: 85, productClippedShare: 0.4 }, productFound: true, limits: s.exposure }),
    checkExposure({ exposure: { ...exposure, backgroundL: 93, productClippedShare: 0.15 }, productFound: true, limits: s.exposure }),
    checkExposure({ exposure: { ...exposure, productColourClippedShare: 0.8 }, productFound: true, limits: s.exposure }),
    checkExposure({ exposure: { ...exposure, productColourClippedShare: 0.5 }, productFound: true, limits: s.exposure }),
    checkExposure({ exposure: { ...exposure, productCrushedShare: 0.45 }, productFound: true, limits: s.exposure }),
    checkExposure({ exposure, productFound: false, limits: s.exposure }),
    checkColorCast({ colorCast: { a: 1.5, b: 16, chroma: 16.1 }, limits: s.colorCast }),
    checkColorCast({ colorCast: { a: 0.5, b: -6, chroma: 6 }, backdropL: 98, limits: s.colorCast }),
    checkColorCast({ colorCast: { a: 7, b: 1, chroma: 7.1 }, limits: s.colorCast }),
    checkColorCast({ colorCast: { a: -12, b: 2, chroma: 12.2 }, backdropL: 30, limits: s.colorCast }),
    checkColorCast({ colorCast: { a: 0, b: 0.5, chroma: 0.5 }, backdropL: 30, limits: s.colorCast }),
    checkAngle({ angle: { tiltDeg: 14.2, confidence: 0.9 }, productFound: true, view: 'front', limits: s.angle }),
    checkAngle({ angle: { tiltDeg: -5.5, confidence: 0.9 }, productFound: true, view: 'side', limits: s.angle }),
    checkAngle({ angle: { tiltDeg: 2, confidence: 0.9 }, productFound: true, view: 'swatch', limits: s.angle }),
    checkAngle({ angle: { tiltDeg: 2, confidence: 0.9 }, productFound: false, limits: s.angle }),
    checkAngle({ angle: { tiltDeg: 2, confidence: 0.2 }, productFound: true, limits: s.angle }),
    checkAngle({ angle: { tiltDeg: 12, confidence: 0.9 }, productFound: true, view: 'front', limits: standardsFor('eyeshadow').angle }),
    checkAngle({ angle: { tiltDeg: 88, confidence: 0.9 }, productFound: true, view: 'front', limits: standardsFor('eyeshadow').angle }),
    checkSharpness({ sharpness: { score: 12.5 }, productFound: true, limits: s.sharpness }),
    checkSharpness({ sharpness: { score: 25 }, productFound: true, limits: s.sharpness }),
    checkSharpness({ sharpness: { score: 25 }, productFound: false, limits: s.sharpness }),
    checkFraming({ framing, productFound: false, limits: s.framing }),
    checkFraming({ framing: { ...framing, cutEdges: ['bottom'] }, productFound: true, limits: s.framing }),
    checkFraming({ framing: { ...framing, cutEdges: ['left', 'right'] }, productFound: true, limits: s.framing }),
    checkFraming({ framing: { ...framing, spanShare: 0.4 }, productFound: true, limits: s.framing }),
    checkFraming({ framing: { ...framing, spanShare: 0.7 }, productFound: true, limits: s.framing }),
    ...[0.5, 2, 4.5, 8, 20].map((deltaE) => checkSwatch({ declaredHex: RED, measuredHex: '#a01c40', deltaE, limits: s.swatch })),
    checkSwatch({ declaredHex: null, measuredHex: RED, deltaE: null, limits: s.swatch }),
    checkSwatch({ declaredHex: RED, measuredHex: null, deltaE: null, limits: s.swatch }),
    naming({ shadeName: undefined }),
    naming({ fileName: 'lumiere_silk-matte_nu-12_front' }),
    naming({ fileName: 'lumiere_silk-matte_nu-12_front.JPG' }),
    naming({ fileName: 'lumiere_nu-12_front.jpg' }),
    naming({ fileName: 'lumiere.jpg' }),
    naming({ fileName: 'Lumiere_silk-matte_nu-12_front.jpg' }),
    naming({ fileName: 'lumiere_Silk_nu-12_front.jpg' }),
    naming({ fileName: 'lumiere_silk-matte_nu--12_front.jpg' }),
    naming({ fileName: 'lumiere_silk-matte_nu-12_back.jpg' }),
    naming({ fileName: 'lumiere_silk-matte_nu-13_side.jpg' }),
    naming({ shadeName: 'X' }),
    naming({ shadeName: 'Nude 💋 Kiss' }),
    naming({ shadeName: 'Nude  Kiss' }),
    naming({ shadeName: 'Nude Kiss Final' }),
    naming({ shadeName: 'NUDE KISS' }),
    naming({ shadeName: 'Nude Kiss!' }),
    naming({ shadeName: 'nude kiss' }),
  ];
}
