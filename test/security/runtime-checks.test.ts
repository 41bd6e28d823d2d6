import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import helmet from 'helmet';
import { openDatabase, type Db } from '../../server/db/database.ts';
import { assertSafeRuntime, compareVersions, finiteLimits } from '../../server/http/security/runtime-checks.ts';

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
  /** An app as the portal builds it, as far as the checks look: helmet mounted, trust proxy a hop count. */
  const safeApp = () => {
    const app = express();
    app.use(helmet());
    app.set('trust proxy', 1);
    return app;
  };

  it('accept the bundled SQLite and sharp, helmet, a hop count for trust proxy and no csurf', async () => {
    await assertSafeRuntime({ app: safeApp(), db });
  });

  it('refuse trust proxy = true', async () => {
    const app = safeApp();
    app.set('trust proxy', true);
    await assert.rejects(assertSafeRuntime({ app, db }), { code: 'UNSAFE_RUNTIME', message: /trust proxy/ });
  });

  it('refuse an app without helmet', async () => {
    const app = express();
    app.set('trust proxy', 1);
    await assert.rejects(assertSafeRuntime({ app, db }), { code: 'UNSAFE_RUNTIME', message: /helmet/ });
  });

  it('refuse a sharp older than the last decoder fix', async () => {
    await assert.rejects(assertSafeRuntime({ app: safeApp(), db }, { sharpVersion: '0.34.9' }), { code: 'UNSAFE_RUNTIME', message: /sharp 0\.34\.9/ });
  });

  it('refuse csurf anywhere in the dependency tree', async () => {
    await assert.rejects(assertSafeRuntime({ app: safeApp(), db }, { resolvable: (name) => name === 'csurf' }), { code: 'UNSAFE_RUNTIME', message: /csurf/ });
  });

  it('refuse upload limits that are not finite numbers', () => {
    assert.deepEqual(finiteLimits({ fileSize: 1024, fields: 0 }), { fileSize: 1024, fields: 0 });
    for (const bad of [Infinity, Number.NaN, -1]) {
      assert.throws(() => finiteLimits({ fileSize: bad }), { code: 'UNSAFE_RUNTIME', message: /fileSize/ });
    }
  });

  it('compare versions numerically, not as text', () => {
    assert.ok(compareVersions('3.51.10', '3.51.3') > 0);
    assert.ok(compareVersions('3.9', '3.51.3') < 0);
    assert.equal(compareVersions('3.51.3', '3.51.3'), 0);
  });
});
