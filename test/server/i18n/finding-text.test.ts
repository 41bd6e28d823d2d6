import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { VIEWS_DIR } from '../../../server/app.ts';
import { localiseFinding } from '../../../server/i18n/finding-text.ts';
import { createLocalisation, LANGUAGES, readCatalog } from '../../../server/i18n/i18n.ts';
import { thresholdText } from '../../../validators/threshold-text.ts';
import { categories, standardsFor, thresholdInWords } from '../../../validators/standards.ts';
import { RULE_IDS, type TextRef } from '../../../validators/types.ts';
import { everyFinding } from '../../validators/every-finding.ts';
import { sayText } from '../../../server/i18n/finding-text.ts';

const LOCALES = path.join(VIEWS_DIR, 'locales');
const localisation = createLocalisation({ localesDir: LOCALES });
const english = localisation.translator('en');

function keysOf(ref: TextRef, into: Set<string>): Set<string> {
  into.add(ref.key);
  for (const value of Object.values(ref.values ?? {})) {
    for (const v of Array.isArray(value) ? value : [value]) if (typeof v === 'object') keysOf(v, into);
  }
  return into;
}

describe('findings in the reader’s language', () => {
  it('says every finding in English exactly as the validators wrote it', () => {
    for (const f of everyFinding()) {
      const said = localiseFinding(english, f);
      assert.equal(said.message, f.message, `${f.rule} message`);
      assert.equal(said.fix, f.fix, `${f.rule} fix`);
      assert.equal(said.threshold, f.threshold, `${f.rule} threshold`);
    }
  });

  it('says every category’s limits in English exactly as thresholdInWords does', () => {
    for (const category of categories())
      for (const rule of RULE_IDS) assert.equal(sayText(english, thresholdText(rule, standardsFor(category))), thresholdInWords(rule, standardsFor(category)));
  });

  it('uses every message of the rules catalog that findings can carry, and only keys the catalog has', () => {
    const used = new Set<string>();
    for (const f of everyFinding()) {
      assert.ok(f.text, `${f.rule} carries its words as keys`);
      for (const ref of [...f.text.message, ...f.text.fix, f.text.threshold, ...(f.text.measured ? [f.text.measured] : [])]) keysOf(ref, used);
    }
    for (const key of used) assert.ok(localisation.has('en', key), `the catalog has ${key}`);
    const catalog = readCatalog(LOCALES).en.rules;
    const guidance = /^(?:status|unit|view|edge|table|category|verdict)\.|\.(?:title|what|guidance|anchor|threshold|thresholdWithCut)$/;
    const unused = Object.keys(catalog).filter((k) => !guidance.test(k) && !used.has(`rules:${k}`));
    assert.deepEqual(unused, []);
  });

  it('says a finding in each language without an ICU error or an English sentence left', () => {
    const findings = everyFinding();
    const englishWords = findings.map((f) => localiseFinding(english, f));
    for (const language of LANGUAGES.filter((l) => l !== 'en')) {
      const tr = localisation.translator(language);
      findings.forEach((f, i) => {
        const said = localiseFinding(tr, f);
        for (const field of ['message', 'fix', 'threshold', 'title'] as const) {
          assert.doesNotMatch(said[field], /\{(?!(?:brand|line|shade|view|ext)\})[a-zA-Z]+[,}]/, `${language} ${f.rule} ${field} has no raw placeholder: ${said[field]}`);
          if (said[field] && field !== 'title') assert.notEqual(said[field], englishWords[i][field], `${language} ${f.rule} ${field} is translated`);
        }
      });
    }
  });

  it('formats numbers in the language’s own way', () => {
    const f = everyFinding().find((x) => x.rule === 'swatch' && x.measured === 4.5)!;
    assert.match(localiseFinding(localisation.translator('de'), f).message, /ΔE00 4,5/);
    assert.match(localiseFinding(localisation.translator('fr'), f).message, /4,5/);
  });
});
