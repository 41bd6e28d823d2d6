import crypto from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { AppError } from '../http/errors.ts';
import { damagedPhoto, KEY_PATTERN, newKey, sha256Of, type ListedObject, type PhotoStorage, type StorageKind, type StoredObject } from './photo-storage.ts';

export interface S3StorageOptions {
  bucket: string;
  /** Folder inside the bucket ('' for the bucket's top); keys live under `prefix/originals/…`. */
  prefix: string;
  /** The S3-compatible server (unset: AWS itself). Path-style addressing either way. */
  endpoint?: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * Photos in an S3-compatible object store. An object is one PutObject: the store makes it visible only
 * once all of it has arrived and its Content-MD5 matched, so no partial write is ever listed or read.
 * Our SHA-256 travels as object metadata (`x-amz-meta-sha256`) beside the database's copy; reads are
 * verified against the database's, as on disk.
 */
export function createS3Storage(options: S3StorageOptions): PhotoStorage {
  const client = clientFor(options);
  const Bucket = options.bucket;
  const prefix = options.prefix.replace(/^\/+|\/+$/g, '');
  const objectName = (key: string) => (prefix ? `${prefix}/${key}` : key);
  const root = `s3://${Bucket}${prefix ? `/${prefix}` : ''}`;

  function resolve(key: string): string {
    if (!KEY_PATTERN.test(key)) throw new AppError('NOT_FOUND', 'Unknown storage key.');
    return `${root}/${key}`;
  }

  async function put(kind: StorageKind, ext: string, data: Buffer): Promise<StoredObject> {
    const key = newKey(kind, ext);
    const sha256 = sha256Of(data);
    try {
      await client.send(
        new PutObjectCommand({
          Bucket,
          Key: objectName(key),
          Body: data,
          ContentLength: data.length,
          ContentMD5: crypto.createHash('md5').update(data).digest('base64'),
          Metadata: { sha256 },
        }),
      );
    } catch (err) {
      throw mapObjectStoreError(err);
    }
    return { key, sha256, bytes: data.length };
  }

  /** The object's bytes, or null when there is no such object. */
  async function fetch(key: string): Promise<Buffer | null> {
    const body = await openBody(key);
    if (!body) return null;
    try {
      return Buffer.from(await body.transformToByteArray());
    } catch (err) {
      throw mapObjectStoreError(err);
    }
  }

  async function openBody(key: string) {
    try {
      const res = await client.send(new GetObjectCommand({ Bucket, Key: objectName(key) }));
      return res.Body ?? null;
    } catch (err) {
      if (isNotFound(err)) return null;
      throw mapObjectStoreError(err);
    }
  }

  async function read(key: string): Promise<Buffer> {
    resolve(key);
    const data = await fetch(key);
    if (!data) throw new AppError('NOT_FOUND', 'Unknown storage key.');
    return data;
  }

  async function readVerified(key: string, sha256: string): Promise<Buffer> {
    resolve(key);
    const data = await fetch(key);
    if (!data || sha256Of(data) !== sha256) throw damagedPhoto();
    return data;
  }

  async function remove(key: string): Promise<void> {
    resolve(key);
    await removeListed(key);
  }

  async function removeListed(key: string): Promise<void> {
    try {
      await client.send(new DeleteObjectCommand({ Bucket, Key: objectName(key) }));
    } catch (err) {
      if (!isNotFound(err)) throw mapObjectStoreError(err);
    }
  }

  async function list(kind: StorageKind): Promise<ListedObject[]> {
    const found: ListedObject[] = [];
    const listPrefix = objectName(`${kind}/`);
    let ContinuationToken: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket, Prefix: listPrefix, ContinuationToken })).catch((err) => {
        throw mapObjectStoreError(err);
      });
      for (const o of page.Contents ?? []) {
        if (!o.Key) continue;
        found.push({ key: prefix ? o.Key.slice(prefix.length + 1) : o.Key, modifiedMs: o.LastModified?.getTime() ?? 0 });
      }
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
    return found;
  }

  async function digest(key: string): Promise<string | null> {
    if (!KEY_PATTERN.test(key)) return null;
    const body = await openBody(key);
    if (!body) return null;
    const hash = crypto.createHash('sha256');
    try {
      for await (const chunk of body as Readable) hash.update(chunk as Buffer);
    } catch (err) {
      throw mapObjectStoreError(err);
    }
    return hash.digest('hex');
  }

  /**
   * Multipart uploads begun before the cutoff and never completed: their parts are invisible but kept
   * (and billed) until aborted. The portal itself writes single PutObjects; this clears what another
   * writer to the same prefix, or a future multipart path, left behind.
   */
  async function sweepUnfinished(cutoffMs: number): Promise<number> {
    let swept = 0;
    let KeyMarker: string | undefined;
    let UploadIdMarker: string | undefined;
    for (;;) {
      const page = await client
        .send(new ListMultipartUploadsCommand({ Bucket, Prefix: prefix ? `${prefix}/` : undefined, KeyMarker, UploadIdMarker }))
        .catch((err) => {
          throw mapObjectStoreError(err);
        });
      for (const u of page.Uploads ?? []) {
        if (!u.Key || !u.UploadId || (u.Initiated?.getTime() ?? 0) >= cutoffMs) continue;
        await client.send(new AbortMultipartUploadCommand({ Bucket, Key: u.Key, UploadId: u.UploadId })).catch((err) => {
          if (!isNotFound(err)) throw mapObjectStoreError(err);
        });
        swept++;
      }
      if (!page.IsTruncated) return swept;
      KeyMarker = page.NextKeyMarker;
      UploadIdMarker = page.NextUploadIdMarker;
    }
  }

  return { root, resolve, put, read, readVerified, remove, list, digest, removeListed, sweepUnfinished };
}

function clientFor(options: S3StorageOptions): S3Client {
  return new S3Client({
    endpoint: options.endpoint,
    region: options.region,
    forcePathStyle: true,
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    // Checksums only where an operation requires them: we send Content-MD5 ourselves, and many
    // S3-compatible servers refuse the SDK's default trailing CRC32 headers.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 60_000 },
    maxAttempts: 3,
  });
}

/**
 * Fails fast, at start, when the bucket cannot be reached with these settings (wrong endpoint or
 * credentials, no such bucket) instead of failing every upload later.
 */
export async function assertBucketReachable(options: S3StorageOptions): Promise<void> {
  const client = clientFor(options);
  try {
    await client.send(new HeadBucketCommand({ Bucket: options.bucket }));
  } catch (err) {
    const status = (err as S3ServiceException).$metadata?.httpStatusCode;
    const reason = [(err as Error).name, status ? `HTTP ${status}` : ''].filter(Boolean).join(', ');
    throw new Error(`The photo store s3://${options.bucket} is not reachable at ${options.endpoint ?? 'AWS'} (${reason}): check STORAGE_URL, S3_ENDPOINT and the credentials, and that the bucket exists.`, { cause: err });
  } finally {
    client.destroy();
  }
}

function isNotFound(err: unknown): boolean {
  const name = (err as { name?: string })?.name;
  return name === 'NoSuchKey' || name === 'NotFound' || name === 'NoSuchUpload' || (err as S3ServiceException)?.$metadata?.httpStatusCode === 404;
}

/** An object-store failure as the coded error the portal answers with: a full store 507, anything else 503. */
function mapObjectStoreError(err: unknown): Error {
  const name = (err as { name?: string })?.name ?? '';
  if (name === 'QuotaExceeded' || name === 'EntityTooLarge') return new AppError('STORAGE_FULL', 'The photo store is full.');
  return new AppError('UNAVAILABLE', 'The photo store is unavailable right now.');
}
