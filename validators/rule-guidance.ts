/**
 * What each rule is about, in words for brands: title, what is measured, the general fix and the
 * practice it is anchored in. Thresholds are not here — they are rendered from standards.ts.
 */
import type { RuleId } from './types.ts';

export interface RuleGuidance {
  title: string;
  what: string;
  fix: string;
  anchor: string;
}

export const RULE_GUIDANCE: Readonly<Record<RuleId, RuleGuidance>> = {
  format: {
    title: 'File format',
    what: 'The real type of the file, read from its bytes (JPEG, PNG, WebP or TIFF); the extension must name that type; file size and pixel count.',
    fix: 'Export the photo as JPEG, PNG, WebP or TIFF from your editor, keep the extension it gives, and stay within the size and pixel limits.',
    anchor: 'OWASP file upload guidance; Google Merchant Center (extension must match type)',
  },
  resolution: {
    title: 'Resolution',
    what: 'The longest side of the photo, in pixels.',
    fix: 'Export at full camera resolution; do not resize or crop the photo down.',
    anchor: 'Amazon product images (zoom needs 1000 px)',
  },
  background: {
    title: 'White background',
    what: 'The share of the outer border of the photo that is near-white, whether it is pure #FFFFFF, and how evenly it is lit.',
    fix: 'Shoot on a pure white sweep (RGB 255,255,255) and light it evenly, with no shadows or vignetting at the edges.',
    anchor: 'Amazon, Walmart and Douglas main-image rules: RGB 255,255,255 background',
  },
  exposure: {
    title: 'Exposure',
    what: 'How bright the white backdrop is, and how much of the product is blown out to pure white or crushed to black.',
    fix: 'Expose so the white backdrop reads white but the product keeps its detail: open up if the backdrop looks grey, stop down or soften the light if the product glares.',
    anchor: 'Retail photo quality control practice',
  },
  color_cast: {
    title: 'Colour cast',
    what: 'The tint of the white backdrop (CIELAB a* and b*): warm studio light turns it yellow-orange, daylight in shade turns it blue.',
    fix: 'Set a custom white balance on the white backdrop (or a grey card) under the light you shoot with, and use daylight-balanced lights.',
    anchor: 'White balance',
  },
  angle: {
    title: 'Angle',
    what: 'The tilt of the product’s main axis from vertical: the product must be shot straight-on, standing upright.',
    fix: 'Stand the product upright, facing the camera, with the camera level and square to it.',
    anchor: 'GS1 product image angle code C (straight-on)',
  },
  sharpness: {
    title: 'Sharpness',
    what: 'A focus measure on the product, normalised for the photo’s resolution.',
    fix: 'Focus on the product, use a tripod or a faster shutter speed, and do not upscale the photo.',
    anchor: 'Zalando image guidelines: blurry images are rejected',
  },
  framing: {
    title: 'Framing',
    what: 'How much of the frame the whole product spans (on its best axis), and whether an edge of the photo cuts it.',
    fix: 'Move closer or zoom in so the product fills most of the frame, leaving a small white margin on every side.',
    anchor: 'Amazon main image: product fills 85 % of the frame',
  },
  swatch: {
    title: 'Declared colour',
    what: 'The CIEDE2000 colour difference between the colour chosen in the form’s colour picker and the colour measured from the photo.',
    fix: 'Pick the shade’s colour again in the form, comparing it with the product under daylight, or check that the right photo was uploaded.',
    anchor: 'CIEDE2000: a difference above 3 is obvious to people',
  },
  naming: {
    title: 'Naming',
    what: 'The file name follows {brand}_{line}_{shade}_{view}.{ext} and matches the form; the shade name is in Title Case.',
    fix: 'Rename the file like lumiere_silk-matte_nu-12_front.jpg (lowercase brand and line, the form’s shade code, the view) and write the shade name like "Nude Kiss".',
    anchor: 'Akeneo naming conventions; GS1 image file naming',
  },
};
