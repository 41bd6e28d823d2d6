import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../http/errors.ts';

import { damagedPhoto, KEY_PATTERN, newKey, sha256Of, type ListedObject, type PhotoStorage, type StorageKind, type StoredObject } from './photo-storage.ts';

export type { PhotoStorage, StoredObject } from './photo-storage.ts';

/**
 * Photos on local disk under a root the brand never names: the key is generated here
 * (`originals/ab/<uuid>.<ext>`), the client's file name is never used on disk.
 * A put is durable before it returns: written to a temp name, fsynced, renamed, directory fsynced.
 */
export function createLocalStorage(root: string): PhotoStorage {
  const absoluteRoot = path.resolve(root);
  fs.mkdirSync(path.join(absoluteRoot, 'tmp'), { recursive: true });

  function resolve(key: string): string {
    if (!KEY_PATTERN.test(key)) throw new AppError('NOT_FOUND', 'Unknown storage key.');
    return path.join(absoluteRoot, key);
  }

  async function put(kind: StorageKind, ext: string, data: Buffer): Promise<StoredObject> {
    const key = newKey(kind, ext);
    const finalPath = resolve(key);
    const tmpPath = path.join(absoluteRoot, 'tmp', `${path.basename(key).replace(/\.[a-z0-9]+$/, '')}.part`);
    const sha256 = sha256Of(data);
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
    // Async, so a name that is not a key rejects like any other failed read rather than throwing.
    read: async (key) => fsp.readFile(resolve(key)),
    readVerified: async (key, sha256) => readVerified(resolve(key), sha256),
    remove: async (key) => fsp.rm(resolve(key), { force: true }),
    list: (kind) => listFiles(absoluteRoot, kind),
    digest: async (key) => {
      let file: string;
      try {
        file = resolve(key);
      } catch {
        return null;
      }
      try {
        return await hashFile(file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
    // By path, not through the key check: a stray file may not even have a key's shape.
    removeListed: (key) => fsp.rm(path.join(absoluteRoot, key), { force: true }),
    sweepUnfinished: (cutoffMs) => sweepOldFiles(path.join(absoluteRoot, 'tmp'), cutoffMs),
  };
}

/** The files two levels under `root/kind` (`kind/<shard>/<name>`), with their modification times. */
async function listFiles(root: string, kind: StorageKind): Promise<ListedObject[]> {
  const base = path.join(root, kind);
  if (!fs.existsSync(base)) return [];
  const found: ListedObject[] = [];
  for (const shard of await fsp.readdir(base, { withFileTypes: true })) {
    if (!shard.isDirectory()) continue;
    for (const entry of await fsp.readdir(path.join(base, shard.name), { withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const key = `${kind}/${shard.name}/${entry.name}`;
      const stat = await fsp.stat(path.join(root, key)).catch(() => null);
      if (stat) found.push({ key, modifiedMs: stat.mtimeMs });
    }
  }
  return found;
}

/** Removes the files of `dir` last modified before `cutoffMs`; returns how many. */
async function sweepOldFiles(dir: string, cutoffMs: number): Promise<number> {
  if (!fs.existsSync(dir)) return 0;
  let swept = 0;
  for (const name of await fsp.readdir(dir)) {
    const entry = path.join(dir, name);
    const stat = await fsp.stat(entry).catch(() => null);
    if (!stat || !stat.isFile() || stat.mtimeMs >= cutoffMs) continue;
    await fsp.rm(entry, { force: true });
    swept++;
  }
  return swept;
}

function hashFile(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = crypto.createHash('sha256');
    fs.createReadStream(file)
      .on('error', reject)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')));
  });
}

async function readVerified(file: string, sha256: string): Promise<Buffer> {
  let data: Buffer;
  try {
    data = await fsp.readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw damagedPhoto();
    throw mapStorageError(err);
  }
  if (sha256Of(data) !== sha256) throw damagedPhoto();
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
