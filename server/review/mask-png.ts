import { encodePng } from '../views/png-encoder.ts';

/**
 * A 0/1 mask (1 byte per pixel) as a transparent PNG: masked pixels in one colour at partial opacity,
 * the rest fully transparent, for laying over the photo. Encoded by the server's PNG writer so
 * the image library stays confined to extraction/.
 */
export function maskToPng(mask: Uint8Array, width: number, height: number, rgba: [number, number, number, number]): Buffer {
  if (mask.length !== width * height) throw new RangeError(`Expected a mask of ${width * height} bytes for ${width}×${height} but received ${mask.length}`);
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    data.set(rgba, i * 4);
  }
  return encodePng({ width, height, channels: 4, data });
}
