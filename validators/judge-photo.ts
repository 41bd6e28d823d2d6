/**
 * One photo's judgement: measurements (or the ImageError that prevented them) plus the form's
 * metadata → ten findings and a verdict.
 *
 * When the file cannot be read as an image (ImageError: wrong type, too large, too many pixels,
 * corrupt), only two rules can be judged: `format` (which fails and says why) and `naming` (which
 * needs only the file name and the form). The eight pixel rules are left out rather than reported
 * as fails: a list of eight "not measured" failures would bury the one thing to fix.
 */
import { deltaE2000, hexToLab } from '../extraction/color-space.ts';
import { ImageError, type ExtractionResult, type ImageFormat, type PhotoAnalysis } from '../extraction/types.ts';
import { photoMetaSchema, type PhotoMeta, type PhotoMetaInput } from './photo-meta.ts';
import { checkAngle } from './rules/angle.ts';
import { checkBackground } from './rules/background.ts';
import { checkColorCast } from './rules/color-cast.ts';
import { checkExposure } from './rules/exposure.ts';
import { checkFormat } from './rules/format.ts';
import { checkFraming } from './rules/framing.ts';
import { checkNaming, parsePhotoFileName } from './rules/naming.ts';
import { checkResolution } from './rules/resolution.ts';
import { checkSharpness } from './rules/sharpness.ts';
import { checkSwatch } from './rules/swatch.ts';
import { standardsFor, type Standards, type View } from './standards.ts';
import { RULE_IDS, type Finding, type PhotoVerdict } from './types.ts';

export { deltaEInWords } from './rules/swatch.ts';

/** What the judgement knows about an unreadable file beyond the error itself. */
export interface UnreadableFileFacts {
  /** A label for what the bytes are when not an image we accept (e.g. 'text/html'). */
  detected?: string | null;
  /** The type sniffed from the bytes, when one of ours. */
  sniffed?: ImageFormat | null;
  bytes?: number;
}

/** `standards`: the limits to judge by when they are not the category's own (a marketplace's stricter ones). */
export function judgePhoto(input: PhotoAnalysis | ImageError, metaInput: PhotoMetaInput, facts: UnreadableFileFacts = {}, standardsOverride?: Standards): PhotoVerdict {
  const meta = photoMetaSchema.parse(metaInput);
  const standards = standardsOverride ?? standardsFor(meta.category);
  const findings = input instanceof ImageError ? judgeUnreadable(input, meta, standards, facts) : judgeAnalysis(input, meta, standards);
  return verdictOf(findings);
}

export function verdictOf(findings: Finding[]): PhotoVerdict {
  const ordered = [...findings].sort((a, b) => RULE_IDS.indexOf(a.rule) - RULE_IDS.indexOf(b.rule));
  return { verdict: ordered.some((f) => f.status === 'fail') ? 'rejected' : 'accepted', findings: ordered };
}

function namingFinding(meta: PhotoMeta, standards: Standards): Finding {
  return checkNaming({ fileName: meta.fileName, brandName: meta.brandName, productLine: meta.productLine, shadeCode: meta.shadeCode, shadeName: meta.shadeName, view: meta.view, limits: standards.naming });
}

function numberIn(context: Record<string, unknown>, key: string): number | null {
  const v = context[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function declaredPixels(context: Record<string, unknown>): number | null {
  const w = numberIn(context, 'width');
  const h = numberIn(context, 'height');
  return w !== null && h !== null ? w * h * (numberIn(context, 'pages') ?? 1) : null;
}

function judgeUnreadable(error: ImageError, meta: PhotoMeta, standards: Standards, facts: UnreadableFileFacts): Finding[] {
  const format = checkFormat({
    fileName: meta.fileName,
    sniffed: facts.sniffed ?? null,
    bytes: facts.bytes ?? numberIn(error.context, 'bytes') ?? 0,
    pixels: declaredPixels(error.context),
    errorCode: error.code,
    detected: facts.detected ?? null,
    limits: standards.format,
  });
  return [format, namingFinding(meta, standards)];
}

function swatchFinding(extraction: ExtractionResult | null, meta: PhotoMeta, standards: Standards): Finding {
  const declaredHex = meta.swatchHex ?? null;
  const measured = extraction?.color ?? null;
  const deltaE = declaredHex !== null && measured !== null ? deltaE2000(hexToLab(declaredHex), measured.lab) : null;
  return checkSwatch({ declaredHex, measuredHex: measured?.hex ?? null, deltaE, limits: standards.swatch });
}

/** The view the photo is judged as: the declared one, else the one its file name states (CLI). */
function viewOf(meta: PhotoMeta): View | null {
  if (meta.view) return meta.view;
  const parsed = parsePhotoFileName(meta.fileName);
  return parsed.ok ? parsed.name.view : null;
}

function judgeAnalysis({ measurements: m, extraction }: PhotoAnalysis, meta: PhotoMeta, standards: Standards): Finding[] {
  const productFound = m.productFound;
  return [
    checkFormat({
      fileName: meta.fileName,
      sniffed: m.format.format,
      bytes: m.format.bytes,
      pixels: m.format.width * m.format.height * m.format.pages,
      limits: standards.format,
    }),
    checkResolution({ width: m.width, height: m.height, limits: standards.resolution }),
    checkBackground({ background: m.background, product: { framing: m.framing, width: m.width, height: m.height }, limits: standards.background }),
    checkExposure({ exposure: m.exposure, productFound, limits: standards.exposure }),
    checkColorCast({ colorCast: m.colorCast, backdropL: m.exposure.backgroundL, limits: standards.colorCast }),
    checkAngle({ angle: m.angle, productFound, view: viewOf(meta), limits: standards.angle }),
    checkSharpness({ sharpness: m.sharpness, productFound, limits: standards.sharpness }),
    checkFraming({ framing: m.framing, productFound, limits: standards.framing }),
    swatchFinding(extraction, meta, standards),
    namingFinding(meta, standards),
  ];
}
