import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import express from 'express';
import request from 'supertest';
import { VIEWS_DIR } from '../../../server/app.ts';
import { createGuidelineRoutes } from '../../../server/http/routes/guideline-routes.ts';
import { createViewRenderer } from '../../../server/views/renderer.ts';
import { categories, standardsFor } from '../../../validators/standards.ts';

/** The guidelines page alone, with every example picture present (as in views/static/guidelines/). */
const app = express().use(
  createGuidelineRoutes({
    views: createViewRenderer(VIEWS_DIR),
    exampleNames: new Set(['good', 'background', 'exposure', 'color_cast', 'angle', 'sharpness', 'framing', 'swatch', 'resolution']),
  }),
);
const imagesOn = (html: string) => [...html.matchAll(/<img src="([^"]+)"/g)].map((m) => m[1]);

test('the lipstick guidelines show the lipstick example pictures', async () => {
  const res = await request(app).get('/guidelines?category=lipstick');
  assert.equal(res.status, 200);
  assert.ok(imagesOn(res.text).includes('/assets/guidelines/good.png'));
  assert.ok(imagesOn(res.text).includes('/assets/guidelines/background.png'));
});

test('the nail polish guidelines show no pictures rather than lipstick ones, and say so', async () => {
  const res = await request(app).get('/guidelines?category=nail-polish');
  assert.equal(res.status, 200);
  assert.deepEqual(imagesOn(res.text), []);
  assert.match(res.text, /No example pictures for Nail polish yet/);
  // The checks themselves are all there.
  assert.equal((res.text.match(/class="rule-card"/g) ?? []).length, 10);
});

test('the guidelines page in Japanese says every check, limit and heading in Japanese, images unchanged', async () => {
  const japanese = express()
    .use((_req, res, next) => {
      res.locals.locale = 'ja';
      next();
    })
    .use(createGuidelineRoutes({ views: createViewRenderer(VIEWS_DIR), exampleNames: new Set(['good', 'background']) }));
  const res = await request(japanese).get('/guidelines?category=lipstick');
  assert.equal(res.status, 200);
  assert.match(res.text, /<h1>写真ガイドライン<\/h1>/);
  assert.match(res.text, /白背景 <code>background<\/code>/);
  assert.match(res.text, /長辺が 1000 px 未満で不合格、1600 px 未満で警告/);
  assert.match(res.text, /合格する写真/);
  assert.match(res.text, /<option value="lipstick" selected>リップスティック<\/option>/);
  assert.ok(imagesOn(res.text).includes('/assets/guidelines/good.png'));
  assert.doesNotMatch(res.text, /What we measure|How to pass|A photo that passes|The checks/);
});

test('a category with pictures of its own shows them, never the lipstick ones', async () => {
  const withOwn = express().use(
    createGuidelineRoutes({ views: createViewRenderer(VIEWS_DIR), exampleNames: new Set(['good', 'background', 'nail-polish/good']) }),
  );
  const res = await request(withOwn).get('/guidelines?category=nail-polish');
  assert.equal(res.status, 200);
  assert.deepEqual(imagesOn(res.text), ['/assets/guidelines/nail-polish/good.png']);
  assert.match(res.text, /alt="A nail polish bottle with its cap, standing upright on a pure white background"/);
});

test('every category has its good example picture in the static folder, each small enough to commit (≤ 60 KB)', () => {
  for (const category of categories()) {
    const file = path.join(VIEWS_DIR, 'static', 'guidelines', category === 'lipstick' ? '' : category, 'good.png');
    assert.ok(fs.existsSync(file), file);
    assert.ok(fs.statSync(file).size <= 60 * 1024, `${category}: ${fs.statSync(file).size} bytes`);
  }
});

test('each category’s guidelines list the photos its standards require and recommend', async () => {
  const viewsOn = (html: string, required: boolean) =>
    [...html.matchAll(/<dd data-view="([a-z]+)"( data-required="true")?>/g)].filter((m) => (m[2] !== undefined) === required).map((m) => m[1]);
  for (const category of categories()) {
    const res = await request(app).get(`/guidelines?category=${category}`);
    assert.equal(res.status, 200);
    const { required, recommended } = standardsFor(category).viewRules;
    assert.deepEqual(viewsOn(res.text, true), [...required], category);
    assert.deepEqual(viewsOn(res.text, false), [...recommended], category);
  }
  const foundation = await request(app).get('/guidelines?category=foundation');
  assert.match(foundation.text, /<dd data-view="swatch" data-required="true">swatch — the shade smeared on white paper<\/dd>/);
  assert.doesNotMatch(foundation.text, /Also recommended/);
});
