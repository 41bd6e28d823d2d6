import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findDenseColour } from '../../../extraction/extractors/dense-colour.ts';
import { createRandom } from '../../fixtures/seeded-random.ts';

/**
 * A bullet's flat face (a plateau at the base colour, most of the pixels) with its shaded flank on one
 * side only (a ramp of darker, less saturated pixels spread evenly down to a third darker), as a lit
 * cylinder with a highlight over its other flank gives.
 */
function plateauWithRamp(plateau: [number, number, number], plateauCells: number, rampCells: number, rampDrop: number) {
  const random = createRandom(7);
  const lab = new Float32Array((plateauCells + rampCells) * 3);
  for (let i = 0; i < plateauCells; i++) {
    for (let k = 0; k < 3; k++) lab[i * 3 + k] = plateau[k] + (random() - 0.5) * 0.4;
  }
  for (let r = 0; r < rampCells; r++) {
    const drop = (rampDrop * (r + 1)) / rampCells;
    for (let k = 0; k < 3; k++) lab[(plateauCells + r) * 3 + k] = plateau[k] - drop;
  }
  return { lab, cells: Int32Array.from({ length: plateauCells + rampCells }, (_, i) => i) };
}

test('the dense colour is the plateau, not the ramp beside it, wherever the plateau falls among the histogram bins', () => {
  // Plateau values just above a bin boundary in all three axes: the bin one step down the ramp has the
  // fuller 3×3×3 neighbourhood (plateau and ramp), and its centre lies over 4 ΔE from the plateau.
  for (const plateau of [[53.6, 61.6, 47.6], [53.1, 60.4, 46.9], [40.2, 30.3, 12.2]] as Array<[number, number, number]>) {
    const { lab, cells } = plateauWithRamp(plateau, 20000, 8000, 12);
    const dense = findDenseColour(lab, cells);
    assert.ok(dense);
    // Within 0.3: the plateau's own jitter (±0.2) and the ramp cells inside the shift's 4 ΔE radius.
    // Started from the densest neighbourhood's centre instead, the shift ended on the ramp 4.5 away (first plateau).
    const off = Math.hypot(dense.lab.L - plateau[0], dense.lab.a - plateau[1], dense.lab.b - plateau[2]);
    assert.ok(off < 0.3, `plateau ${plateau.join(', ')} read as ${dense.lab.L.toFixed(2)}, ${dense.lab.a.toFixed(2)}, ${dense.lab.b.toFixed(2)}`);
  }
});
