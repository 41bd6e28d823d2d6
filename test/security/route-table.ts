import type express from 'express';
import type { Db } from '../../server/db/database.ts';

/** Every route the app has mounted, read from Express's router: new routes are covered without edits here. */
export interface MountedRoute {
  method: string;
  path: string;
}

export function mountedRoutes(app: express.Express): MountedRoute[] {
  const out: MountedRoute[] = [];
  const walk = (stack: Array<Record<string, any>>) => {
    for (const layer of stack) {
      if (layer.route) for (const method of Object.keys(layer.route.methods)) out.push({ method: method.toUpperCase(), path: String(layer.route.path) });
      else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((app as unknown as { router: { stack: Array<Record<string, any>> } }).router.stack);
  return out;
}

/** Fills `:id`-style parameters: ids with the given value, other parameters (`:kind`) with a plausible word. */
export function fillPath(path: string, id: string): string {
  return path.replace(/:([A-Za-z]+)/g, (_m, name: string) => (/id$/i.test(name) ? id : 'product'));
}

/** Ids of every row that belongs to a brand, from every table with a brand_id column. */
export async function idsOwnedBy(db: Db, brandId: string): Promise<string[]> {
  const tables = await tableNames(db);
  const ids = new Set<string>();
  for (const table of tables) {
    const columns = Object.keys(await db(table).columnInfo());
    if (!columns.includes('brand_id') || !columns.includes('id')) continue;
    for (const row of await db(table).where({ brand_id: brandId }).select('id').limit(20)) ids.add(String(row.id));
  }
  return [...ids];
}

export async function tableNames(db: Db): Promise<string[]> {
  if (db.client.config.client === 'pg') {
    const rows = await db('information_schema.tables').whereRaw('table_schema = current_schema()').whereNot('table_name', 'like', 'knex_%').select('table_name');
    return rows.map((r: { table_name: string }) => r.table_name);
  }
  const rows = await db('sqlite_master').where({ type: 'table' }).whereNot('name', 'like', 'sqlite_%').whereNot('name', 'like', 'knex_%').select('name');
  return rows.map((r: { name: string }) => r.name);
}
