import crypto from 'node:crypto';
import type { Db } from '../db/database.ts';
import { isLanguage, type Language } from '../i18n/i18n.ts';

/** brand: submits shades; reviewer: works the queue; operator: runs the portal (extractor rollouts) and sees what reviewers see of it; researcher: runs realism studies. */
export type Role = 'brand' | 'reviewer' | 'operator' | 'researcher';

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  brandId: string | null;
  brandName: string | null;
  /** The user's chosen language for pages and mail; null when they follow their browser. */
  language: Language | null;
}

export interface Brand {
  id: string;
  name: string;
  slug: string;
}

interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  brand_id: string | null;
  brand_name: string | null;
  password_hash: string;
  language: string | null;
}

const toUser = (r: UserRow): User => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role,
  brandId: r.brand_id,
  brandName: r.brand_name,
  language: isLanguage(r.language) ? r.language : null,
});

export function createUserRepository(db: Db) {
  const selectUsers = () =>
    db<UserRow>('users')
      .leftJoin('brands', 'brands.id', 'users.brand_id')
      .select('users.*', 'brands.name as brand_name');

  return {
    async createBrand(input: { name: string; slug: string }): Promise<Brand> {
      const brand = { id: crypto.randomUUID(), name: input.name, slug: input.slug };
      await db('brands').insert({ ...brand, created_at: new Date().toISOString() });
      return brand;
    },
    async findBrandBySlug(slug: string): Promise<Brand | null> {
      const row = await db('brands').where({ slug }).first();
      return row ? { id: row.id, name: row.name, slug: row.slug } : null;
    },
    async listBrands(): Promise<Brand[]> {
      const rows = await db('brands').select('id', 'name', 'slug').orderBy('name');
      return rows.map((r) => ({ id: r.id, name: r.name, slug: r.slug }));
    },
    async createUser(input: {
      email: string;
      name: string;
      role: Role;
      brandId: string | null;
      passwordHash: string;
    }): Promise<User> {
      const id = crypto.randomUUID();
      await db('users').insert({
        id,
        email: input.email.toLowerCase(),
        name: input.name,
        role: input.role,
        brand_id: input.brandId,
        password_hash: input.passwordHash,
        created_at: new Date().toISOString(),
      });
      return (await this.findById(id))!;
    },
    async setLanguage(userId: string, language: Language | null): Promise<void> {
      await db('users').where({ id: userId }).update({ language });
    },
    async findById(id: string): Promise<User | null> {
      const row = await selectUsers().where('users.id', id).first();
      return row ? toUser(row) : null;
    },
    /** The user with their password hash, for login only. */
    async findCredentials(email: string): Promise<{ user: User; passwordHash: string } | null> {
      const row = await selectUsers().where('users.email', email.toLowerCase()).first();
      return row ? { user: toUser(row), passwordHash: row.password_hash } : null;
    },
    async listBrandContacts(brandId: string): Promise<User[]> {
      const rows = await selectUsers().where('users.brand_id', brandId).andWhere('users.role', 'brand');
      return rows.map(toUser);
    },
  };
}

export type UserRepository = ReturnType<typeof createUserRepository>;
