/**
 * Plain-text tables for the measuring scripts (eval, bench, load): columns as wide as their widest
 * cell, the first `leftColumns` aligned left (names), the rest right (numbers), a rule under the header.
 */
export function formatTable(header: string[], rows: string[][], leftColumns: number): string {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => r[c].length)));
  const line = (r: string[]) => r.map((cell, c) => (c < leftColumns ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
