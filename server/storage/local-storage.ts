import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../http/errors.ts';

/**
 * Photos on local disk under a root the brand never names: the key is generated here
 * (`originals/ab/<uuid>.<ext>`), the client's file name is never used on disk.
 * A put is durable before it returns: written to a temp name, fsynced, renamed, directory fsynced.
 */
export interface StoredObject {
  key: string;
  sha256: string;
  bytes: number;
}

export interface PhotoStorage {
  put(kind: 'originals' | 'derivatives', ext: string, data: Buffer): Promise<StoredObject>;
  read(key: string): Promise<Buffer>;
  /** Reads a stored object and checks it against its recorded SHA-256: damaged or missing bytes are never served. */
  readVerified(key: string, sha256: string): Promise<Buffer>;
  remove(key: string): Promise<void>;
  /** Absolute path of a key, refusing anything that would escape the root. */
  resolve(key: string): string;
  root: string;
}

const KEY_PATTERN = /^(originals|derivatives)\/[0-9a-f]{2}\/[0-9a-f-]{36}\.[a-z0-9]{2,5}$/;

export function createLocalStorage(root: string): PhotoStorage {
  const absoluteRoot = path.resolve(root);
  fs.mkdirSync(path.join(absoluteRoot, 'tmp'), { recursive: true });

  function resolve(key: string): string {
    if (!KEY_PATTERN.test(key)) throw new AppError('NOT_FOUND', 'Unknown storage key.');
    return path.join(absoluteRoot, key);
  }

  async function put(kind: 'originals' | 'derivatives', ext: string, data: Buffer): Promise<StoredObject> {
    const id = crypto.randomUUID();
    const key = `${kind}/${id.slice(0, 2)}/${id}.${ext.replace(/[^a-z0-9]/g, '')}`;
    const finalPath = resolve(key);
    const tmpPath = path.join(absoluteRoot, 'tmp', `${id}.part`);
    const sha256 = crypto.createHash('sha256').update(data).digest('hex');
    try {
      await writeDurably(tmpPath, data);
      const createdShard = await fsp.mkdir(path.dirname(finalPath), { recursive: true });
      await fsp.rename(tmpPath, finalPath);
      await fsyncDirectory(path.dirname(finalPath));
      // A new shard directory is itself an entry in its parent: make that entry durable too.
      if (createdShard) await fsyncDirectory(path.dirname(path.dirname(finalPath)));
    } catch (err) {
      await fsp.rm(tmpPath, { force: true });
      await fsp.rm(finalPath, { force: true });
      throw mapStorageError(err);
    }
    return { key, sha256, bytes: data.length };
  }

  return {
    root: absoluteRoot,
    resolve,
    put,
    read: (key) => fsp.readFile(resolve(key)),
    readVerified: (key, sha256) => readVerified(resolve(key), sha256),
    remove: (key) => fsp.rm(resolve(key), { force: true }),
  };
}

async function readVerified(file: string, sha256: string): Promise<Buffer> {
  const damaged = () => new AppError('PHOTO_DAMAGED', 'This photo is damaged or missing in storage and cannot be shown.');
  let data: Buffer;
  try {
    data = await fsp.readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw damaged();
    throw mapStorageError(err);
  }
  if (crypto.createHash('sha256').update(data).digest('hex') !== sha256) throw damaged();
  return data;
}

async function writeDurably(file: string, data: Buffer): Promise<void> {
  const handle = await fsp.open(file, 'wx', 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await fsp.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** A file-system error as the coded error the portal answers with (full disk 507, no descriptors or read-only 503). */
export function mapStorageError(err: unknown): Error {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return new AppError('STORAGE_FULL', 'The photo store is full.');
  if (code === 'EROFS' || code === 'EACCES' || code === 'EMFILE' || code === 'ENFILE')
    return new AppError('UNAVAILABLE', 'The photo store is unavailable right now.');
  return err as Error;
}
