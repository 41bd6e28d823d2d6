/**
 * The acceptance test of the standards on generated photos with known ground truth: every photo of
 * the clean set is accepted, and every photo of the violation set is rejected by the rule it breaks.
 * Each photo goes through inspectPhoto, the same path as the CLI and the portal.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { cleanSet, renderPhoto, renderViolation, violationSet } from '../fixtures/index.ts';
import { inspectPhoto } from '../../validators/inspect-photo.ts';
import type { Finding } from '../../validators/types.ts';

const tally = { clean: { accepted: 0, total: 0 }, violation: { rejectedByRule: 0, total: 0 } };

function problems(findings: Finding[]): string {
  return findings
    .filter((f) => f.status !== 'pass')
    .map((f) => `${f.rule} ${f.status}: ${f.message}`)
    .join('\n');
}

for (const { name, spec } of cleanSet()) {
  test(`clean photo ${name} is accepted`, async () => {
    const photo = await renderPhoto(spec);
    const result = await inspectPhoto(photo.bytes, {
      fileName: photo.fileName,
      category: 'lipstick',
      swatchHex: spec.color,
      view: spec.kind === 'swatch' ? 'swatch' : 'front',
    });
    tally.clean.total++;
    if (result.verdict === 'accepted') tally.clean.accepted++;
    assert.equal(result.verdict, 'accepted', problems(result.findings));
  });
}

for (const entry of violationSet()) {
  test(`violation ${entry.name} is rejected by ${entry.rule}`, async () => {
    const upload = await renderViolation(entry);
    const result = await inspectPhoto(upload.bytes, {
      fileName: upload.fileName,
      category: 'lipstick',
      swatchHex: entry.swatchHex ?? entry.spec.color,
    });
    const own = result.findings.find((f) => f.rule === entry.rule);
    tally.violation.total++;
    if (result.verdict === 'rejected' && own?.status === 'fail') tally.violation.rejectedByRule++;
    assert.equal(result.verdict, 'rejected', problems(result.findings));
    assert.equal(own?.status, 'fail', `${entry.rule} should fail; found:\n${problems(result.findings)}`);
  });
}

after(() => {
  const { clean, violation } = tally;
  console.log(`# clean accepted ${clean.accepted}/${clean.total}; violations rejected by their rule ${violation.rejectedByRule}/${violation.total}`);
});
