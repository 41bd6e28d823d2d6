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

export const migrations = [m001, m002, m003, m101, m102, m103, m104, m301];
