import type { Knex } from 'knex';
import type { Db } from '../db/database.ts';
import { AppError } from '../http/errors.ts';
import { inCatalogueOrder, isMarketplaceCode } from './marketplaces.ts';

/**
 * Where a brand sells (brand_marketplaces) and which of those a submission targets
 * (submission_marketplaces). Codes come back in catalogue order.
 */
export function createMarketplaceRepository(db: Db) {
  async function ofBrand(brandId: string, conn: Knex | Knex.Transaction = db): Promise<string[]> {
    const rows: Array<{ marketplace: string }> = await conn('brand_marketplaces').where({ brand_id: brandId }).select('marketplace');
    return inCatalogueOrder(rows.map((r) => r.marketplace));
  }

  return {
    ofBrand,

    async setForBrand(brandId: string, codes: string[]): Promise<void> {
      const unknown = codes.filter((c) => !isMarketplaceCode(c));
      if (unknown.length) throw new AppError('VALIDATION_FAILED', `Unknown marketplace ${unknown.join(', ')}.`, { context: { fields: { marketplaces: 'is not a marketplace we know' } } });
      const at = new Date().toISOString();
      await db.transaction(async (trx) => {
        await trx('brand_marketplaces').where({ brand_id: brandId }).delete();
        const rows = inCatalogueOrder(codes).map((marketplace) => ({ brand_id: brandId, marketplace, created_at: at }));
        if (rows.length) await trx('brand_marketplaces').insert(rows);
      });
    },

    async ofSubmission(submissionId: string): Promise<string[]> {
      const rows: Array<{ marketplace: string }> = await db('submission_marketplaces').where({ submission_id: submissionId }).select('marketplace');
      return inCatalogueOrder(rows.map((r) => r.marketplace));
    },

    /**
     * The marketplaces a new submission targets: the requested ones, each of which the brand must sell
     * in, or all of the brand's when none are requested. Checked before any pixel is decoded.
     */
    async targetsFor(brandId: string, requested: unknown): Promise<string[]> {
      const sold = await ofBrand(brandId);
      const asked = requestedCodes(requested);
      if (asked.length === 0) return sold;
      const outside = asked.filter((c) => !sold.includes(c));
      if (outside.length) {
        throw new AppError('VALIDATION_FAILED', `Please correct: marketplaces ${outside.join(', ')} ${outside.length === 1 ? 'is' : 'are'} not among your brand's marketplaces (${sold.join(', ') || 'none yet'}).`, {
          context: { fields: { marketplaces: `must be among your brand's marketplaces: ${sold.join(', ') || 'none yet'}` } },
        });
      }
      return inCatalogueOrder(asked);
    },

    async recordTargets(trx: Knex.Transaction, submissionId: string, codes: string[]): Promise<void> {
      if (codes.length) await trx('submission_marketplaces').insert(codes.map((marketplace) => ({ submission_id: submissionId, marketplace })));
    },
  };
}

/** `marketplaces` as a form, the API or a CSV sends it: repeated fields, an array, or one comma/space-separated text. */
export function requestedCodes(value: unknown): string[] {
  const parts = (Array.isArray(value) ? value : [value]).flatMap((v) => (typeof v === 'string' ? v.split(/[\s,;]+/) : []));
  return [...new Set(parts.map((p) => p.trim().toUpperCase()).filter(Boolean))];
}

export type MarketplaceRepository = ReturnType<typeof createMarketplaceRepository>;
