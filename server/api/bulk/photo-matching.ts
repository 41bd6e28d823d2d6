import { parsePhotoFileName } from '../../../validators/rules/naming.ts';
import { badFileName, duplicateShadeCode, noRowForShade, viewAlreadyTaken, type BulkReason } from './bulk-reasons.ts';
import type { ShadeRow } from './shade-csv.ts';

/**
 * Bulk photos are matched to CSV rows by the naming convention `{brand}_{line}_{shade}_{view}.{ext}`:
 * the shade code in the name (compared without regard to case, as the naming rule does) picks the row
 * and the view picks the slot. What cannot be placed is reported, never silently dropped.
 */
export interface BulkPhoto {
  originalName: string;
  /** Where the upload was spooled (a generated name in the bulk's temp folder). */
  path: string;
}

export interface MatchedRow {
  row: ShadeRow;
  photos: Array<BulkPhoto & { view: string }>;
  /** Set when the row itself cannot be submitted (e.g. its shade code appears twice in the CSV). */
  problem: BulkReason | null;
}

export interface UnmatchedPhoto {
  photo: BulkPhoto;
  reason: BulkReason;
}

export function matchPhotos(rows: ShadeRow[], photos: BulkPhoto[]): { matched: MatchedRow[]; unmatched: UnmatchedPhoto[] } {
  const byCode = new Map<string, MatchedRow>();
  const matched = rows.map((row) => {
    const entry: MatchedRow = { row, photos: [], problem: null };
    const code = row.fields.shadeCode.toLowerCase();
    const first = byCode.get(code);
    if (first) entry.problem = duplicateShadeCode(row.fields.shadeCode, first.row.csvLine);
    else if (code) byCode.set(code, entry);
    return entry;
  });
  const unmatched: UnmatchedPhoto[] = [];
  for (const photo of photos) {
    const parsed = parsePhotoFileName(photo.originalName);
    if (!parsed.ok) {
      unmatched.push({ photo, reason: badFileName(parsed.reasonText) });
      continue;
    }
    const target = byCode.get(parsed.name.shade.toLowerCase());
    if (!target) {
      unmatched.push({ photo, reason: noRowForShade(parsed.name.shade) });
      continue;
    }
    if (target.photos.some((p) => p.view === parsed.name.view)) {
      unmatched.push({ photo, reason: viewAlreadyTaken(parsed.name.shade, parsed.name.view) });
      continue;
    }
    target.photos.push({ ...photo, view: parsed.name.view });
  }
  return { matched, unmatched };
}
