import { asc, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { organizations, phoneNumbers } from '@/db/schema';
import { type AdminScope, inScope } from '@/lib/auth/scope';

export interface OrganizationOption {
  id: string;
  name: string;
  code: string;
  depth: number;
}

/** Organizations in scope, in tree order (parents before their children). */
export async function listOrganizationsInScope(db: Db, admin: AdminScope): Promise<OrganizationOption[]> {
  const rows = await db
    .select({ id: organizations.id, name: organizations.name, code: organizations.code, depth: organizations.depth, path: organizations.path })
    .from(organizations)
    .where(inScope(admin, organizations.id))
    .orderBy(asc(organizations.path));
  // Sort by the chain of names rather than ids, so siblings appear alphabetically.
  const byId = new Map(rows.map((r) => [r.id, r]));
  const key = (path: string) =>
    path
      .split('/')
      .filter(Boolean)
      .map((id) => byId.get(id)?.name.toLowerCase() ?? '')
      .join('\u0000');
  const baseDepth = Math.min(...rows.map((r) => r.depth));
  return rows
    .sort((a, b) => key(a.path).localeCompare(key(b.path)))
    .map((r) => ({ id: r.id, name: r.name, code: r.code, depth: r.depth - baseDepth }));
}

/** Number tags used in scope, for the Accounts filter. */
export async function listTagsInScope(db: Db, admin: AdminScope): Promise<string[]> {
  const rows = await db
    .selectDistinct({ tag: phoneNumbers.tag })
    .from(phoneNumbers)
    .where(sql`${phoneNumbers.tag} is not null and ${inScope(admin, phoneNumbers.organizationId)}`)
    .orderBy(asc(phoneNumbers.tag));
  return rows.map((r) => r.tag!).filter(Boolean);
}
