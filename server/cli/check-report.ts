/** How `shadegate check` shows its results: JSON for programs, a table per file for people. */
import type { ExtractionResult, PanResult } from '../../extraction/types.ts';
import type { Finding, Verdict } from '../../validators/types.ts';

export interface FileReport {
  file: string;
  verdict: Verdict;
  findings: Finding[];
  extraction: ExtractionResult | null;
}

/** Exactly `{file, verdict, findings, extraction}`: one object for one file, an array for several. */
export function reportJson(reports: FileReport[]): string {
  // A finding's message keys (`text`) are for the portal's languages; the CLI speaks English.
  const plain = reports.map(({ file, verdict, findings, extraction }) => ({ file, verdict, findings: findings.map(({ text: _keys, ...f }) => f), extraction }));
  return JSON.stringify(plain.length === 1 ? plain[0] : plain, null, 2);
}

function measuredText(f: Finding): string {
  if (f.measured === null) return '—';
  return f.unit ? `${f.measured} ${f.unit}` : String(f.measured);
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

function extractionLine(e: ExtractionResult | null): string {
  if (e === null) return 'Extraction: nothing measured.';
  const r = e.region;
  return (
    `Extraction (${e.extractor.name} ${e.extractor.version}): colour ${e.color.hex} ` +
    `(L* ${e.color.lab.L.toFixed(1)}, a* ${e.color.lab.a.toFixed(1)}, b* ${e.color.lab.b.toFixed(1)}), ` +
    `finish ${finishText(e.finish)}, particles ${e.particles.present ? 'yes' : 'no'}, ` +
    `region ${r.width}×${r.height} at (${r.x}, ${r.y}); ` +
    `confidence ${Math.round(e.color.confidence * 100)} %${e.review ? ', a person should check it' : ''}`
  );
}

/** The category's word, with the measured finish beside it when they differ (foundation: "dewy (shiny)"). */
function finishText(f: ExtractionResult['finish']): string {
  return f.word && f.word !== f.value ? `${f.word} (${f.value})` : f.value;
}

/** One line per pan of a palette, in reading order. */
function panLine(p: PanResult): string {
  const r = p.region;
  return (
    `  pan ${p.index + 1}: colour ${p.color.hex} (L* ${p.color.lab.L.toFixed(1)}, a* ${p.color.lab.a.toFixed(1)}, b* ${p.color.lab.b.toFixed(1)}), ` +
    `finish ${finishText(p.finish)}, particles ${p.particles.present ? 'yes' : 'no'}, region ${r.width}×${r.height} at (${r.x}, ${r.y})`
  );
}

/** A readable table: rule, status, measured, limit — and the fix under every row that is not a pass. */
export function reportTable(report: FileReport): string {
  const rows = report.findings.map((f) => ({ rule: f.rule, status: f.status.toUpperCase(), measured: measuredText(f), limit: f.threshold, finding: f }));
  const head = { rule: 'rule', status: 'status', measured: 'measured', limit: 'limit' };
  const w = {
    rule: Math.max(head.rule.length, ...rows.map((r) => r.rule.length)) + 2,
    status: Math.max(head.status.length, ...rows.map((r) => r.status.length)) + 2,
    measured: Math.max(head.measured.length, ...rows.map((r) => r.measured.length)) + 2,
  };
  const line = (r: { rule: string; status: string; measured: string; limit: string }) =>
    `  ${pad(r.rule, w.rule)}${pad(r.status, w.status)}${pad(r.measured, w.measured)}${r.limit}`;
  const out = [`${report.file}: ${report.verdict.toUpperCase()}`, line(head)];
  for (const r of rows) {
    out.push(line(r));
    if (r.finding.status !== 'pass') {
      const indent = ' '.repeat(2 + w.rule);
      out.push(`${indent}found: ${r.finding.message}`, `${indent}fix:   ${r.finding.fix}`);
    }
  }
  out.push(extractionLine(report.extraction));
  const pans = report.extraction?.pans ?? [];
  if (pans.length > 0) out.push(`Palette: ${pans.length} pans`, ...pans.map(panLine));
  return out.join('\n');
}
