import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createBulkUploads } from '../../../../server/api/bulk/bulk-uploads.ts';
import type { SubmissionApi } from '../../../../server/api/submission-api.ts';
import { openDatabase, type Db } from '../../../../server/db/database.ts';
import { runMigrations } from '../../../../server/db/migrate.ts';
import type { User } from '../../../../server/repositories/user-repository.ts';

let dir: string;
let db: Db;
let user: User;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shadegate-bulk-'));
  db = openDatabase(`sqlite:${path.join(dir, 'db.sqlite')}`);
  await runMigrations(db);
  const brandId = crypto.randomUUID();
  const now = new Date().toISOString();
  await db('brands').insert({ id: brandId, name: 'Stop Brand', slug: 'stop-brand', created_at: now });
  user = { id: crypto.randomUUID(), email: 'stop@brand.example', name: 'Stop', role: 'brand', brandId, brandName: 'Stop Brand', language: null };
  await db('users').insert({ id: user.id, email: user.email, name: user.name, role: 'brand', brand_id: brandId, password_hash: 'x', created_at: now });
});

after(async () => {
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('stopping bulk processing', () => {
  it('finishes the row in flight, marks the rows never reached as failed with what to do, and removes the spool', async () => {
    // A row that is still being checked when the stop comes, and then fails for want of the analysis pool.
    let release: () => void = () => undefined;
    let started: () => void = () => undefined;
    const firstRowStarted = new Promise<void>((r) => (started = r));
    const submitOnce = async () => {
      started();
      await new Promise<void>((r) => (release = r));
      throw Object.assign(new Error('analysis unavailable'), { code: 'UNAVAILABLE' });
    };
    const bulk = createBulkUploads({ db, submissionApi: { submitOnce } as unknown as SubmissionApi, tempRoot: dir, concurrency: 1 });
    const spool = await bulk.spoolDir();
    const csvPath = path.join(spool, 'rows.csv');
    fs.writeFileSync(csvPath, 'line,shade_code,shade_name,category,finish,swatch_hex\nL,a-1,One,lipstick,matte,#b22146\nL,a-2,Two,lipstick,matte,#b22146\n');
    const photos = ['a-1', 'a-2'].map((code) => {
      const p = path.join(spool, `${code}.part`);
      fs.writeFileSync(p, 'bytes');
      return { originalName: `lumiere_l_${code}_front.jpg`, path: p };
    });
    const id = await bulk.start(user, { csvPath, photos, spoolDir: spool });
    await firstRowStarted;
    const stopping = bulk.stop();
    release();
    await stopping;
    const report = (await bulk.report(id, user))!;
    assert.equal(report.status, 'interrupted');
    assert.deepEqual(report.items.map((i) => i.outcome), ['failed', 'failed']);
    assert.match(report.items[0].reasons[0], /upload it again/);
    assert.match(report.items[1].reasons[0], /processing stopped before this row/);
    assert.equal(fs.existsSync(spool), false);
  });
});
