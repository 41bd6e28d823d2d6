import { deltaE2000, hexToLab } from '../../extraction/color-space.ts';
import { deltaEText } from '../../validators/rules/swatch.ts';
import type { SwatchLimits } from '../../validators/standards.ts';
import { RULE_IDS } from '../../validators/types.ts';
import { ruleTitle, sayText } from '../i18n/finding-text.ts';
import type { Translator } from '../i18n/i18n.ts';
import type { Email } from '../mail/email-repository.ts';
import { englishTranslator } from '../views/english.ts';
import { finishLabel, statusLabel } from '../views/submission-presenter.ts';
import type { AuditEntry, PhotoLabel, QueueItem, QueueStatus } from './review-repository.ts';

/**
 * What the review and mail pages show, in the page's language (`review` and `mail-admin` catalogs).
 * Shared wording (statuses, findings) comes from the submission presenter.
 */

export const queueStatusLabel = (status: QueueStatus, tr: Translator = englishTranslator()) => tr.t(`review:queueStatus.${status}`);

const ACTIONS = new Set(['override', 'uphold', 'request_new_photo', 'relabel']);
const percent = (share: number, tr: Translator) => tr.number(Math.round(share * 100) / 100, { style: 'percent' });

/** "3 d 4 h", "5 h 12 min", "40 min": how long a brand has been waiting. */
export function ageText(createdAt: string, now: number, tr: Translator = englishTranslator()): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(createdAt)) / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days > 0) return tr.t('review:age.days', { days, hours });
  if (hours > 0) return tr.t('review:age.hours', { hours, minutes: minutes % 60 });
  return tr.t('review:age.minutes', { minutes });
}

export function presentQueueItem(item: QueueItem, now: number, minConfidence: number, tr: Translator = englishTranslator()) {
  return {
    ...item,
    statusLabel: statusLabel(item.status, tr),
    age: ageText(item.createdAt, now, tr),
    ageMinutes: Math.floor((now - Date.parse(item.createdAt)) / 60_000),
    rules: item.failedRules.map((rule) => ({ rule, title: ruleTitle(tr, rule) })),
    confidenceText: item.confidence === null ? tr.t('common:notMeasured') : percent(item.confidence, tr),
    doubtful: item.status === 'accepted' && (item.confidence === null || item.confidence < minConfidence),
  };
}

export function presentRuleCounts(counts: Record<string, number>, selected: string | undefined, hrefFor: (rule: string) => string, tr: Translator = englishTranslator()) {
  return RULE_IDS.filter((rule) => counts[rule])
    .map((rule) => ({ rule, title: ruleTitle(tr, rule), count: counts[rule], href: hrefFor(rule), selected: rule === selected }))
    .sort((a, b) => b.count - a.count);
}

export function presentAudit(entry: AuditEntry, tr: Translator = englishTranslator()) {
  return {
    ...entry,
    actionLabel: ACTIONS.has(entry.action) ? tr.t(`review:action.${entry.action}`) : entry.action,
    beforeText: entry.before === null ? '—' : JSON.stringify(entry.before),
    afterText: entry.after === null ? '—' : JSON.stringify(entry.after),
  };
}

/**
 * The shade's colour as it leaves the portal: the newest human label's measurement when there is one
 * (what the export sends), with the automatic reading kept beside it for comparison.
 */
export function presentShadeColour(
  labels: PhotoLabel[],
  declaredHex: string,
  limits: SwatchLimits,
  photoLabelOf: (photoId: string) => string,
  tr: Translator = englishTranslator(),
) {
  const newest = labels[labels.length - 1];
  if (!newest) return null;
  const color = newest.extraction.color;
  const dE = deltaE2000(hexToLab(declaredHex), color.lab);
  const values = { photo: photoLabelOf(newest.photoId), confidence: percent(color.confidence, tr), picked: newest.pickedHex ?? '' };
  return {
    hex: color.hex.toLowerCase(),
    confidence: values.confidence,
    pickedHex: newest.pickedHex,
    photoLabel: values.photo,
    text: tr.t(newest.pickedHex ? 'review:detail.humanMeasuredPicked' : 'review:detail.humanMeasured', values),
    deltaE: dE.toFixed(1),
    deltaEWords: sayText(tr, deltaEText(dE, limits)),
  };
}

export function presentLabel(label: PhotoLabel, tr: Translator = englishTranslator()) {
  const regionText = tr.t('review:regionText', { ...label.region });
  const values = {
    region: regionText,
    colour: label.extraction.color.hex,
    picked: label.pickedHex ?? '',
    finish: finishLabel(label.extraction.finish.value, tr),
    confidence: percent(label.extraction.color.confidence, tr),
  };
  return {
    ...label,
    regionText,
    color: label.extraction.color.hex,
    finish: values.finish,
    confidence: values.confidence,
    summary: tr.t(label.pickedHex ? 'review:detail.currentLabelPicked' : 'review:detail.currentLabel', values),
  };
}

const EMAIL_STATUSES = new Set(['queued', 'sent', 'captured', 'dead', 'no_recipients']);

export function presentEmail(email: Email, tr: Translator = englishTranslator()) {
  return {
    ...email,
    statusLabel: EMAIL_STATUSES.has(email.status) ? tr.t(`mail-admin:status.${email.status}`) : email.status,
    recipientsText: email.recipients ? email.recipients.join(', ') || '—' : tr.t('mail-admin:decidedWhenSent'),
    refusedText: email.refusedRecipients.map((r) => `${r.address} (${r.reason})`).join('; '),
    dead: email.status === 'dead',
  };
}
