/**
 * Snapshot of every evaluation fixture's full analysis (`npm run eval:snapshot`): the measurements
 * and the `robust` extraction of each photo, rounded to the decimals that mean something, kept in
 * test/eval/snapshot.json. By default it compares the current analysis with the committed file and
 * prints, per fixture, the fields that changed (old → new); it exits 1 when anything changed, so a
 * change that was meant to leave every number alone can prove it did. `-- --write` rewrites the file.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analyzePhoto } from '../../extraction/index.ts';
import { renderPhoto } from '../fixtures/index.ts';
import { categoryOf, evaluationFixtures } from './eval-sets.ts';
import { colourPartOfSubject } from '../../validators/standards.ts';

const SNAPSHOT = fileURLToPath(new URL('./snapshot.json', import.meta.url));
const write = process.argv.includes('--write');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Decimals kept per field: CIELAB and ΔE to 0.01 (a hundredth of a just-noticeable difference),
 * shares, confidences and ratios to 0.001; what is not listed to 3 decimals as well. Integers stay.
 */
const DECIMALS: Record<string, number> = { L: 2, a: 2, b: 2, deltaE: 2 };
const DEFAULT_DECIMALS = 3;

/** Numbers rounded, typed arrays (masks) dropped, keys sorted: a stable, readable record. */
function rounded(value: unknown, key = ''): Json | undefined {
  if (value === null) return null;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return String(value);
    if (Number.isInteger(value)) return value;
    const factor = 10 ** (DECIMALS[key] ?? DEFAULT_DECIMALS);
    return Math.round(value * factor) / factor;
  }
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (ArrayBuffer.isView(value)) return undefined;
  if (Array.isArray(value)) return value.map((v) => rounded(v, key) ?? null);
  if (typeof value === 'object') {
    const out: { [k: string]: Json } = {};
    for (const k of Object.keys(value as object).sort()) {
      const v = rounded((value as Record<string, unknown>)[k], k);
      if (v !== undefined) out[k] = v;
    }
    return out;
  }
  return undefined;
}

async function currentSnapshot(): Promise<Record<string, Json>> {
  const out: Record<string, Json> = {};
  for (const { set, name, spec } of evaluationFixtures()) {
    const { bytes } = await renderPhoto(spec);
    const analysis = await analyzePhoto(bytes, { extractor: 'robust', category: categoryOf(spec), part: colourPartOfSubject(categoryOf(spec)) });
    out[`${set}/${name}`] = rounded({ measurements: analysis.measurements, extraction: analysis.extraction }) ?? null;
  }
  return out;
}

/** Leaf paths of a record ('extraction.color.hex') with their values as text. */
function leaves(value: Json, prefix = '', into = new Map<string, string>()): Map<string, string> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) leaves(v, prefix ? `${prefix}.${k}` : k, into);
  } else {
    into.set(prefix, JSON.stringify(value));
  }
  return into;
}

function differences(before: Json | undefined, after: Json | undefined): string[] {
  if (before === undefined) return ['(new fixture)'];
  if (after === undefined) return ['(fixture gone)'];
  const old = leaves(before);
  const now = leaves(after);
  const paths = [...new Set([...old.keys(), ...now.keys()])].sort();
  return paths.filter((p) => old.get(p) !== now.get(p)).map((p) => `${p}: ${old.get(p) ?? '—'} → ${now.get(p) ?? '—'}`);
}

async function main(): Promise<void> {
  const snapshot = await currentSnapshot();
  if (write) {
    writeFileSync(SNAPSHOT, JSON.stringify(snapshot, null, 1) + '\n');
    console.log(`Wrote ${Object.keys(snapshot).length} analyses to test/eval/snapshot.json.`);
    return;
  }
  if (!existsSync(SNAPSHOT)) {
    console.error('No test/eval/snapshot.json yet: run `npm run eval:snapshot -- --write`.');
    process.exit(1);
  }
  const committed = JSON.parse(readFileSync(SNAPSHOT, 'utf8')) as Record<string, Json>;
  let changed = 0;
  for (const name of [...new Set([...Object.keys(committed), ...Object.keys(snapshot)])].sort()) {
    const lines = differences(committed[name], snapshot[name]);
    if (lines.length === 0) continue;
    changed++;
    console.log(`${name}\n${lines.map((l) => `  ${l}`).join('\n')}`);
  }
  const total = Object.keys(snapshot).length;
  console.log(changed === 0 ? `All ${total} analyses as in the snapshot.` : `${changed} of ${total} analyses changed.`);
  if (changed > 0) process.exit(1);
}

await main();
