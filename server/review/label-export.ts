import { COORDINATE_CONVENTION } from '../../extraction/types.ts';
import type { PhotoLabel } from './review-repository.ts';

/**
 * The human-labelled photos as a data set for improving the extractor: image id, region, colour, finish.
 * Colour is the colour a reviewer picked, else the extractor's colour inside the drawn region.
 */
export interface LabelRecord {
  imageId: string;
  submissionId: string;
  region: { x: number; y: number; width: number; height: number; convention: string };
  color: string;
  colorSource: 'picked' | 'extracted';
  finish: string;
  extractor: string;
  labelledAt: string;
}

export function toLabelRecords(labels: PhotoLabel[]): LabelRecord[] {
  return labels.map((l) => ({
    imageId: l.photoId,
    submissionId: l.submissionId,
    region: { ...l.region, convention: COORDINATE_CONVENTION },
    color: l.pickedHex ?? l.extraction.color.hex,
    colorSource: l.pickedHex ? 'picked' : 'extracted',
    finish: l.extraction.finish.value,
    extractor: `${l.extraction.extractor.name}@${l.extraction.extractor.version}`,
    labelledAt: l.createdAt,
  }));
}

const CSV_COLUMNS = ['image_id', 'submission_id', 'region_x', 'region_y', 'region_width', 'region_height', 'color', 'color_source', 'finish', 'extractor', 'labelled_at'];

export function toLabelCsv(records: LabelRecord[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of records) {
    lines.push(
      [r.imageId, r.submissionId, r.region.x, r.region.y, r.region.width, r.region.height, r.color, r.colorSource, r.finish, r.extractor, r.labelledAt]
        .map(csvCell)
        .join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}

/**
 * One CSV cell, safe to open in a spreadsheet: text that a spreadsheet would run as a formula
 * (starting with = + - @ tab or CR) gets a leading apostrophe, and every text cell is quoted.
 */
export function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const defused = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${defused.replace(/"/g, '""')}"`;
}
