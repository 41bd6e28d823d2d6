import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  AbortMultipartUploadCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { createLocalStorage } from '../../../server/storage/local-storage.ts';
import type { PhotoStorage } from '../../../server/storage/photo-storage.ts';
import { createS3Storage } from '../../../server/storage/s3-storage.ts';

/**
 * The two photo stores the storage contract runs against, each with what a test needs to act behind the
 * portal's back: overwrite or delete a stored object, plant a stray, begin a write that never finishes.
 * Object storage needs a real S3-compatible server: SHADEGATE_TEST_S3 names its endpoint (`.ci/s3-server.sh`
 * starts one and prints it, with S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY). Each backend is a fresh
 * folder or a fresh bucket, removed by `cleanup()`.
 */
export interface StorageBackend {
  /** Environment for a portal on this store (none for local disk: the portal's own DATA_DIR). */
  portalEnv: Record<string, string>;
  /** A store object of its own, for contract tests without a portal. */
  storage: PhotoStorage;
  overwrite(storage: PhotoStorage, key: string, bytes: Buffer): Promise<void>;
  delete(storage: PhotoStorage, key: string): Promise<void>;
  /** Writes bytes under a name the portal did not choose (listed like any stored object). */
  plant(storage: PhotoStorage, name: string, bytes: Buffer): Promise<void>;
  /** Begins a write and leaves it unfinished, as a crash mid-write would. */
  leaveUnfinishedWrite(storage: PhotoStorage, key: string, bytes: Buffer): Promise<void>;
  cleanup(): Promise<void>;
}

export interface BackendChoice {
  name: string;
  /** Why the backend's tests are skipped here, or false when they run. */
  skip: string | false;
  open(): Promise<StorageBackend>;
}

export const S3_SKIP_MESSAGE =
  'object storage not configured: set SHADEGATE_TEST_S3 to an S3-compatible endpoint (with S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY); `eval "$(bash .ci/s3-server.sh)"` starts one';

/** The S3 test server's endpoint and credentials, or null when the tests that need it should skip. */
export function testS3(): { endpoint: string; accessKeyId: string; secretAccessKey: string; region: string } | null {
  const endpoint = process.env.SHADEGATE_TEST_S3;
  const accessKeyId = process.env.S3_ACCESS_KEY_ID;
  const secretAccessKey = process.env.S3_SECRET_ACCESS_KEY;
  if (!endpoint || !accessKeyId || !secretAccessKey) return null;
  return { endpoint, accessKeyId, secretAccessKey, region: process.env.S3_REGION || 'us-east-1' };
}

export const storageBackends: BackendChoice[] = [
  { name: 'local disk', skip: false, open: openLocalBackend },
  { name: 'S3-compatible object storage', skip: testS3() ? false : S3_SKIP_MESSAGE, open: openS3Backend },
];

async function openLocalBackend(): Promise<StorageBackend> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shadegate-storage-'));
  const file = (storage: PhotoStorage, key: string) => path.join(storage.root, key);
  return {
    portalEnv: {},
    storage: createLocalStorage(path.join(dir, 'photos')),
    overwrite: async (storage, key, bytes) => fs.writeFileSync(file(storage, key), bytes),
    delete: async (storage, key) => fs.rmSync(file(storage, key)),
    plant: async (storage, name, bytes) => {
      fs.mkdirSync(path.dirname(file(storage, name)), { recursive: true });
      fs.writeFileSync(file(storage, name), bytes);
    },
    leaveUnfinishedWrite: async (storage, key, bytes) => fs.writeFileSync(path.join(storage.root, 'tmp', `${path.basename(key)}.part`), bytes),
    cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** A fresh bucket on the test server; objects live under a prefix, as in production. */
export async function openS3Backend(): Promise<StorageBackend> {
  const s3 = testS3()!;
  const bucket = `shadegate-test-${crypto.randomBytes(5).toString('hex')}`;
  const client = rawClient();
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  const storageUrl = `s3://${bucket}/photos`;
  const objectName = (storage: PhotoStorage, key: string) => `${storage.root.slice(`s3://${bucket}/`.length)}/${key}`;
  return {
    portalEnv: {
      STORAGE_URL: storageUrl,
      S3_ENDPOINT: s3.endpoint,
      S3_REGION: s3.region,
      S3_ACCESS_KEY_ID: s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    },
    storage: createS3Storage({ bucket, prefix: 'photos', endpoint: s3.endpoint, region: s3.region, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey }),
    overwrite: async (storage, key, bytes) => {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: objectName(storage, key), Body: bytes }));
    },
    delete: async (storage, key) => {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: objectName(storage, key) }));
    },
    plant: async (storage, name, bytes) => {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: objectName(storage, name), Body: bytes }));
    },
    leaveUnfinishedWrite: async (storage, key, bytes) => {
      const upload = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: objectName(storage, key) }));
      await client.send(new UploadPartCommand({ Bucket: bucket, Key: objectName(storage, key), UploadId: upload.UploadId, PartNumber: 1, Body: bytes }));
    },
    cleanup: () => emptyAndDeleteBucket(client, bucket).finally(() => client.destroy()),
  };
}

/** A client of the test server, outside the portal: what acts behind its back. */
export function rawClient(): S3Client {
  const s3 = testS3()!;
  return new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
}

export async function emptyAndDeleteBucket(client: S3Client, bucket: string): Promise<void> {
  for (;;) {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
    for (const o of page.Contents ?? []) await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: o.Key }));
    if (!page.IsTruncated) break;
  }
  const uploads = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
  for (const u of uploads.Uploads ?? []) await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: u.Key, UploadId: u.UploadId }));
  // Swift keeps multipart segments in a companion bucket; deleting the bucket tidies both.
  await client.send(new DeleteBucketCommand({ Bucket: bucket })).catch(() => undefined);
}
