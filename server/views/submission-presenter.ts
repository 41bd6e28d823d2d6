import { COORDINATE_CONVENTION } from '../../extraction/types.ts';
import { deltaE2000, hexToLab } from '../../extraction/color-space.ts';
import { RULE_GUIDANCE } from '../../validators/rule-guidance.ts';
import { deltaEInWords } from '../../validators/judge-photo.ts';
import { isCategory, standardsFor } from '../../validators/standards.ts';
import type { Finding } from '../../validators/types.ts';
import type { Photo, Submission } from '../repositories/submission-repository.ts';

/** Turns rows into what the pages (and the emails) show. Wording lives here once. */

export const STATUS_LABELS: Record<string, string> = {
  accepted: 'Accepted',
  rejected: 'Refused',
  pending: 'Checking',
  overridden: 'Accepted by review',
  upheld: 'Refusal upheld',
  new_photo_requested: 'New photo requested',
};

const STATUS_TEXT: Record<string, string> = { pass: 'Pass', warn: 'Warning', fail: 'Fail' };
const STATUS_MARK: Record<string, string> = { pass: '✓', warn: '!', fail: '✗' };
const VIEW_LABELS: Record<string, string> = { front: 'Front', swatch: 'Swatch', open: 'Open', side: 'Side' };

export const statusLabel = (status: string) => STATUS_LABELS[status] ?? status;
export const categoryLabel = (category: string) => (isCategory(category) ? standardsFor(category).label : category);

export function presentFinding(f: Finding) {
  return {
    rule: f.rule,
    title: RULE_GUIDANCE[f.rule]?.title ?? f.rule,
    status: f.status,
    statusLabel: STATUS_TEXT[f.status] ?? f.status,
    mark: STATUS_MARK[f.status] ?? '',
    measured: formatMeasured(f),
    threshold: f.threshold,
    message: f.message,
    fix: f.status === 'pass' ? '' : f.fix,
  };
}

function formatMeasured(f: Finding): string {
  if (f.measured === null || f.measured === undefined) return '—';
  return f.unit ? `${f.measured} ${f.unit}` : String(f.measured);
}

export function presentSubmissionSummary(s: Submission) {
  return {
    id: s.id,
    brandName: s.brandName,
    productLine: s.productLine,
    shadeCode: s.shadeCode,
    shadeName: s.shadeName,
    category: s.category,
    categoryLabel: categoryLabel(s.category),
    declaredFinish: s.declaredFinish,
    swatchHex: s.swatchHex,
    status: s.status,
    statusLabel: statusLabel(s.status),
    createdAt: s.createdAt,
    label: `${s.shadeCode} · ${s.shadeName}`,
  };
}

export function presentExtraction(s: Submission) {
  const e = s.extraction;
  if (!e) return null;
  const dE = deltaE2000(hexToLab(s.swatchHex), e.color.lab);
  const p = e.particles;
  return {
    hex: e.color.hex,
    labText: `L* ${e.color.lab.L.toFixed(1)}, a* ${e.color.lab.a.toFixed(1)}, b* ${e.color.lab.b.toFixed(1)}`,
    confidence: percentText(e.color.confidence),
    deltaE: dE.toFixed(1),
    deltaEWords: deltaEInWords(dE),
    finish: e.finish.value,
    finishConfidence: percentText(e.finish.confidence),
    particlesText: p.present
      ? `${p.count} particles covering ${percentText(p.coverage)} of the shade, about ${percentText(p.sizeRel)} of its width each${p.color ? `, colour ${p.color}` : ''}`
      : 'none detected',
    reflectanceText: `specular ${e.reflectance.specularIntensity.toFixed(2)}, glossiness ${e.reflectance.glossiness.toFixed(2)}, roughness ${e.reflectance.roughness.toFixed(2)}`,
    extractor: `${e.extractor.name} ${e.extractor.version}`,
    region: e.region,
    convention: COORDINATE_CONVENTION,
  };
}

export function presentPhoto(p: Photo) {
  const region = p.extraction?.region ?? null;
  const product = p.measurements?.framing.productBox ?? null;
  return {
    id: p.id,
    view: p.view,
    viewLabel: VIEW_LABELS[p.view] ?? p.view,
    displayName: p.displayName,
    imageUrl: `/photos/${p.id}/image`,
    thumbUrl: `/photos/${p.id}/image?size=thumb`,
    width: p.width ?? 1,
    height: p.height ?? 1,
    verdict: p.verdict,
    verdictLabel: statusLabel(p.verdict),
    findings: p.findings.map(presentFinding),
    overlay:
      p.width && p.height
        ? { region, product, band: p.measurements ? Math.max(1, Math.round(p.measurements.background.bandWidth * 2)) : 0 }
        : null,
  };
}

export function verdictSentence(s: Submission, photos: Photo[]): string {
  const fails = photos.flatMap((p) => p.findings.filter((f) => f.status === 'fail'));
  const warns = photos.flatMap((p) => p.findings.filter((f) => f.status === 'warn'));
  if (s.status === 'overridden') return 'Accepted after review: this shade goes to the try-on team.';
  if (s.verdict === 'accepted') {
    return warns.length
      ? `Accepted, with ${warns.length} warning${warns.length === 1 ? '' : 's'} worth fixing next time.`
      : 'Accepted: every photo meets the standards.';
  }
  const rules = [...new Set(fails.map((f) => RULE_GUIDANCE[f.rule]?.title ?? f.rule))];
  return `Refused: ${rules.join(', ')}. Fix the points marked ✗ below and resubmit.`;
}

const percentText = (share: number) => `${Math.round(share * 100)} %`;
