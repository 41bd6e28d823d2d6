import { COORDINATE_CONVENTION } from '../../extraction/types.ts';
import { csvDocument } from '../views/csv-writer.ts';
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
  return csvDocument(
    CSV_COLUMNS,
    records.map((r) => [r.imageId, r.submissionId, r.region.x, r.region.y, r.region.width, r.region.height, r.color, r.colorSource, r.finish, r.extractor, r.labelledAt]),
  );
}
