import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { defaultSpec, renderPhoto } from '../fixtures/index.ts';
import { login, type Client } from '../support/browserless-client.ts';
import { createReviewer, startTestPortal, type TestPortal } from '../support/test-portal.ts';
import { acceptedShade, apiSubmit, bearer, brandWithToken, createAnalyseOnceInspector, exportToken, photoName, SMALL } from '../server/api/api-test-kit.ts';

/**
 * F16: a 3D-team client crawls GET /api/v1/shades page by page (keyset cursor on the change sequence)
 * while, at the same time, brands get shades accepted, a reviewer overrides refusals and relabels
 * exported shades. The crawl must skip no committed version, show no version twice, and show only
 * what committed. On PostgreSQL (SHADEGATE_TEST_PG) the writers really overlap; on SQLite they interleave.
 */
interface Seen {
  id: string;
  version: number;
  document: string;
}

let portal: TestPortal;
let brandToken: string;
let exporter: string;
let reviewer: Client;
let small: { bytes: Buffer; region: { x: number; y: number; width: number; height: number } };
let codes = 0;

const ACCEPTS = 14;
const OVERRIDES = 8;

/** A shade the standards refuse (300 × 400, below the resolution floor) but whose colour was measured. */
async function refusedShade(): Promise<string> {
  const shadeCode = `cr-r${++codes}`;
  const res = await apiSubmit(portal, brandToken, { shadeCode }, [{ view: 'front', bytes: small.bytes, fileName: photoName(shadeCode) }]);
  assert.equal(res.status, 201, res.text);
  assert.equal(res.body.verdict, 'rejected');
  return res.body.id;
}

const reviewerPost = (path: string, fields: Record<string, string | number> = {}) =>
  reviewer.post(path).type('form').send({ _csrf: reviewer.csrf, ...fields });

before(async () => {
  portal = await startTestPortal({}, { inspector: createAnalyseOnceInspector() });
  const brand = await brandWithToken(portal, 'Crawl Brand');
  brandToken = brand.token;
  exporter = await exportToken(portal);
  const r = await createReviewer(portal);
  reviewer = await login(portal, r.email, r.password);
  const rendered = await renderPhoto(defaultSpec({ ...SMALL, width: 300, height: 400 }));
  small = { bytes: rendered.bytes, region: rendered.truth.region };
});

after(() => portal.cleanup());

describe('crawling the shade export while shades change', () => {
  it('sees every committed version once, skips none and shows nothing uncommitted', { timeout: 120_000 }, async () => {
    for (let i = 0; i < 6; i++) await acceptedShade(portal, brandToken, `cr-a${++codes}`);
    const refused: string[] = [];
    for (let i = 0; i < OVERRIDES; i++) refused.push(await refusedShade());

    let writing = true;
    const failures: string[] = [];
    const expectStatus = (what: string, res: { status: number; text: string }, status: number) => {
      if (res.status !== status) failures.push(`${what}: ${res.status} ${res.text.slice(0, 200)}`);
    };

    const accepting = async () => {
      for (let i = 0; i < ACCEPTS; i++) await acceptedShade(portal, brandToken, `cr-a${++codes}`);
    };
    const overriding = async () => {
      for (const id of refused) {
        expectStatus(`override ${id}`, await reviewerPost(`/review/${id}/override`), 303);
        const photoId = (await portal.db('photos').where({ submission_id: id }).first()).id;
        // A relabel of a shade the crawler may already have read: it must come again as a new version.
        expectStatus(`relabel ${id}`, await reviewerPost(`/review/${id}/label`, { photoId, ...small.region }), 303);
      }
    };

    const seen: Seen[] = [];
    let pages = 0;
    const crawl = async () => {
      let cursor = '';
      // Keep paging while writers run; then once more to the end, so everything committed is reachable.
      for (let finalPass = false; ; ) {
        const res = await request(portal.url).get(`/api/v1/shades?limit=3${cursor ? `&cursor=${cursor}` : ''}`).set(bearer(exporter));
        assert.equal(res.status, 200, res.text);
        pages++;
        for (const doc of res.body.data) seen.push({ id: doc.id, version: doc.version, document: JSON.stringify(doc) });
        cursor = res.body.nextCursor;
        if (res.body.hasMore) continue;
        if (finalPass) break;
        if (!writing) finalPass = true;
        else await new Promise((r) => setTimeout(r, 5));
      }
    };

    const crawling = crawl();
    await Promise.all([accepting(), overriding()]).finally(() => (writing = false));
    await crawling;
    assert.deepEqual(failures, []);

    const keys = seen.map((s) => `${s.id}@v${s.version}`);
    assert.equal(new Set(keys).size, keys.length, 'no version of a shade is shown twice');

    const lastVersion = new Map<string, number>();
    for (const s of seen) {
      assert.ok((lastVersion.get(s.id) ?? 0) < s.version, `${s.id} comes again only with a newer version`);
      lastVersion.set(s.id, s.version);
    }

    const current = await portal.db('shade_exports').select('submission_id', 'version');
    assert.equal(current.length, 6 + ACCEPTS + OVERRIDES);
    for (const row of current) {
      assert.equal(lastVersion.get(row.submission_id), Number(row.version), `the crawl reached the latest version of ${row.submission_id}`);
    }
    assert.equal(lastVersion.size, current.length, 'no shade outside the export was shown');

    const committed = new Map<string, string>();
    for (const v of await portal.db('shade_versions').select('submission_id', 'version', 'document')) {
      committed.set(`${v.submission_id}@v${v.version}`, JSON.stringify(JSON.parse(v.document)));
    }
    for (const s of seen) assert.equal(s.document, committed.get(`${s.id}@v${s.version}`), `${s.id}@v${s.version} is a committed version`);
    const relabelled = seen.filter((s) => s.version >= 2).length;
    assert.ok(relabelled > 0, 'some relabels were seen as new versions');
    console.log(`# crawl: ${pages} pages, ${seen.length} documents, ${relabelled} later versions, ${current.length} shades`);
  });
});
