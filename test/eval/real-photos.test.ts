import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { deltaE2000 } from '../../extraction/color-space.ts';
import {
  accuracyOf,
  byCategory,
  evaluateRealPhotos,
  operatingPointOf,
  portalDecision,
  readManifest,
  realPhotosAvailable,
  reviewRule,
  type ManifestCategory,
  type RealPhotoRow,
} from './real-photo-set.ts';

/**
 * What the robust extractor must keep on the real shop photos. Each limit reads "value measured on
 * 2026-12-08 ± margin" (median +0.5 ΔE00, p90 +2 ΔE00, shares −5 points): a change that makes things
 * worse fails here; one that makes them better should tighten this table (`npm run eval:real`).
 *
 * Measured with robust 2.12.2 (a bullet standing on top of its standing case's open top part of the lipstick, so a
 * bullet above a sleeve that reads as backdrop holds the bullet zone; a faint backdrop tint turned well off the light axis kept as the surface's own, not corrected as a cast; a single pan's part kept to the pan's box; a wand leaning on its tube's foot found above the tube's middle, a coat's
 * run starting at the first of its end's rows of the shade's hue; a lipstick's bullet zone ending at the bullet's shoulder, the region
 * scorer learnt with case bands below the bullet too; the face the middle 0.6 of each row, in a shop thumbnail under 300 px
 * only the highlight shoulder's cells touching the highlight cut; k-means seeded at the typical colour;
 * region candidates scored by the learnt scorer with each candidate's shade family, the face's mean
 * colour, highlight shoulders from 6 noise deviations, a cast at the exposure's white mapped to white
 * channel by channel, a "highlight" over 0.4 of the part kept as the lit face, a liquid lipstick's or
 * gloss's wand standing beside its tube measured on the applicator's coat, a shop's award seal in a
 * corner left out, a single pan found inside its compact, a palette's pans only where they lie in their
 * case, a pan in nearly the case's colour by its rim, and its colour its first pan's);
 * the operating point follows `extraction.review` (the colour-trust threshold, 0.80, chosen by
 * train:trust to send 90 % of the far-off photos to a person with each brand held out, with the region's
 * size, whether it reaches the frame and whether the shade is seen through a tube among its signals, and
 * how far the colour moves when the face's highlights or the whole part are let in, learnt from the
 * photos as served and as thumbnails. At the earlier 80 % catch (threshold 0.72): passed 68 %, of those
 * within 5 88 %, far-off reviewed 83 %; at 90 %: 59 %, 90 %, 92 %. With robust 2.9's thumbnail faces
 * and the trust retrained, still at 0.77: 63 %, 89 %, 92 %; with 2.10's bullet shoulder, scorer and
 * trust retrained, at 0.78: 61 %, 91 %, 92 %; with 2.11's leaning wands, scorer and trust retrained, at
 * 0.79: 58 %, 92 %, 91 %, with 2.11.1's pan box 58 %, 91 %, 91 %, and with 2.11.2's tinted surfaces
 * 58 %, 92 %, 91 % under 2.11.1's trust, retrained at 0.80: 56 %, 92 %, 91 %, with 2.12's stacked bullet, scorer and trust retrained, at 0.80:
 * 57 %, 92 %, 90 % (one far-off photo fewer: 9 of 10 reviewed); all median / p90 /
 * within 5 were 1.74 / 8.65 / 73 % with 2.8.2, 1.77 / 8.23 / 76 % with 2.9.0, 1.77 / 7.54 / 77 % with
 * 2.10.0, 1.73 / 7.20 / 77 % with 2.11.1, 1.68 / 7.11 / 78 % with 2.11.2).
 */
const MARGIN = { median: 0.5, p90: 2, share: 0.05 };

const ACCURACY_LIMITS: Record<ManifestCategory | 'all', { median: number; p90: number; within5: number }> = {
  lipstick: { median: 2.43 + MARGIN.median, p90: 9.02 + MARGIN.p90, within5: 0.72 - MARGIN.share },
  lipgloss: { median: 1.96 + MARGIN.median, p90: 5.99 + MARGIN.p90, within5: 0.80 - MARGIN.share },
  lipliner: { median: 1.87 + MARGIN.median, p90: 9.00 + MARGIN.p90, within5: 0.76 - MARGIN.share },
  blush: { median: 0.98 + MARGIN.median, p90: 6.39 + MARGIN.p90, within5: 0.85 - MARGIN.share },
  all: { median: 1.68 + MARGIN.median, p90: 6.97 + MARGIN.p90, within5: 0.78 - MARGIN.share },
};

/** Shares of all photos (passed), of the passed (within 5), of those more than ΔE00 10 off (reviewed). */
const OPERATING_POINT_LIMITS = {
  passed: 0.57 - MARGIN.share,
  passedWithin5: 0.92 - MARGIN.share,
  farOffReviewed: 0.90 - MARGIN.share,
};

/** Photos of the development half showing several shades in one compact. */
const MULTI_SHADE_PHOTOS = 2;
/** The most pans any photo of the development half shows. */
const FOUR_PAN_PALETTE = 4;

const skip = realPhotosAvailable()
  ? false
  : 'the real shop photos are not there (expected ../shared/data/real-photos/ beside the repository): nothing measured';

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

/** The photos as served, analysed once for every block below that needs them. */
let asServed: Promise<RealPhotoRow[]> | null = null;
const servedRows = (): Promise<RealPhotoRow[]> => (asServed ??= evaluateRealPhotos({ extractor: 'robust' }));

describe('extraction on real shop photos against hand-cut truth', () => {
  let rows: RealPhotoRow[] = [];

  before(async () => {
    if (!skip) rows = await servedRows();
  });

  test('every photo of the manifest is scored', { skip }, async () => {
    assert.equal(rows.length, (await readManifest()).length);
  });

  for (const [group, limit] of Object.entries(ACCURACY_LIMITS) as Array<[ManifestCategory | 'all', (typeof ACCURACY_LIMITS)['all']]>) {
    test(`${group}: median ΔE00 ≤ ${limit.median.toFixed(2)}, p90 ≤ ${limit.p90.toFixed(2)}, within ΔE00 5 ≥ ${pct(limit.within5)}`, { skip }, (t) => {
      const g = byCategory(rows).find(([name]) => name === group)?.[1] ?? [];
      const f = accuracyOf(g);
      t.diagnostic(`${group}: n ${f.n}, median ${f.median.toFixed(2)}, p90 ${f.p90.toFixed(2)}, within 5 ${pct(f.within5)}`);
      assert.ok(f.n > 0, `${group}: no photos`);
      assert.ok(f.median <= limit.median, `${group}: median ΔE00 ${f.median.toFixed(2)} > ${limit.median.toFixed(2)}`);
      assert.ok(f.p90 <= limit.p90, `${group}: p90 ΔE00 ${f.p90.toFixed(2)} > ${limit.p90.toFixed(2)}`);
      assert.ok(f.within5 >= limit.within5, `${group}: within ΔE00 5 ${pct(f.within5)} < ${pct(limit.within5)}`);
    });
  }

  test('a single shade is not reported as a palette', { skip }, (t) => {
    // The set holds two multi-shade compacts (a trio and a four-pan palette); every other photo is one
    // shade. Before a pan had to lie in its case, 9 photos reported
    // pans: a lid's logo plate or printed band beside the pan, a stick's body cut in two by its label.
    const palettes = rows.filter((r) => r.pans > 0);
    t.diagnostic(`reported as palettes: ${palettes.length}`);
    assert.ok(palettes.length <= MULTI_SHADE_PHOTOS, `${palettes.length} photos reported as palettes: ${palettes.map((r) => r.file).join(', ')}`);
  });

  test('the four-pan palette is read pan by pan', { skip }, () => {
    // Its shimmer pan shows the case's colour through its swirls, and a matte pan is nearly the case's
    // colour: the first was lost under a lid's flap until a pan's bar was set by pans in the case (2
    // pans of 4), the second until a pan could be found by its rim (3 of 4).
    assert.equal(Math.max(0, ...rows.map((r) => r.pans)), FOUR_PAN_PALETTE);
  });

  test('the review decision passes enough photos, mostly right ones, and sends most far-off ones to a person', { skip }, (t) => {
    const p = operatingPointOf(rows, portalDecision);
    t.diagnostic(`rule ${reviewRule(rows)}: passed ${pct(p.passed)}, of those within 5 ${pct(p.passedWithin5)}, > 10 off reviewed ${pct(p.farOffReviewed)}`);
    const l = OPERATING_POINT_LIMITS;
    assert.equal(reviewRule(rows), 'extraction', 'the portal decides by extraction.review');
    assert.ok(p.passed >= l.passed, `passed without a person ${pct(p.passed)} < ${pct(l.passed)}`);
    assert.ok(p.passedWithin5 >= l.passedWithin5, `passed and within ΔE00 5 ${pct(p.passedWithin5)} < ${pct(l.passedWithin5)}`);
    assert.ok(p.farOffReviewed >= l.farOffReviewed, `more than ΔE00 10 off and sent to a person ${pct(p.farOffReviewed)} < ${pct(l.farOffReviewed)}`);
  });
});

/**
 * The same photos served as shop listing thumbnails (96 px on the longest side, JPEG; see asThumbnail,
 * `npm run eval:real -- --shrink=96`). A lipstick bullet is then a few pixels across: the colour may
 * drift, but the review decision must know it, sending the far-off ones to a person. Measured on
 * 2026-12-06 with robust 2.8: median 3.17, p90 11.37, within 5 64 %; passed 30 %, of those within 5
 * 96 %, more than 10 off reviewed 100 %. On 2026-12-07, with the trust's reading gaps and learnt from
 * thumbnails too: median 3.24, p90 11.37, within 5 64 %; passed 45 %, of those within 5 93 %, more
 * than 10 off reviewed 93 %; with the review threshold at the 90 % catch (0.77), passed 38 %, of those
 * within 5 93 %, more than 10 off reviewed 93 %. With robust 2.9 (a thumbnail's highlight shoulder cut
 * only where it touches the highlight) and the trust retrained: median 3.62, p90 11.37, within 5 68 %;
 * passed 36 %, of those within 5 91 %, more than 10 off reviewed 96 %. With robust 2.10 (bullet
 * shoulder, region scorer and trust retrained): median 3.62, p90 11.37, within 5 68 %; passed 35 %, of
 * those within 5 92 %, more than 10 off reviewed 96 %. With robust 2.11 (leaning wands; a coat found above
 * the cut at least 10 cells across, so no thumbnail reading moved) and the trust retrained at 0.79:
 * passed 33 %, of those within 5 91 %, more than 10 off reviewed 96 %; with 2.11.1 and the trust
 * retrained: passed 32 %, of those within 5 93 %, more than 10 off reviewed 100 %. With 2.11.2 (tinted
 * surfaces) and the trust retrained at 0.80: median 3.38, p90 11.37, within 5 68 %; passed 32 %, 93 %,
 * 100 %; with 2.12.1 (a stacked bullet) and the trust retrained: the same, passed 33 %. Limits with the margins above.
 */
const THUMBNAIL_SIDE = 96;
const THUMBNAIL_LIMITS = {
  median: 3.38 + MARGIN.median,
  p90: 11.37 + MARGIN.p90,
  within5: 0.68 - MARGIN.share,
  passedWithin5: 0.93 - MARGIN.share,
  farOffReviewed: 1 - MARGIN.share,
};

describe(`the same photos as ${THUMBNAIL_SIDE} px shop thumbnails`, () => {
  let rows: RealPhotoRow[] = [];

  before(async () => {
    if (!skip) rows = await evaluateRealPhotos({ extractor: 'robust', shrink: THUMBNAIL_SIDE });
  });

  test(`all: median ΔE00 ≤ ${THUMBNAIL_LIMITS.median.toFixed(2)}, p90 ≤ ${THUMBNAIL_LIMITS.p90.toFixed(2)}, within ΔE00 5 ≥ ${pct(THUMBNAIL_LIMITS.within5)}`, { skip }, (t) => {
    const f = accuracyOf(rows);
    t.diagnostic(`n ${f.n}, median ${f.median.toFixed(2)}, p90 ${f.p90.toFixed(2)}, within 5 ${pct(f.within5)}`);
    assert.equal(f.n, rows.length);
    assert.ok(f.median <= THUMBNAIL_LIMITS.median, `median ΔE00 ${f.median.toFixed(2)} > ${THUMBNAIL_LIMITS.median.toFixed(2)}`);
    assert.ok(f.p90 <= THUMBNAIL_LIMITS.p90, `p90 ΔE00 ${f.p90.toFixed(2)} > ${THUMBNAIL_LIMITS.p90.toFixed(2)}`);
    assert.ok(f.within5 >= THUMBNAIL_LIMITS.within5, `within ΔE00 5 ${pct(f.within5)} < ${pct(THUMBNAIL_LIMITS.within5)}`);
  });

  test('what passes without a person is mostly right, and the far-off thumbnails go to a person', { skip }, (t) => {
    const p = operatingPointOf(rows, portalDecision);
    t.diagnostic(`passed ${pct(p.passed)}, of those within 5 ${pct(p.passedWithin5)}, > 10 off reviewed ${pct(p.farOffReviewed)}`);
    assert.ok(p.passedWithin5 >= THUMBNAIL_LIMITS.passedWithin5, `passed and within ΔE00 5 ${pct(p.passedWithin5)} < ${pct(THUMBNAIL_LIMITS.passedWithin5)}`);
    assert.ok(p.farOffReviewed >= THUMBNAIL_LIMITS.farOffReviewed, `more than ΔE00 10 off and sent to a person ${pct(p.farOffReviewed)} < ${pct(THUMBNAIL_LIMITS.farOffReviewed)}`);
  });
});

/**
 * The same photos mirrored left to right. Nothing in a photo's meaning changes, so neither should the
 * measurement; a choice that hangs on scan order (which pixel k-means starts from, which of two equal
 * candidates comes first) shows here. Counted: photos whose measured colour moves by more than ΔE00
 * MIRROR_MOVE between the photo and its mirror image: 8 measured on 2026-12-06 with robust 2.8 (7 with
 * 2.7's narrower face; 15 while k-means started from the middle sample in scan order), with a margin of
 * 3 photos (1.5 % of the set; the old seeding's 15 stays outside it).
 */
const MIRROR_MOVE = 3;
const MIRROR_MOVED_LIMIT = 8 + 3;

describe('the same photos mirrored', () => {
  let plain: RealPhotoRow[] = [];
  let flipped: RealPhotoRow[] = [];

  before(async () => {
    if (skip) return;
    plain = await servedRows();
    flipped = await evaluateRealPhotos({ extractor: 'robust', mirror: true });
  });

  test(`at most ${MIRROR_MOVED_LIMIT} photos move by more than ΔE00 ${MIRROR_MOVE}`, { skip }, (t) => {
    const moved = plain.filter((row, i) => {
      const other = flipped[i];
      if (!row.measured || !other.measured) return row.measured !== other.measured;
      return deltaE2000(row.measured.lab, other.measured.lab) > MIRROR_MOVE;
    });
    t.diagnostic(`moved: ${moved.length} (${moved.map((r) => r.file).join(', ')})`);
    assert.equal(flipped.length, plain.length);
    assert.ok(moved.length <= MIRROR_MOVED_LIMIT, `${moved.length} photos moved by more than ΔE00 ${MIRROR_MOVE}: ${moved.map((r) => r.file).join(', ')}`);
  });
});
