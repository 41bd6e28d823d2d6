import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { createCounter, createHistogram } from '../../../server/metrics/registry.ts';
import { defaultSpec, renderPhoto } from '../../fixtures/index.ts';
import { defaultFields, login, submitShade } from '../../support/browserless-client.ts';
import { createBrandUser, startTestPortal, type TestPortal } from '../../support/test-portal.ts';
import { metricSample } from '../../support/metric-sample.ts';

const TOKEN = 'scrape-token-0123456789';
let portal: TestPortal;


before(async () => {
  portal = await startTestPortal({ METRICS_TOKEN: TOKEN });
  const u = await createBrandUser(portal, 'Lumiere');
  const client = await login(portal, u.email, u.password);
  // 300 × 400 is below the 1000 px floor: one submission refused by the resolution rule.
  const bytes = (await renderPhoto(defaultSpec({ format: 'jpeg', width: 300, height: 400 }))).bytes;
  const res = await submitShade(client, defaultFields(), [{ view: 'front', bytes, fileName: 'lumiere_silk-matte_nu-12_front.jpg' }]);
  assert.equal(res.status, 303);
});
after(() => portal.cleanup());

describe('/metrics', () => {
  it('needs the scrape token when one is configured', async () => {
    assert.equal((await request(portal.url).get('/metrics').set('Accept', 'application/json')).status, 403);
    assert.equal((await request(portal.url).get('/metrics').set('Authorization', 'Bearer wrong-token-0123456789')).status, 403);
  });

  it('counts the submission by verdict and marketplace (none targeted) and its failed rule, and times its extraction and its request', async () => {
    const res = await request(portal.url).get('/metrics').set('Authorization', `Bearer ${TOKEN}`);
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'], /^text\/plain; version=0\.0\.4/);
    assert.equal(metricSample(res.text, 'shadegate_submissions_total{verdict="rejected",marketplace="none"}'), 1);
    assert.equal(metricSample(res.text, 'shadegate_photos_total{verdict="rejected",marketplace="none"}'), 1);
    assert.equal(metricSample(res.text, 'shadegate_photo_findings_total{rule="resolution",status="fail",marketplace="none"}'), 1);
    assert.equal(metricSample(res.text, 'shadegate_extraction_seconds_count'), 1);
    assert.equal(metricSample(res.text, 'shadegate_http_request_seconds_count{method="POST",route="/submissions",status="3xx"}'), 1);
    assert.match(res.text, /^shadegate_job_queue_depth\{status="(queued|done|running)"\} \d+$/m);
    assert.ok((metricSample(res.text, 'shadegate_job_queue_oldest_due_seconds') ?? -1) >= 0);
    assert.ok((metricSample(res.text, 'shadegate_process_resident_memory_bytes') ?? 0) > 0);
  });
});

describe('the metrics registry', () => {
  it('escapes label values and renders cumulative histogram buckets', () => {
    const c = createCounter('c_total', 'help');
    c.inc({ rule: 'a"b\\c\nd' }, 2);
    assert.match(c.render(), /^c_total\{rule="a\\"b\\\\c\\nd"\} 2$/m);
    const h = createHistogram('h_seconds', 'help', [0.1, 1]);
    for (const v of [0.05, 0.5, 5]) h.observe({}, v);
    const text = h.render();
    assert.equal(metricSample(text, 'h_seconds_bucket{le="0.1"}'), 1);
    assert.equal(metricSample(text, 'h_seconds_bucket{le="1"}'), 2);
    assert.equal(metricSample(text, 'h_seconds_bucket{le="+Inf"}'), 3);
    assert.equal(metricSample(text, 'h_seconds_sum'), 5.55);
  });
});
