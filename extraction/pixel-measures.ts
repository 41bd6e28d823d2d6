/**
 * The measurements the standards need that read the analysis image pixel by pixel: the border
 * band (background), exposure and focus. One function, run in an analysis lane beside the extractor
 * (./analysis-lane.ts) or in the analysing thread, with the same numbers either way.
 */
import { measureBackgroundBand } from './measurements/background.ts';
import { measureExposure } from './measurements/exposure.ts';
import { measureSharpness } from './measurements/sharpness.ts';
import type { BackgroundMeasure, ExposureMeasure, Rect, RgbImage, SharpnessMeasure } from './types.ts';

export interface PixelMeasureInput {
  image: RgbImage;
  /** 1 for every analysis pixel of the product. */
  productMask: Uint8Array;
  /** The pixels whose exposure is judged: the colour-bearing part, or the product when there is none. */
  regionMask: Uint8Array;
  /** A box holding every pixel of `regionMask` (its bounding box, or the product's); null when it is empty. */
  regionBox: Rect | null;
  bandWidth: number;
  productBox: Rect | null;
  /** Analysis pixels per upright original pixel. */
  scale: number;
}

export interface PixelMeasures {
  background: BackgroundMeasure;
  exposure: ExposureMeasure;
  sharpness: SharpnessMeasure;
}

export function measurePixels(input: PixelMeasureInput): PixelMeasures {
  const { image, productMask, regionMask, regionBox, bandWidth, productBox, scale } = input;
  const { measure: background, backdropL } = measureBackgroundBand(image, productMask, bandWidth, scale);
  return {
    background,
    exposure: measureExposure(image, productMask, regionMask, regionBox, bandWidth, productBox, backdropL),
    sharpness: measureSharpness(image, productBox),
  };
}
