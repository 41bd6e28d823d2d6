import { deltaE2000, hexToLab } from '../../extraction/color-space.ts';
import { deltaEInWords } from '../../validators/rules/swatch.ts';
import type { SwatchLimits } from '../../validators/standards.ts';
import { RULE_IDS } from '../../validators/types.ts';
import { RULE_GUIDANCE } from '../../validators/rule-guidance.ts';
import type { Email } from '../mail/email-repository.ts';
import { statusLabel } from '../views/submission-presenter.ts';
import type { AuditEntry, PhotoLabel, QueueItem, QueueStatus } from './review-repository.ts';

/** What the review and mail pages show. Shared wording (statuses, findings) comes from the submission presenter. */

export const QUEUE_STATUS_LABELS: Record<QueueStatus, string> = {
  open: 'Waiting for review',
  rejected: 'Refused',
  accepted: 'Accepted, doubtful extraction',
  upheld: 'Refusal upheld',
  new_photo_requested: 'New photo requested',
  overridden: 'Accepted by review',
  all: 'Everything in review',
};

const ACTION_LABELS: Record<string, string> = {
  override: 'Overrode the refusal (accepted)',
  uphold: 'Upheld the refusal',
  request_new_photo: 'Requested a new photo',
  relabel: 'Labelled the product region by hand',
};

export const ruleTitle = (rule: string) => RULE_GUIDANCE[rule as keyof typeof RULE_GUIDANCE]?.title ?? rule;

/** "3 d 4 h", "5 h 12 min", "40 min": how long a brand has been waiting. */
export function ageText(createdAt: string, now: number): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(createdAt)) / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${minutes % 60} min`;
  return `${minutes} min`;
}

export function presentQueueItem(item: QueueItem, now: number, minConfidence: number) {
  return {
    ...item,
    statusLabel: statusLabel(item.status),
    age: ageText(item.createdAt, now),
    ageMinutes: Math.floor((now - Date.parse(item.createdAt)) / 60_000),
    rules: item.failedRules.map((rule) => ({ rule, title: ruleTitle(rule) })),
    confidenceText: item.confidence === null ? 'not measured' : `${Math.round(item.confidence * 100)} %`,
    doubtful: item.status === 'accepted' && (item.confidence === null || item.confidence < minConfidence),
  };
}

export function presentRuleCounts(counts: Record<string, number>, selected: string | undefined, hrefFor: (rule: string) => string) {
  return RULE_IDS.filter((rule) => counts[rule])
    .map((rule) => ({ rule, title: ruleTitle(rule), count: counts[rule], href: hrefFor(rule), selected: rule === selected }))
    .sort((a, b) => b.count - a.count);
}

export function presentAudit(entry: AuditEntry) {
  return {
    ...entry,
    actionLabel: ACTION_LABELS[entry.action] ?? entry.action,
    beforeText: entry.before === null ? '—' : JSON.stringify(entry.before),
    afterText: entry.after === null ? '—' : JSON.stringify(entry.after),
  };
}

/**
 * The shade's colour as it leaves the portal: the newest human label's measurement when there is one
 * (what the export sends), with the automatic reading kept beside it for comparison.
 */
export function presentShadeColour(labels: PhotoLabel[], declaredHex: string, limits: SwatchLimits, photoLabelOf: (photoId: string) => string) {
  const newest = labels[labels.length - 1];
  if (!newest) return null;
  const color = newest.extraction.color;
  const dE = deltaE2000(hexToLab(declaredHex), color.lab);
  return {
    hex: color.hex.toLowerCase(),
    confidence: `${Math.round(color.confidence * 100)} %`,
    pickedHex: newest.pickedHex,
    photoLabel: photoLabelOf(newest.photoId),
    deltaE: dE.toFixed(1),
    deltaEWords: deltaEInWords(dE, limits),
  };
}

export function presentLabel(label: PhotoLabel) {
  return {
    ...label,
    regionText: `x ${label.region.x}, y ${label.region.y}, ${label.region.width} × ${label.region.height} px`,
    color: label.extraction.color.hex,
    finish: label.extraction.finish.value,
    confidence: `${Math.round(label.extraction.color.confidence * 100)} %`,
  };
}

const EMAIL_STATUS_LABELS: Record<string, string> = {
  queued: 'Waiting to send',
  sent: 'Sent',
  captured: 'Captured (no SMTP server configured)',
  dead: 'Failed — dead letter',
  no_recipients: 'No valid recipient',
};

export function presentEmail(email: Email) {
  return {
    ...email,
    statusLabel: EMAIL_STATUS_LABELS[email.status] ?? email.status,
    recipientsText: email.recipients ? email.recipients.join(', ') || '—' : 'decided when sent',
    refusedText: email.refusedRecipients.map((r) => `${r.address} (${r.reason})`).join('; '),
    dead: email.status === 'dead',
  };
}
