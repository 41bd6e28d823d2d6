/** Rollouts and their comparison as the ops pages show them: words and formatted numbers, no rows. */
import { LANGUAGE_NAMES, type Language } from '../i18n/i18n.ts';
import { marketplaceName, marketplaceOf } from '../marketplaces/marketplaces.ts';
import type { Comparison } from './rollout-comparison.ts';
import { ROLLOUT_MODES, type Rollout, type RolloutChange } from './rollout-service.ts';
import type { Estimate, Proportion } from './rollout-statistics.ts';

const deltaE = (language: Language, v: number) => new Intl.NumberFormat(language, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(v);
const wholePercent = (language: Language, percent: number) => new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 0 }).format(percent / 100);
const share = (language: Language, v: number) => new Intl.NumberFormat(language, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v);

/** A value with its 95 % interval, formatted for the language: value, low, high. */
function estimate(language: Language, e: Estimate | null, format: (l: Language, v: number) => string) {
  return e ? { value: format(language, e.value), low: format(language, e.low), high: format(language, e.high) } : null;
}

const proportion = (language: Language, p: Proportion | null) => (p ? { ...estimate(language, p, share)!, count: p.count, total: p.total } : null);

export function presentRollouts(rollouts: Rollout[], language: Language) {
  return rollouts.map((r) => {
    const m = marketplaceOf(r.marketplace);
    return {
      code: r.marketplace,
      name: marketplaceName(r.marketplace, language),
      language: LANGUAGE_NAMES[m.language],
      locale: m.locale,
      currency: m.currency,
      serving: r.serving,
      challenger: r.challenger,
      challengerShare: wholePercent(language, r.challengerPercent),
      mode: r.mode,
      updatedAt: r.updatedAt,
      href: `/ops/rollouts/${r.marketplace}`,
    };
  });
}

/** The rollout's form: current values (or what was just submitted and refused), and the choices. */
export function presentRolloutForm(rollout: Rollout, language: Language, extractors: string[], submitted?: Record<string, unknown>) {
  const text = (k: string, fallback: string) => (submitted && typeof submitted[k] === 'string' ? (submitted[k] as string) : fallback);
  const serving = text('serving', rollout.serving);
  const challenger = text('challenger', rollout.challenger ?? '');
  const mode = text('mode', rollout.mode);
  return {
    code: rollout.marketplace,
    heading: marketplaceName(rollout.marketplace, language),
    rollout: { ...rollout, challengerPercent: text('challengerPercent', String(rollout.challengerPercent)), challengerShare: wholePercent(language, rollout.challengerPercent) },
    servingOptions: extractors.map((name) => ({ name, selected: name === serving })),
    challengerOptions: extractors.map((name) => ({ name, selected: name === challenger })),
    noChallenger: challenger === '',
    modeOptions: ROLLOUT_MODES.map((value) => ({ value, selected: value === mode })),
  };
}

export function presentComparison(comparison: Comparison, language: Language) {
  return {
    extractors: comparison.extractors.map((e) => ({
      extractor: e.extractor,
      photos: e.photos,
      served: e.served,
      review: proportion(language, e.review),
      labelled: e.labelled,
      labelMedian: estimate(language, e.labelMedian, deltaE),
      withinFive: proportion(language, e.withinFive),
    })),
    pairs: comparison.pairs.map((p) => ({ a: p.a, b: p.b, photos: p.photos, median: estimate(language, p.median, deltaE), p90: estimate(language, p.p90, deltaE) })),
  };
}

export function presentHistory(
  entries: Array<{ actorName: string; actorEmail: string; at: string; before: RolloutChange | null; after: RolloutChange | null; note: string | null }>,
  language: Language,
) {
  return entries.map((e) => ({ ...e, before: e.before ? settings(e.before, language) : null, after: e.after ? settings(e.after, language) : null }));
}

/** The settings an audit row recorded, as the page lists them (extractor names are not translated). */
function settings(s: RolloutChange, language: Language) {
  return { serving: s.serving, challenger: s.challenger ?? 'none', challengerShare: wholePercent(language, s.challengerPercent), mode: s.mode };
}
