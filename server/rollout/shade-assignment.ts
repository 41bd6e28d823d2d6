/**
 * Which side of a rollout a shade is on. A shade is the same shade across resubmissions when its brand,
 * product line and shade code are (a resubmission is a new submission of the same three; the export's
 * versions follow the same identity), so the shade — not the submission or the photo — is hashed, and a
 * resubmission lands on the side its first submission did.
 */
import crypto from 'node:crypto';

export interface ShadeIdentity {
  brandId: string;
  productLine: string;
  shadeCode: string;
}

/** Case, surrounding and inner runs of white space, and Unicode form do not make a different shade. */
const normalise = (s: string) => s.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();

export function shadeKey(shade: ShadeIdentity): string {
  return [shade.brandId, normalise(shade.productLine), normalise(shade.shadeCode)].join('\u001f');
}

/**
 * The shade's position, uniform in [0, 1): the first 52 bits of SHA-256 of its key (a double holds 52
 * bits of fraction exactly, so every position is distinct and none reaches 1). The rollout's name is
 * salted in, so two marketplaces' rollouts do not put the same shades first.
 */
export function shadeBucket(shade: ShadeIdentity, salt: string): number {
  const digest = crypto.createHash('sha256').update(`${salt}\u001e${shadeKey(shade)}`).digest();
  const high = digest.readUInt32BE(0) >>> 12; // 20 bits
  const low = digest.readUInt32BE(4); // 32 bits
  return (high * 2 ** 32 + low) / 2 ** 52;
}

/** The challenger takes the shades whose position is below its share: raising the share only moves shades towards it. */
export const assignedToChallenger = (bucket: number, challengerPercent: number): boolean => bucket < challengerPercent / 100;
