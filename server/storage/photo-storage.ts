import crypto from 'node:crypto';
import { AppError } from '../http/errors.ts';

/**
 * Where photos and their copies are kept: local disk (the default) or an S3-compatible object store.
 * Both keep the same promises: the key is generated here, never the brand's file name; a put is
 * complete and checksummed before it returns (no half-written object is ever visible under a key);
 * `readVerified` serves nothing that does not hash to the recorded SHA-256.
 */
export interface StoredObject {
  key: string;
  sha256: string;
  bytes: number;
}

/** `studies`: a realism study's photos, owned by the study tables (server/studies/), outside the photo reconciler. */
export type StorageKind = 'originals' | 'derivatives' | 'studies';

/** One entry found by listing the store (a stray entry need not have a key's shape). */
export interface ListedObject {
  key: string;
  modifiedMs: number;
}

export interface PhotoStorage {
  put(kind: StorageKind, ext: string, data: Buffer): Promise<StoredObject>;
  read(key: string): Promise<Buffer>;
  /** Reads a stored object and checks it against its recorded SHA-256: damaged or missing bytes are never served. */
  readVerified(key: string, sha256: string): Promise<Buffer>;
  remove(key: string): Promise<void>;
  /** Where a key lives (an absolute path on disk, `s3://bucket/prefix/key` in object storage), refusing anything not shaped like a key. */
  resolve(key: string): string;
  /** Where the store lives: its folder on disk, or `s3://bucket/prefix`. */
  root: string;
  /** Everything stored under a kind, with when it was last written: what the reconciler compares with the database. */
  list(kind: StorageKind): Promise<ListedObject[]>;
  /** SHA-256 of what is stored under a key (streamed), or null when nothing is. */
  digest(key: string): Promise<string | null>;
  /** Removes a listed entry, also a stray one not shaped like a key. */
  removeListed(key: string): Promise<void>;
  /** Clears writes that never finished (temp files, incomplete uploads) started before `cutoffMs`; returns how many. */
  sweepUnfinished(cutoffMs: number): Promise<number>;
}

/** Keys as `put` makes them: `originals/ab/<uuid>.<ext>`. */
export const KEY_PATTERN = /^(originals|derivatives|studies)\/[0-9a-f]{2}\/[0-9a-f-]{36}\.[a-z0-9]{2,5}$/;

/** A fresh key for a new object of that kind (sharded by the first two characters of a random UUID). */
export function newKey(kind: StorageKind, ext: string): string {
  const id = crypto.randomUUID();
  return `${kind}/${id.slice(0, 2)}/${id}.${ext.replace(/[^a-z0-9]/g, '')}`;
}

export const sha256Of = (data: Buffer) => crypto.createHash('sha256').update(data).digest('hex');

export const damagedPhoto = () => new AppError('PHOTO_DAMAGED', 'This photo is damaged or missing in storage and cannot be shown.');
