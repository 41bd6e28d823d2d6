import type { Photo, Submission } from '../repositories/submission-repository.ts';
import { verdictSentence } from '../views/submission-presenter.ts';
import { extractionJson } from './extraction-json.ts';

/**
 * A submission as the API shows it: the same verdict, findings and extraction as the verdict page
 * (the one-sentence summary comes from the page's presenter), shaped by `submissionSchema`.
 */
export function submissionSummaryJson(s: Submission, photos: Photo[] = []) {
  return {
    id: s.id,
    status: s.status,
    verdict: s.verdict,
    summary: verdictSentence(s, photos),
    productLine: s.productLine,
    shadeCode: s.shadeCode,
    shadeName: s.shadeName,
    category: s.category,
    declaredFinish: s.declaredFinish,
    swatchHex: s.swatchHex,
    replacesId: s.replacesId,
    extraction: s.extraction ? extractionJson(s.extraction) : null,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    links: { self: `/api/v1/submissions/${s.id}`, page: `/submissions/${s.id}` },
  };
}

export function submissionJson(s: Submission, photos: Photo[], duplicate: boolean) {
  return {
    ...submissionSummaryJson(s, photos),
    photos: photos.map((p) => ({
      id: p.id,
      view: p.view,
      fileName: p.displayName,
      sha256: p.sha256,
      width: p.width,
      height: p.height,
      verdict: p.verdict,
      findings: p.findings,
    })),
    duplicate,
  };
}
