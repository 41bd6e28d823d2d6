import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { VIEWS_DIR } from '../../../../server/app.ts';
import { noPhoto } from '../../../../server/api/bulk/bulk-reasons.ts';
import { createBulkUploads } from '../../../../server/api/bulk/bulk-uploads.ts';
import type { SubmissionApi } from '../../../../server/api/submission-api.ts';
import { bulkReasonCode, sayBulkReason } from '../../../../server/i18n/bulk-reason-text.ts';
import { createLocalisation } from '../../../../server/i18n/i18n.ts';
import { englishTranslator } from '../../../../server/views/english.ts';
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
    const [first, second] = report.items.map((i) => sayBulkReason(englishTranslator(), i.reasons[0]));
    assert.match(first, /could not be processed; upload it again/);
    assert.match(second, /Processing stopped before this row/);
    assert.deepEqual(report.items.map((i) => bulkReasonCode(i.reasons[0])), ['not_processed', 'processing_stopped']);
    assert.equal(fs.existsSync(spool), false);
  });
});

describe('bulk report reasons', () => {
  it('says a line written before reasons had keys as it was stored, and a keyed one in the reader’s language', async () => {
    const bulk = createBulkUploads({ db, submissionApi: {} as SubmissionApi, tempRoot: dir, concurrency: 1 });
    const id = crypto.randomUUID();
    const now = new Date().toISOString();
    await db('bulk_uploads').insert({ id, brand_id: user.brandId, created_by: user.id, status: 'done', total_rows: 2, processed_rows: 2, created_at: now, updated_at: now, finished_at: now });
    const item = { bulk_id: id, csv_line: null, shade_code: null, shade_name: null, outcome: 'no_photo', photo_names: '[]', submission_id: null, updated_at: now };
    await db('bulk_upload_items').insert([
      { ...item, position: 1, reasons: JSON.stringify(['no photo in the upload is named for this shade code']), reason_texts: null },
      { ...item, position: 2, reasons: '[]', reason_texts: JSON.stringify([noPhoto()]) },
    ]);
    const report = (await bulk.report(id, user))!;
    const german = createLocalisation({ localesDir: path.join(VIEWS_DIR, 'locales') }).translator('de');
    assert.deepEqual(report.items.map((i) => sayBulkReason(german, i.reasons[0])), [
      'no photo in the upload is named for this shade code',
      'Kein Foto im Upload ist nach diesem Farbtoncode benannt.',
    ]);
    assert.deepEqual(report.items.map((i) => bulkReasonCode(i.reasons[0])), ['other', 'no_photo']);
    assert.match(bulk.reportCsv(report, german), /"Kein Foto im Upload ist nach diesem Farbtoncode benannt\."/);
  });
});
