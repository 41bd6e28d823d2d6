import request from 'supertest';
import type { TestPortal } from './test-portal.ts';

/**
 * A logged-in HTTP client over supertest. The session cookie is `__Host-` + Secure, which cookie jars
 * will not send over plain http, so the cookie is carried by hand — exactly what a browser on
 * http://localhost does.
 */
export interface Client {
  cookie: string;
  csrf: string;
  get(path: string): request.Test;
  post(path: string): request.Test;
}

export async function login(portal: Pick<TestPortal, 'url'>, email: string, password: string): Promise<Client> {
  const res = await request(portal.url).post('/login').type('form').send({ email, password });
  if (res.status !== 303) throw new Error(`login failed: ${res.status}`);
  const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const cookie = setCookie.map((c) => c.split(';')[0]).join('; ');
  const page = await request(portal.url).get('/dashboard').set('Cookie', cookie);
  const csrf = /<meta name="csrf-token" content="([^"]+)"/.exec(page.text)?.[1] ?? '';
  return {
    cookie,
    csrf,
    get: (path) => request(portal.url).get(path).set('Cookie', cookie),
    post: (path) => request(portal.url).post(path).set('Cookie', cookie),
  };
}

export interface SubmissionFields {
  productLine: string;
  shadeCode: string;
  shadeName: string;
  category: string;
  declaredFinish: string;
  swatchHex: string;
  replacesId?: string;
}

export const defaultFields = (overrides: Partial<SubmissionFields> = {}): SubmissionFields => ({
  productLine: 'Silk Matte',
  shadeCode: 'nu-12',
  shadeName: 'Nude Kiss',
  category: 'lipstick',
  declaredFinish: 'matte',
  swatchHex: '#b22146',
  ...overrides,
});

/** POSTs the submission form as a browser would (multipart, CSRF token in the body). */
export function submitShade(
  client: Client,
  fields: Partial<SubmissionFields> | Record<string, string | undefined>,
  photos: Array<{ view: string; bytes: Buffer; fileName: string }>,
): request.Test {
  const req = client.post('/submissions').field('_csrf', client.csrf);
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) req.field(k, v);
  for (const p of photos) req.attach(p.view, p.bytes, { filename: p.fileName, contentType: 'image/jpeg' });
  return req;
}
