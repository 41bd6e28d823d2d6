import crypto from 'node:crypto';
import type { NewPhoto, Photo, Submission } from '../repositories/submission-repository.ts';
import { localiseFinding } from '../i18n/finding-text.ts';
import { DEFAULT_LANGUAGE, type Language, type Localisation, type Translator } from '../i18n/i18n.ts';
import { categoryLabelIn, failedRulesByPhotoIn, verdictSentenceIn } from '../i18n/verdict-text.ts';
import { headerSafeText } from './mail-address.ts';
import type { EmailKind, NewEmail } from './email-repository.ts';
import type { MailTemplates } from './mail-templates.ts';

/**
 * Builds an outbox row from a decision: subject, HTML and text in the recipient's language, in the
 * verdict page's words (the same findings and verdict sentence), so the brand reads the same thing in
 * both places.
 */
export interface MailComposerDeps {
  templates: MailTemplates;
  localisation: Localisation;
  baseUrl: string;
}

const TEMPLATE_BY_KIND: Record<EmailKind, string> = {
  rejection: 'rejection',
  upheld: 'upheld',
  new_photo_requested: 'new-photo-requested',
  overridden: 'overridden',
};

const VIEWS = new Set(['front', 'swatch', 'open', 'side']);

export function createMailComposer(deps: MailComposerDeps) {
  const base = deps.baseUrl.replace(/\/+$/, '');
  const messageDomain = new URL(base).hostname || 'shadegate.local';

  /** `language`: the recipient's (users.language), English when they chose none. */
  function compose(kind: EmailKind, submission: Submission, photos: Array<NewPhoto | Photo>, note: string | null = null, language: Language = DEFAULT_LANGUAGE): NewEmail {
    const id = crypto.randomUUID();
    const tr = deps.localisation.translator(language);
    const asPhotos: Photo[] = photos.map((p) => ({ createdAt: '', ...p }));
    const thumbnail = thumbnailPhoto(kind, submission, asPhotos);
    const model = {
      locale: tr.language,
      dir: tr.dir,
      subject: subjectFor(tr, kind, submission, asPhotos),
      shade: {
        code: submission.shadeCode,
        name: submission.shadeName,
        line: submission.productLine,
        brandName: submission.brandName,
        categoryLabel: categoryLabelIn(tr, submission.category),
      },
      sentence: verdictSentenceIn(tr, submission, asPhotos),
      // An accepted shade's email lists nothing to fix: the automatic refusal is named, no more.
      failed: kind === 'overridden' ? [] : findingsOf(tr, asPhotos, 'fail'),
      warnings: kind === 'overridden' ? [] : findingsOf(tr, asPhotos, 'warn'),
      refusedFor: failedRulesByPhotoIn(tr, asPhotos),
      note: note && note.trim() ? note.trim() : null,
      thumbnailCid: thumbnail ? thumbnailCid(id, messageDomain) : null,
      thumbnailView: thumbnail ? (VIEWS.has(thumbnail.view) ? tr.t(`rules:view.${thumbnail.view}`) : thumbnail.view) : null,
      resubmitUrl: `${base}/submissions/new?replaces=${encodeURIComponent(submission.id)}`,
      viewUrl: `${base}/submissions/${encodeURIComponent(submission.id)}`,
      guidelinesUrl: `${base}/guidelines`,
    };
    const { html, text } = deps.templates.render(TEMPLATE_BY_KIND[kind], model);
    return {
      id,
      kind,
      submissionId: submission.id,
      brandId: submission.brandId,
      subject: model.subject,
      textBody: text,
      htmlBody: html,
      thumbnailPhotoId: thumbnail?.id ?? null,
      messageId: `<${id}@${messageDomain}>`,
    };
  }

  return { compose };
}

export type MailComposer = ReturnType<typeof createMailComposer>;

/** The inline image's Content-ID: fixed by the outbox id, so the HTML stored at compose time matches the attachment. */
export function thumbnailCid(emailId: string, domain: string): string {
  return `thumb-${emailId}@${domain}`;
}

function subjectFor(tr: Translator, kind: EmailKind, s: Submission, photos: Photo[]): string {
  const shade = headerSafeText(`${s.shadeCode} · ${s.shadeName}`, 100);
  const fails = new Set(photos.flatMap((p) => p.findings.filter((f) => f.status === 'fail').map((f) => f.rule))).size;
  const subject = kind === 'rejection' && fails > 0 ? tr.t('emails:subject.rejectionWithCount', { shade, count: fails }) : tr.t(`emails:subject.${kind}`, { shade });
  return headerSafeText(subject, 180);
}

function findingsOf(tr: Translator, photos: Photo[], status: 'fail' | 'warn') {
  return photos.flatMap((p) =>
    p.findings
      .filter((f) => f.status === status)
      .map((f) => ({ ...localiseFinding(tr, f), photo: VIEWS.has(p.view) ? tr.t(`emails:photo.${p.view}`) : p.view })),
  );
}

/**
 * The photo shown as a thumbnail. A mail about a refusal shows the refused photo (the front one first),
 * the photo the brand must reshoot; an accepted shade shows its best photo. Else the first decodable one.
 */
function thumbnailPhoto(kind: EmailKind, s: Submission, photos: Photo[]): Photo | null {
  const decodable = photos.filter((p) => p.width !== null && p.height !== null);
  const frontFirst = (list: Photo[]) => list.find((p) => p.view === 'front') ?? list[0];
  const refused = kind === 'overridden' ? undefined : frontFirst(decodable.filter((p) => p.verdict === 'rejected'));
  return refused ?? decodable.find((p) => p.id === s.bestPhotoId) ?? frontFirst(decodable) ?? null;
}
