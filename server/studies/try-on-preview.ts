import fs from 'node:fs';
import path from 'node:path';
import type { ExtractionResult } from '../../extraction/types.ts';
import { renderTryOn, type LipRegion, type Point } from '../../extraction/try-on/index.ts';

/**
 * The verdict page's try-on: a sample face wearing a photo's measured shade. The face and its lip
 * outline are static assets (`views/static/try-on/sample-face.png` + `.json`); without them there is
 * no try-on. Renders are kept in memory per photo and extractor version (a new extraction renders anew).
 */
export function createTryOnPreview(staticDir: string, maxEntries = 200) {
  const facePath = path.join(staticDir, 'try-on', 'sample-face.png');
  const lipsPath = path.join(staticDir, 'try-on', 'sample-face.json');
  let face: { photo: Buffer; lips: LipRegion } | null | undefined;
  const cache = new Map<string, Promise<Buffer>>();

  function sampleFace() {
    if (face !== undefined) return face;
    try {
      const json = JSON.parse(fs.readFileSync(lipsPath, 'utf8')) as { outer?: Point[]; inner?: Point[] };
      face = Array.isArray(json.outer) && json.outer.length >= 3 ? { photo: fs.readFileSync(facePath), lips: { outer: json.outer, ...(Array.isArray(json.inner) ? { inner: json.inner } : {}) } } : null;
    } catch {
      face = null;
    }
    return face;
  }

  return {
    available: () => sampleFace() !== null,
    /** The PNG of the sample face wearing the extraction's shade, or null when there is no sample face. */
    render(photoId: string, extraction: ExtractionResult): Promise<Buffer> | null {
      const f = sampleFace();
      if (!f) return null;
      const key = `${photoId}:${extraction.extractor.name}@${extraction.extractor.version}`;
      let png = cache.get(key);
      if (!png) {
        png = renderTryOn(f.photo, f.lips, { lab: extraction.color.lab, finish: extraction.finish.value, reflectance: extraction.reflectance, particles: extraction.particles }, { seed: 1, maxSide: 800 });
        png.catch(() => cache.delete(key));
        if (cache.size >= maxEntries) cache.delete(cache.keys().next().value!);
        cache.set(key, png);
      }
      return png;
    },
  };
}

export type TryOnPreview = ReturnType<typeof createTryOnPreview>;
