/**
 * The ordered list of migrations. One change per file; a landed file is never edited —
 * add a new one and append it here.
 */
import * as m001 from './20261125_001_create_brands_users_sessions.ts';
import * as m002 from './20261125_002_create_submissions_photos.ts';
import * as m003 from './20261125_003_create_jobs.ts';
import * as m101 from './20261125_101_create_emails.ts';
import * as m102 from './20261125_102_create_audit_log.ts';
import * as m103 from './20261125_103_create_photo_labels.ts';
import * as m104 from './20261125_104_create_review_index.ts';
import * as m301 from './20261125_301_create_photo_integrity.ts';
import * as m302 from './20261203_302_create_photo_copies.ts';
import * as m201 from './20261125_201_create_api_tokens.ts';
import * as m202 from './20261125_202_create_api_idempotency_keys.ts';
import * as m203 from './20261125_203_create_submission_fingerprints.ts';
import * as m204 from './20261125_204_create_export_counters.ts';
import * as m205 from './20261125_205_create_shade_exports.ts';
import * as m206 from './20261125_206_create_shade_versions.ts';
import * as m207 from './20261125_207_create_webhook_subscriptions.ts';
import * as m208 from './20261125_208_create_bulk_uploads.ts';
import * as m209 from './20261125_209_create_bulk_upload_items.ts';
import * as m210 from './20261203_210_add_webhook_breaker.ts';
import * as m211 from './20261203_211_create_rate_limit_windows.ts';
import * as m401 from './20261203_401_create_marketplaces.ts';
import * as m402 from './20261203_402_create_extractor_rollouts.ts';
import * as m403 from './20261203_403_create_submission_measurements.ts';
import * as m701 from './20261203_701_add_user_language.ts';
import * as m501 from './20261203_501_create_studies.ts';
import * as m502 from './20261203_502_create_study_models.ts';
import * as m503 from './20261203_503_create_study_candidates.ts';
import * as m504 from './20261203_504_create_study_raters.ts';
import * as m505 from './20261203_505_create_study_results.ts';
import * as m506 from './20261203_506_add_rater_revocation.ts';
import * as m702 from './20261203_702_add_bulk_item_reason_texts.ts';

export const migrations = [m001, m002, m003, m101, m102, m103, m104, m301, m201, m202, m203, m204, m205, m206, m207, m208, m209, m210, m302, m211, m701, m401, m402, m403, m501, m502, m503, m504, m505, m506, m702];
