import { csvDocument } from '../views/csv-writer.ts';
import type { SourceSummary, StudySummary } from './study-results.ts';

/** What the results page shows, from a stored summary: rounded numbers, the chart's geometry, the translation keys. */

const round = (v: number, digits = 2) => (Number.isFinite(v) ? Number(v.toFixed(digits)) : null);
const sourceKey = (source: string) => `studies:source.${source}`;
/** p-values as text: ICU would round a number to three decimals. */
const pText = (p: number) => (p < 0.0001 ? '< 0.0001' : p.toFixed(4));

function presentSource(s: SourceSummary) {
  return { source: s.source, sourceKey: sourceKey(s.source), items: s.items, mean: round(s.ci.estimate), low: round(s.ci.low), high: round(s.ci.high) };
}

/** A horizontal bar chart of the means on the 1–10 scale, with the 95 % interval as a whisker. */
export function chartOf(summary: StudySummary) {
  const left = 150;
  const width = 400;
  const rowHeight = 34;
  const x = (score: number) => left + ((Math.min(10, Math.max(1, score)) - 1) / 9) * width;
  const rows = summary.overall.map((s, i) => {
    const y = 20 + i * rowHeight;
    return {
      ...presentSource(s),
      y,
      textY: y + 16,
      barWidth: Math.max(1, x(s.ci.estimate) - left),
      lowX: x(s.ci.low),
      highX: x(s.ci.high),
      whiskerY: y + 11,
      valueX: x(s.ci.high) + 6,
    };
  });
  const height = 40 + rows.length * rowHeight;
  const ticks = [1, 4, 7, 10].map((v) => ({ label: v, x: x(v) }));
  return { width: left + width + 60, height, rows, ticks, axisY: height - 18, left, right: left + width };
}

export function presentSummary(summary: StudySummary) {
  const best = summary.conclusion?.best;
  const runnerUp = summary.conclusion?.runnerUp;
  const pair = summary.conclusion?.pair;
  return {
    raters: summary.raters,
    flaggedRaters: summary.flaggedRaters,
    items: summary.items,
    ratings: summary.ratings,
    alpha: summary.alpha === null ? null : round(summary.alpha),
    overall: summary.overall.map(presentSource),
    bands: summary.bands.map((b) => ({ band: b.band, kindKey: `studies:band.${b.kind}`, bandKey: b.kind === 'undertone' ? `studies:undertone.${b.band}` : null, sources: b.sources.map(presentSource) })),
    pairs: summary.pairs.map((p) => ({ aKey: sourceKey(p.a), bKey: sourceKey(p.b), items: p.items, statistic: p.statistic, p: pText(p.pValue), pHolm: pText(p.pHolm), significant: p.pHolm < 0.05 })),
    conclusion: best
      ? {
          bestKey: sourceKey(best.source),
          mean: round(best.ci.estimate),
          low: round(best.ci.low),
          high: round(best.ci.high),
          runnerUpKey: runnerUp ? sourceKey(runnerUp.source) : null,
          runnerUpMean: runnerUp ? round(runnerUp.ci.estimate) : null,
          runnerUpLow: runnerUp ? round(runnerUp.ci.low) : null,
          runnerUpHigh: runnerUp ? round(runnerUp.ci.high) : null,
          p: pair ? pText(pair.pHolm) : null,
          significant: pair ? pair.pHolm < 0.05 : false,
        }
      : null,
    chart: chartOf(summary),
  };
}

/** One row per source and scope (overall, each band): the CSV export. */
export function resultsCsv(summary: StudySummary, extractorVersion: string | null): string {
  const row = (scope: string, band: string, s: SourceSummary) => [scope, band, s.source, extractorVersion ?? '', String(s.items), String(round(s.ci.estimate, 3)), String(round(s.ci.low, 3)), String(round(s.ci.high, 3))];
  const rows = [
    ...summary.overall.map((s) => row('overall', '', s)),
    ...summary.bands.flatMap((b) => b.sources.map((s) => row(b.kind, b.band, s))),
  ];
  return csvDocument(['scope', 'band', 'source', 'extractor_version', 'items', 'mean', 'ci95_low', 'ci95_high'], rows);
}
