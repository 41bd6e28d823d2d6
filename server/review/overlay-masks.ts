import type { PhotoInspector } from '../analysis/analysis-pool.ts';
import type { Photo, Submission } from '../repositories/submission-repository.ts';
import type { PhotoStorage } from '../storage/local-storage.ts';
import { maskOutline } from './mask-outline.ts';
import { maskToPng } from './mask-png.ts';
import { metaOf } from './review-service.ts';

/**
 * The masks of what was measured (whole product, specular highlights, glitter) as PNG overlays, made
 * on demand by re-running the inspection with overlays on. The last few photos are kept in memory:
 * a reviewer opening a detail page asks for up to three masks of the same photo at once.
 */
export const MASK_KINDS = ['product', 'highlight', 'glitter'] as const;
export type MaskKind = (typeof MASK_KINDS)[number];

const COLOURS: Record<MaskKind, [number, number, number, number]> = {
  // The product is outlined, opaque, never tinted: a tint over the product changes the colour being judged.
  product: [26, 95, 208, 255],
  highlight: [255, 196, 0, 170],
  glitter: [214, 0, 214, 190],
};

/** About 2 px on the page whatever the photo's size: the mask is shown scaled to a ~500 px wide frame. */
const outlineThickness = (width: number, height: number) => Math.max(2, Math.round(Math.max(width, height) / 400));

export function createOverlayMasks(deps: { inspector: PhotoInspector; storage: PhotoStorage; extractor: string; keep?: number }) {
  const keep = deps.keep ?? 6;
  const cache = new Map<string, Promise<Partial<Record<MaskKind, Buffer>>>>();

  async function compute(submission: Submission, photo: Photo): Promise<Partial<Record<MaskKind, Buffer>>> {
    const bytes = await deps.storage.read(photo.storageKey);
    const { overlays } = await deps.inspector.inspect(bytes, metaOf(submission, photo), { extractor: deps.extractor, withOverlays: true });
    const out: Partial<Record<MaskKind, Buffer>> = {};
    if (!overlays) return out;
    for (const kind of MASK_KINDS) {
      const mask = overlays[kind];
      if (!mask || !mask.some((v) => v !== 0)) continue;
      const drawn = kind === 'product' ? maskOutline(mask, overlays.width, overlays.height, outlineThickness(overlays.width, overlays.height)) : mask;
      out[kind] = maskToPng(drawn, overlays.width, overlays.height, COLOURS[kind]);
    }
    return out;
  }

  return {
    /** The PNG of one mask, or null when the analysis has none (e.g. no glitter found). */
    async mask(submission: Submission, photo: Photo, kind: MaskKind): Promise<Buffer | null> {
      let pending = cache.get(photo.id);
      if (!pending) {
        pending = compute(submission, photo);
        cache.set(photo.id, pending);
        pending.catch(() => cache.delete(photo.id));
        while (cache.size > keep) cache.delete(cache.keys().next().value!);
      }
      return (await pending)[kind] ?? null;
    },
  };
}

export type OverlayMasks = ReturnType<typeof createOverlayMasks>;
