import { COORDINATE_CONVENTION } from '../../extraction/types.ts';
import { deltaE2000, hexToLab } from '../../extraction/color-space.ts';
import { deltaEText } from '../../validators/rules/swatch.ts';
import { isCategory, standardsFor } from '../../validators/standards.ts';
import type { Finding } from '../../validators/types.ts';
import { ruleTitle, sayText } from '../i18n/finding-text.ts';
import type { Translator } from '../i18n/i18n.ts';
import { categoryLabelIn } from '../i18n/verdict-text.ts';
import type { Photo, Submission } from '../repositories/submission-repository.ts';
import { englishTranslator } from './english.ts';

/**
 * Turns rows into what the pages (and the emails) show. Wording lives in the catalogs (`common`,
 * `submission`); every function takes the page's translator, English when the caller has no language.
 */

/** The statuses a submission can have, in the order the filters list them. */
export const SUBMISSION_STATUSES = ['accepted', 'rejected', 'pending', 'overridden', 'upheld', 'new_photo_requested'] as const;

const FINDING_STATUSES = new Set(['pass', 'warn', 'fail']);
const STATUS_MARK: Record<string, string> = { pass: '✓', warn: '!', fail: '✗' };
const VIEWS = new Set(['front', 'swatch', 'open', 'side']);
const STATUSES = new Set<string>(SUBMISSION_STATUSES);

/** Shown when a brand sends the very same photos for a shade again: the earlier submission answers. */
export const repeatedUploadNotice = (tr: Translator = englishTranslator()) => tr.t('submission:repeatedNotice');

export const statusLabel = (status: string, tr: Translator = englishTranslator()) => (STATUSES.has(status) ? tr.t(`common:status.${status}`) : status);
export const viewLabel = (view: string, tr: Translator = englishTranslator()) => (VIEWS.has(view) ? tr.t(`common:view.${view}`) : view);
export const finishLabel = (finish: string, tr: Translator = englishTranslator()) =>
  ['matte', 'satin', 'shiny', 'glossy'].includes(finish) ? tr.t(`common:finish.${finish}`) : finish;
export const categoryLabel = (category: string, tr: Translator = englishTranslator()) => categoryLabelIn(tr, category);

export function presentFinding(f: Finding, tr: Translator = englishTranslator()) {
  return {
    rule: f.rule,
    title: ruleTitle(tr, f.rule),
    status: f.status,
    statusLabel: FINDING_STATUSES.has(f.status) ? tr.t(`common:finding.${f.status}`) : f.status,
    mark: STATUS_MARK[f.status] ?? '',
    measured: formatMeasured(f),
    threshold: f.threshold,
    message: f.message,
    fix: f.status === 'pass' ? '' : f.fix,
    /** The finding itself, for the page to say it in the reader's language. */
    source: f,
  };
}

function formatMeasured(f: Finding): string {
  if (f.measured === null || f.measured === undefined) return '—';
  return f.unit ? `${f.measured} ${f.unit}` : String(f.measured);
}

export function presentSubmissionSummary(s: Submission, tr: Translator = englishTranslator()) {
  return {
    id: s.id,
    brandName: s.brandName,
    productLine: s.productLine,
    shadeCode: s.shadeCode,
    shadeName: s.shadeName,
    category: s.category,
    categoryLabel: categoryLabel(s.category, tr),
    declaredFinish: finishLabel(s.declaredFinish, tr),
    swatchHex: s.swatchHex,
    measuredHex: s.extraction ? s.extraction.color.hex.toLowerCase() : null,
    replacesId: s.replacesId,
    status: s.status,
    statusLabel: statusLabel(s.status, tr),
    createdAt: s.createdAt,
    label: `${s.shadeCode} · ${s.shadeName}`,
  };
}

/** The measured shade; `photos` name the photo it was measured on (the submission's best photo). */
export function presentExtraction(s: Submission, photos: Photo[] = [], tr: Translator = englishTranslator()) {
  const e = s.extraction;
  if (!e) return null;
  const source = photos.find((p) => p.id === s.bestPhotoId);
  const dE = deltaE2000(hexToLab(s.swatchHex), e.color.lab);
  const p = e.particles;
  return {
    hex: e.color.hex,
    labText: `L* ${e.color.lab.L.toFixed(1)}, a* ${e.color.lab.a.toFixed(1)}, b* ${e.color.lab.b.toFixed(1)}`,
    confidence: percentText(e.color.confidence, tr),
    deltaE: dE.toFixed(1),
    deltaEWords: sayText(tr, deltaEText(dE, standardsFor(isCategory(s.category) ? s.category : 'lipstick').swatch)),
    sourceLabel: source ? photoOf(source.view, tr) : null,
    finish: finishLabel(e.finish.value, tr),
    finishConfidence: percentText(e.finish.confidence, tr),
    finishWordKey: e.finish.word ? `categories:finish.${e.finish.word}` : null,
    pans: (e.pans ?? []).map((pan) => ({
      number: pan.index + 1,
      hex: pan.color.hex.toLowerCase(),
      labText: `L* ${pan.color.lab.L.toFixed(1)}, a* ${pan.color.lab.a.toFixed(1)}, b* ${pan.color.lab.b.toFixed(1)}`,
      confidence: percentText(pan.color.confidence, tr),
      finishWordKey: `categories:finish.${pan.finish.word ?? pan.finish.value}`,
      particlesKey: pan.particles.present ? 'categories:palette.particles.yes' : 'categories:palette.particles.no',
    })),
    particlesText: p.present
      ? tr.t(p.color ? 'submission:particles.coloured' : 'submission:particles.found', {
          count: p.count,
          coverage: percentText(p.coverage, tr),
          size: percentText(p.sizeRel, tr),
          colour: p.color,
        })
      : tr.t('submission:particles.none'),
    reflectanceText: tr.t('submission:reflectance', {
      specular: tr.number(e.reflectance.specularIntensity, { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
      glossiness: tr.number(e.reflectance.glossiness, { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
      roughness: tr.number(e.reflectance.roughness, { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
    }),
    extractor: `${e.extractor.name} ${e.extractor.version}`,
    region: e.region,
    convention: COORDINATE_CONVENTION,
  };
}

/** "front photo", as a sentence names it. */
const photoOf = (view: string, tr: Translator) => (VIEWS.has(view) ? tr.t(`submission:photoOf.${view}`) : view);

export function presentPhoto(p: Photo, tr: Translator = englishTranslator()) {
  const region = p.extraction?.region ?? null;
  const product = p.measurements?.framing.productBox ?? null;
  return {
    id: p.id,
    view: p.view,
    viewLabel: viewLabel(p.view, tr),
    photoHeading: VIEWS.has(p.view) ? tr.t(`submission:photoHeading.${p.view}`) : p.view,
    photoAlt: VIEWS.has(p.view) ? tr.t(`submission:photoAlt.${p.view}`) : p.view,
    displayName: p.displayName,
    imageUrl: `/photos/${p.id}/image`,
    thumbUrl: `/photos/${p.id}/image?size=thumb`,
    width: p.width ?? 1,
    height: p.height ?? 1,
    verdict: p.verdict,
    verdictLabel: statusLabel(p.verdict, tr),
    findings: p.findings.map((f) => presentFinding(f, tr)),
    overlay:
      p.width && p.height
        ? { region, product, band: p.measurements ? Math.max(1, Math.round(p.measurements.background.bandWidth * 2)) : 0 }
        : null,
  };
}

export function verdictSentence(s: Submission, photos: Photo[], tr: Translator = englishTranslator()): string {
  const warns = photos.flatMap((p) => p.findings.filter((f) => f.status === 'warn'));
  if (s.status === 'overridden') return tr.t('submission:verdict.overridden');
  if (s.verdict === 'accepted') {
    return warns.length ? tr.t('submission:verdict.acceptedWithWarnings', { count: warns.length }) : tr.t('submission:verdict.accepted');
  }
  return tr.t('submission:verdict.refused', { rules: failedRulesByPhoto(photos, tr) });
}

/**
 * "Declared colour (swatch photo), Resolution (front and side photos)": each failed rule with the photos
 * it failed on, so a headline never reads as a contradiction of the figures shown for another photo.
 */
export function failedRulesByPhoto(photos: Photo[], tr: Translator = englishTranslator()): string {
  const photosByRule = new Map<string, string[]>();
  for (const p of photos) {
    for (const f of p.findings.filter((x) => x.status === 'fail')) {
      const title = ruleTitle(tr, f.rule);
      const views = photosByRule.get(title) ?? [];
      if (!views.includes(p.view)) views.push(p.view);
      photosByRule.set(title, views);
    }
  }
  return [...photosByRule]
    .map(([title, views]) => {
      const names = views.map((v) => (VIEWS.has(v) ? tr.t(`submission:viewInSentence.${v}`) : v));
      const list = tr.t('submission:photosOfViews', { count: names.length, views: new Intl.ListFormat(tr.language, { type: 'conjunction' }).format(names) });
      return tr.t('submission:ruleOnPhotos', { rule: title, photos: list });
    })
    .join(tr.t('common:list.separator'));
}

/** "42 %" in the page's language (Intl places the sign and the space as each language writes it). */
const percentText = (share: number, tr: Translator) => tr.number(Math.round(share * 100) / 100, { style: 'percent' });

/** What a script-driven upload gets back instead of the redirect: the verdict in the page's own words. */
export function presentSubmissionResult(s: Submission, photos: Photo[], tr: Translator = englishTranslator()) {
  return {
    id: s.id,
    url: `/submissions/${s.id}`,
    status: s.status,
    statusLabel: statusLabel(s.status, tr),
    verdict: s.verdict,
    verdictSentence: verdictSentence(s, photos, tr),
    label: `${s.shadeCode} · ${s.shadeName}`,
    swatchHex: s.swatchHex,
    extraction: presentExtraction(s, photos, tr),
    photos: photos.map((p) => ({
      id: p.id,
      view: p.view,
      viewLabel: viewLabel(p.view, tr),
      photoHeading: VIEWS.has(p.view) ? tr.t(`submission:photoHeading.${p.view}`) : p.view,
      displayName: p.displayName,
      thumbUrl: `/photos/${p.id}/image?size=thumb`,
      verdict: p.verdict,
      verdictLabel: statusLabel(p.verdict, tr),
      findings: byUrgency(p.findings.map((f) => presentFinding(f, tr))),
    })),
  };
}

const URGENCY: Record<string, number> = { fail: 0, warn: 1, pass: 2 };

/** Failures first, then warnings, then passes; the rules' own order within each (a stable sort). */
export function byUrgency<T extends { status: string }>(findings: T[]): T[] {
  return [...findings].sort((a, b) => (URGENCY[a.status] ?? 3) - (URGENCY[b.status] ?? 3));
}

/** How strongly each finish shows a highlight on the preview when no measured reflectance exists. */
const FINISH_SHEEN: Record<string, { opacity: number; width: number }> = {
  matte: { opacity: 0.06, width: 16 },
  satin: { opacity: 0.22, width: 12 },
  shiny: { opacity: 0.45, width: 9 },
  glossy: { opacity: 0.7, width: 6 },
};

/** Drawable areas in the preview's viewBoxes: the bullet (120 × 200) and the lips (160 × 90). */
type Box = { x: number; y: number; width: number; height: number };
const BULLET: Box = { x: 36, y: 44, width: 48, height: 66 };
const LIPS: Box = { x: 20, y: 24, width: 120, height: 46 };
const MAX_PREVIEW_PARTICLES = 90;

/**
 * A drawing of the shade as the try-on will get it: the measured colour (the declared one until measured),
 * its finish as a highlight and its glitter as particles, on a lipstick bullet and on lips. Pure data for
 * an SVG partial.
 */
export function presentShadePreview(s: Submission, tr: Translator = englishTranslator()) {
  const e = s.extraction;
  const hex = (e?.color.hex ?? s.swatchHex).toLowerCase();
  const finish = e?.finish.value ?? s.declaredFinish;
  const sheen = FINISH_SHEEN[finish] ?? FINISH_SHEEN.satin;
  const opacity = e ? clamp(0.05 + e.reflectance.specularIntensity * 0.5 + e.reflectance.glossiness * 0.3, 0.05, 0.85) : sheen.opacity;
  const glitter = e?.particles.present ? e.particles : null;
  return {
    id: `preview-${s.id}`,
    measured: Boolean(e),
    hex,
    shadowHex: mixHex(hex, '#000000', 0.45),
    lightHex: mixHex(hex, '#ffffff', 0.12),
    finish,
    finishLabel: finishLabel(finish, tr),
    caption: tr.t(glitter ? 'submission:preview.captionGlitter' : 'submission:preview.caption', { hex, finish: finishLabel(finish, tr), declared: e ? 'no' : 'yes' }),
    highlight: { opacity: opacity.toFixed(2), x: BULLET.x + 12, width: sheen.width, lipRy: (sheen.width / 2.5).toFixed(1) },
    particles: glitter ? scatterParticles(`${s.id}:bullet`, glitter, BULLET) : [],
    lipParticles: glitter ? scatterParticles(`${s.id}:lips`, glitter, LIPS) : [],
    description: tr.t(glitter ? 'submission:preview.descriptionGlitter' : 'submission:preview.description', { hex, finish: finishLabel(finish, tr), declared: e ? 'no' : 'yes' }),
  };
}

/** Particles placed by a generator seeded from the submission id: the same shade always looks the same. */
function scatterParticles(seedText: string, p: NonNullable<Submission['extraction']>['particles'], box: Box) {
  let seed = [...seedText].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0, 2166136261);
  const next = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  // Particle size relative to the bullet's width, on both shapes, so bullet and lips show the same grain.
  const r = clamp((p.sizeRel * BULLET.width) / 2, 0.6, 4);
  // As many particles as cover the measured share of the area, within what an SVG draws cheaply.
  const n = Math.min(MAX_PREVIEW_PARTICLES, Math.max(3, Math.round((p.coverage * box.width * box.height) / (Math.PI * r * r))));
  return Array.from({ length: n }, () => ({
    cx: (box.x + r + next() * (box.width - 2 * r)).toFixed(1),
    cy: (box.y + r + next() * (box.height - 2 * r)).toFixed(1),
    r: r.toFixed(1),
    fill: p.color ?? '#ffffff',
  }));
}

function mixHex(hex: string, other: string, share: number): string {
  const a = hexChannels(hex);
  const b = hexChannels(other);
  return `#${a.map((v, i) => Math.round(v * (1 - share) + b[i] * share).toString(16).padStart(2, '0')).join('')}`;
}

const hexChannels = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) || 0);
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
