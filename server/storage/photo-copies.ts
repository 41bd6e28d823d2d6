import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { DecodeLimits } from '../../extraction/index.ts';
import type { Rect } from '../../extraction/types.ts';
import type { CopySpec, PhotoRenderer } from '../analysis/analysis-pool.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../http/errors.ts';
import type { Logger } from '../logger.ts';
import type { PhotoStorage, StoredObject } from './local-storage.ts';

/**
 * The copies of a photo the routes serve, rendered once and stored beside the original (durably, with
 * their SHA-256, like the original), never decoded from the original per request in the web process.
 * The display copy and thumbnail are rendered at upload; the export's full-size copy and its region
 * crops (and any copy an older photo lacks) the first time they are asked for, then stored. Rendering
 * is done by the analysis children. A stored copy found damaged is rendered again from the original; a
 * photo whose original the reconciler flagged is not served at all.
 */
const COPY_SIZES = {
  display: { kind: 'derivative', maxSide: 1600, format: 'jpeg', quality: 85 },
  thumb: { kind: 'derivative', maxSide: 320, format: 'jpeg', quality: 85 },
  /** The export's "original": upright, sRGB, metadata stripped, at most 8192 px on its longest side. */
  full: { kind: 'derivative', maxSide: 8192, format: 'jpeg', quality: 92 },
} as const satisfies Record<string, CopySpec>;

export type CopySize = keyof typeof COPY_SIZES;
/** The sizes rendered with every upload: what the brand's and the reviewers' pages show. */
const AT_UPLOAD: CopySize[] = ['display', 'thumb'];

export interface PhotoSource {
  id: string;
  storageKey: string;
  sha256: string;
}

/** Copies rendered and stored for a photo not yet recorded: recorded in its transaction, or discarded. */
export interface PreparedCopies {
  record(trx: Knex.Transaction, photoId: string): Promise<void>;
  discard(): Promise<void>;
}

interface CopyRow {
  kind: string;
  variant: string;
  stored: StoredObject;
}

export function createPhotoCopies(deps: { db: Db; storage: PhotoStorage; renderer: PhotoRenderer; limits: Partial<DecodeLimits>; logger?: Logger }) {
  /** Renders in flight, by photo and copy: twenty requests for the same missing thumbnail render it once. */
  const inFlight = new Map<string, Promise<Buffer>>();

  /**
   * Renders and stores the upload-time copies of a photo. A photo the renderer cannot read gets none
   * here (its verdict says why); they are tried again, once, when first asked for.
   */
  async function prepare(bytes: Buffer): Promise<PreparedCopies> {
    let rows: CopyRow[] = [];
    try {
      const rendered = await deps.renderer.render(bytes, AT_UPLOAD.map((s) => COPY_SIZES[s]), deps.limits);
      for (let i = 0; i < AT_UPLOAD.length; i++) {
        rows.push({ kind: AT_UPLOAD[i], variant: '', stored: await deps.storage.put('derivatives', 'jpg', rendered[i]) });
      }
    } catch (err) {
      await Promise.all(rows.map((r) => deps.storage.remove(r.stored.key)));
      rows = [];
      if (err instanceof AppError && (err.code === 'STORAGE_FULL' || err.code === 'UNAVAILABLE')) throw err;
      deps.logger?.warn('display copies not rendered at upload', { error: err instanceof Error ? err.message : String(err) });
    }
    return {
      async record(trx, photoId) {
        for (const r of rows) await trx('photo_copies').insert(copyRow(photoId, r));
      },
      discard: () => Promise.all(rows.map((r) => deps.storage.remove(r.stored.key))).then(() => undefined),
    };
  }

  /** A stored size of the photo (rendered once, now, when it has none). */
  function size(photo: PhotoSource, name: CopySize): Promise<Buffer> {
    return copy(photo, name, '', COPY_SIZES[name], 'jpg');
  }

  /** The PNG crop of a region of the photo (one stored copy per distinct region). */
  function crop(photo: PhotoSource, region: Rect): Promise<Buffer> {
    const r = { x: region.x, y: region.y, width: region.width, height: region.height };
    const variant = crypto.createHash('sha256').update(JSON.stringify(r)).digest('hex');
    return copy(photo, 'crop', variant, { kind: 'crop', region: r }, 'png');
  }

  function copy(photo: PhotoSource, kind: string, variant: string, spec: CopySpec, ext: string): Promise<Buffer> {
    const key = `${photo.id}:${kind}:${variant}`;
    let pending = inFlight.get(key);
    if (!pending) {
      pending = storedOrRendered(photo, kind, variant, spec, ext).finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
    }
    return pending;
  }

  async function storedOrRendered(photo: PhotoSource, kind: string, variant: string, spec: CopySpec, ext: string): Promise<Buffer> {
    // A photo the reconciler found damaged or missing is not shown, not even through a copy made before.
    if (await deps.db('photo_integrity_issues').where({ photo_id: photo.id }).first()) throw damagedPhoto();
    const row = await deps.db('photo_copies').where({ photo_id: photo.id, kind, variant }).first();
    if (row) {
      try {
        return await deps.storage.readVerified(row.storage_key, row.sha256);
      } catch (err) {
        if (!(err instanceof AppError && err.code === 'PHOTO_DAMAGED')) throw err;
        // A copy can always be made again from the original (which is itself verified before use).
        deps.logger?.warn('stored photo copy damaged; rendering it again', { photoId: photo.id, kind });
        await deps.db('photo_copies').where({ photo_id: photo.id, kind, variant, storage_key: row.storage_key }).del();
        await deps.storage.remove(row.storage_key);
      }
    }
    const original = await deps.storage.readVerified(photo.storageKey, photo.sha256);
    const [data] = await deps.renderer.render(original, [spec], deps.limits);
    const stored = await deps.storage.put('derivatives', ext, data);
    await deps.db('photo_copies').insert(copyRow(photo.id, { kind, variant, stored })).onConflict(['photo_id', 'kind', 'variant']).ignore();
    // Another process stored the same copy meanwhile: keep theirs, drop ours.
    const kept = await deps.db('photo_copies').where({ photo_id: photo.id, kind, variant }).first('storage_key');
    if (kept?.storage_key !== stored.key) await deps.storage.remove(stored.key);
    return data;
  }

  return { prepare, size, crop };
}

const damagedPhoto = () => new AppError('PHOTO_DAMAGED', 'This photo is damaged or missing in storage and cannot be shown.');

function copyRow(photoId: string, r: CopyRow) {
  return {
    photo_id: photoId,
    kind: r.kind,
    variant: r.variant,
    storage_key: r.stored.key,
    sha256: r.stored.sha256,
    bytes: r.stored.bytes,
    created_at: new Date().toISOString(),
  };
}

export type PhotoCopies = ReturnType<typeof createPhotoCopies>;
