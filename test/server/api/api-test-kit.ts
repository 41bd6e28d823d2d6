import crypto from 'node:crypto';
import request from 'supertest';
import { analyzePhoto } from '../../../extraction/index.ts';
import type { PhotoAnalysis } from '../../../extraction/types.ts';
import type { PhotoInspector } from '../../../server/analysis/analysis-pool.ts';
import { inspectPhoto } from '../../../validators/inspect-photo.ts';
import { judgePhoto } from '../../../validators/judge-photo.ts';
import { defaultSpec, renderPhoto, type PhotoSpec } from '../../fixtures/index.ts';
import { defaultFields, login, type SubmissionFields } from '../../support/browserless-client.ts';
import { createBrandUser, createReviewer, type TestPortal } from '../../support/test-portal.ts';

/**
 * Helpers for API tests: real tokens made through the settings page (as a person would), and fixture
 * photos rendered once per distinct spec at a modest size (1000 × 1334 passes the 1000 px floor).
 */
export const SMALL = { width: 1000, height: 1334, format: 'jpeg' as const };

const rendered = new Map<string, Promise<Buffer>>();

/** A clean lipstick photo of the given colour, rendered once per distinct spec in this process. */
export function photoBytes(overrides: Partial<PhotoSpec> = {}): Promise<Buffer> {
  const spec = defaultSpec({ ...SMALL, ...overrides });
  const key = JSON.stringify(spec);
  if (!rendered.has(key)) rendered.set(key, renderPhoto(spec).then((p) => p.bytes));
  return rendered.get(key)!;
}

/** The naming convention for a photo of `shadeCode`. */
export const photoName = (shadeCode: string, view = 'front') => `lumiere_silk-matte_${shadeCode}_${view}.jpg`;

/** Creates a token through /settings/tokens and reads it from the page (shown once). */
export async function tokenThroughPage(portal: TestPortal, email: string, password: string, name = 'integration'): Promise<string> {
  const client = await login(portal, email, password);
  const res = await client.post('/settings/tokens').type('form').send({ _csrf: client.csrf, name });
  if (res.status !== 201) throw new Error(`token creation answered ${res.status}: ${res.text.slice(0, 200)}`);
  const token = /id="new-token"[^>]*value="(sg_[a-z]+_[A-Za-z0-9_-]+)"/.exec(res.text)?.[1];
  if (!token) throw new Error('no token on the page');
  return token;
}

export async function brandWithToken(portal: TestPortal, name?: string) {
  const brand = await createBrandUser(portal, name);
  return { ...brand, token: await tokenThroughPage(portal, brand.email, brand.password) };
}

export async function exportToken(portal: TestPortal): Promise<string> {
  const reviewer = await createReviewer(portal);
  return tokenThroughPage(portal, reviewer.email, reviewer.password, '3D sync');
}

/** POST /api/v1/submissions as a brand's system would. */
export function apiSubmit(
  portal: TestPortal,
  token: string,
  fields: Partial<SubmissionFields>,
  photos: Array<{ view: string; bytes: Buffer; fileName: string }>,
  idempotencyKey?: string,
): request.Test {
  const req = request(portal.url).post('/api/v1/submissions').set('Authorization', `Bearer ${token}`);
  if (idempotencyKey) req.set('Idempotency-Key', idempotencyKey);
  for (const [k, v] of Object.entries(defaultFields(fields))) if (v !== undefined) req.field(k, v);
  for (const p of photos) req.attach(p.view, p.bytes, { filename: p.fileName, contentType: 'image/jpeg' });
  return req;
}

/** Submits an accepted shade with the default clean photo (varied by colour so bytes differ). */
export async function acceptedShade(portal: TestPortal, token: string, shadeCode: string, color = '#b22146') {
  const bytes = await photoBytes({ color });
  const res = await apiSubmit(portal, token, { shadeCode, swatchHex: color }, [{ view: 'front', bytes, fileName: photoName(shadeCode) }]);
  if (res.status !== 201 || res.body.verdict !== 'accepted') {
    throw new Error(`expected an accepted shade, got ${res.status} ${JSON.stringify(res.body).slice(0, 500)}`);
  }
  return res.body as { id: string };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Polls `check` until it returns a value (or throws after `timeoutMs`): no timed assertions, just waiting. */
export async function eventually<T>(check: () => Promise<T | null | undefined | false>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * An inspector for tests that submit the same few photos many times (bulk, pagination): each distinct
 * photo is analysed once (the real analyzePhoto), and every submission is judged for real against its
 * own file name, shade code and colour (judgePhoto). Only the repeated pixel work is saved.
 */
export function createAnalyseOnceInspector(): PhotoInspector {
  const analyses = new Map<string, Promise<PhotoAnalysis>>();
  return {
    async inspect(bytes, meta, opts = {}) {
      const key = `${crypto.createHash('sha256').update(bytes).digest('hex')}:${opts.extractor ?? ''}:${meta.category}:${JSON.stringify(opts.regionOverride ?? null)}`;
      if (!analyses.has(key)) {
        analyses.set(key, analyzePhoto(bytes, { extractor: opts.extractor, regionOverride: opts.regionOverride, category: meta.category }));
      }
      let analysis: PhotoAnalysis;
      try {
        analysis = await analyses.get(key)!;
      } catch {
        return inspectPhoto(bytes, meta, opts); // unreadable files: the real path explains them
      }
      const { verdict, findings } = judgePhoto(analysis, meta);
      return { verdict, findings, extraction: analysis.extraction, measurements: analysis.measurements };
    },
    queueLength: () => 0,
    close: async () => undefined,
  };
}
