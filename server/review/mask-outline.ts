/**
 * The outline of a 0/1 mask: its pixels within `thickness` pixels of the mask's edge (or of the
 * frame's). Reviewers judge colour, so the product is drawn round, never tinted over.
 */
export function maskOutline(mask: Uint8Array, width: number, height: number, thickness: number): Uint8Array {
  if (mask.length !== width * height) throw new RangeError(`Expected a mask of ${width * height} bytes for ${width}×${height} but received ${mask.length}`);
  const eroded = erodeRows(erodeColumns(mask, width, height, thickness), width, height, thickness);
  const out = new Uint8Array(mask.length);
  for (let i = 0; i < mask.length; i++) out[i] = mask[i] && !eroded[i] ? 1 : 0;
  return out;
}

/** A pixel stays when every pixel up to `r` to its left and right is in the mask (the frame counts as outside). */
function erodeRows(mask: Uint8Array, width: number, height: number, r: number): Uint8Array {
  const out = new Uint8Array(mask.length);
  for (let y = 0; y < height; y++) {
    // Length of the run of mask pixels ending at x, scanning left to right, and the same from the right.
    const fromLeft = new Int32Array(width);
    const fromRight = new Int32Array(width);
    for (let x = 0, run = 0; x < width; x++) fromLeft[x] = run = mask[y * width + x] ? run + 1 : 0;
    for (let x = width - 1, run = 0; x >= 0; x--) fromRight[x] = run = mask[y * width + x] ? run + 1 : 0;
    for (let x = 0; x < width; x++) out[y * width + x] = fromLeft[x] > r && fromRight[x] > r ? 1 : 0;
  }
  return out;
}

function erodeColumns(mask: Uint8Array, width: number, height: number, r: number): Uint8Array {
  const out = new Uint8Array(mask.length);
  const fromTop = new Int32Array(height);
  const fromBottom = new Int32Array(height);
  for (let x = 0; x < width; x++) {
    for (let y = 0, run = 0; y < height; y++) fromTop[y] = run = mask[y * width + x] ? run + 1 : 0;
    for (let y = height - 1, run = 0; y >= 0; y--) fromBottom[y] = run = mask[y * width + x] ? run + 1 : 0;
    for (let y = 0; y < height; y++) out[y * width + x] = fromTop[y] > r && fromBottom[y] > r ? 1 : 0;
  }
  return out;
}
