import crypto from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { MARKETPLACE_CODES } from '../../marketplaces/marketplaces.ts';
import type { ApiServices } from '../../api/api-services.ts';
import { encodeCursor, sequenceFromCursor } from '../../api/api-cursor.ts';
import { handler } from '../async-handler.ts';
import { notFound } from '../errors.ts';
import { badQuery } from './api-submission-routes.ts';

const listQuerySchema = z.object({
  cursor: z.string().max(200).optional(),
  updated_since: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  marketplace: z.enum(MARKETPLACE_CODES as [string, ...string[]], { error: `must be one of ${MARKETPLACE_CODES.join(', ')}` }).optional(),
});

/** `?marketplace=` on one shade and its images: that marketplace's view of the shade. */
const marketplaceQuerySchema = listQuerySchema.pick({ marketplace: true });

/** The export for the 3D team (export token): accepted shades, their versions and their images. */
export function createApiShadeRoutes(api: ApiServices): Router {
  const router = Router();
  const exportToken = api.bearerAuth('export');

  router.get('/api/v1/shades', exportToken, handler(list));
  router.get('/api/v1/shades/:id', exportToken, handler(one));
  router.get('/api/v1/shades/:id/images/original', exportToken, handler(original));
  router.get('/api/v1/shades/:id/images/crop', exportToken, handler(crop));

  async function list(req: Request, res: Response) {
    const query = listQuerySchema.safeParse(req.query);
    if (!query.success) throw badQuery(query.error);
    const afterSeq = query.data.cursor ? sequenceFromCursor(query.data.cursor) : 0;
    const updatedSince = query.data.updated_since ? new Date(query.data.updated_since).toISOString() : undefined;
    const page = await api.shadeExport.list({ afterSeq, updatedSince, marketplace: query.data.marketplace, limit: query.data.limit });
    sendJsonWithEtag(req, res, { data: page.documents, nextCursor: encodeCursor([page.lastSeq]), hasMore: page.hasMore });
  }

  async function one(req: Request, res: Response) {
    const id = String(req.params.id);
    const query = marketplaceQuerySchema.safeParse(req.query);
    if (!query.success) throw badQuery(query.error);
    const shade = z.uuid().safeParse(id).success ? await api.shadeExport.find(id, query.data.marketplace) : null;
    if (!shade) throw notFound('That shade');
    sendJsonWithEtag(req, res, { shade, history: await api.shadeExport.history(id) });
  }

  /** The shade's photo. Its copies are stored (rendered once by the analysis children); the original is checked against its SHA-256 before any is made. */
  async function imageSource(req: Request) {
    const id = String(req.params.id);
    const query = marketplaceQuerySchema.safeParse(req.query);
    if (!query.success) throw badQuery(query.error);
    const source = z.uuid().safeParse(id).success ? await api.shadeExport.imageSource(id, query.data.marketplace) : null;
    if (!source) throw notFound('That shade image');
    return source;
  }

  async function original(req: Request, res: Response) {
    const image = await api.photoCopies.size(await imageSource(req), 'full');
    res.set({ 'Content-Type': 'image/jpeg', 'Cache-Control': 'private, max-age=3600', 'X-Content-Type-Options': 'nosniff' }).send(image);
  }

  async function crop(req: Request, res: Response) {
    const source = await imageSource(req);
    const image = await api.photoCopies.crop(source, source.region);
    res.set({ 'Content-Type': 'image/png', 'Cache-Control': 'private, max-age=3600', 'X-Content-Type-Options': 'nosniff' }).send(image);
  }

  return router;
}

/** JSON with a strong ETag over the body; a matching If-None-Match answers 304 without the body. */
function sendJsonWithEtag(req: Request, res: Response, body: unknown) {
  const text = JSON.stringify(body);
  const etag = `"${crypto.createHash('sha256').update(text).digest('base64url').slice(0, 32)}"`;
  res.set({ ETag: etag, 'Cache-Control': 'private, no-cache' });
  const inm = req.get('if-none-match');
  if (inm && inm.split(',').some((t) => t.trim() === etag || t.trim() === `W/${etag}`)) {
    res.status(304).end();
    return;
  }
  res.type('application/json').send(text);
}
