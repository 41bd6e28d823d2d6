import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import { openDatabase, type Db } from '../../server/db/database.ts';
import { assertSafeRuntime, compareVersions } from '../../server/http/security/runtime-checks.ts';

/** Checklist H: the startup asserts. */
let dir: string;
let db: Db;
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shadegate-runtime-'));
  db = openDatabase(`sqlite:${path.join(dir, 'x.sqlite')}`);
});
after(async () => {
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('startup checks', () => {
  it('accept the bundled SQLite and a hop count for trust proxy', async () => {
    const app = express();
    app.set('trust proxy', 1);
    await assertSafeRuntime({ app, db });
  });

  it('refuse trust proxy = true', async () => {
    const app = express();
    app.set('trust proxy', true);
    await assert.rejects(assertSafeRuntime({ app, db }), { code: 'UNSAFE_RUNTIME', message: /trust proxy/ });
  });

  it('compare versions numerically, not as text', () => {
    assert.ok(compareVersions('3.51.10', '3.51.3') > 0);
    assert.ok(compareVersions('3.9', '3.51.3') < 0);
    assert.equal(compareVersions('3.51.3', '3.51.3'), 0);
  });
});
