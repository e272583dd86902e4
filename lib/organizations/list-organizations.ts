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
    .select({
      id: organizations.id,
      name: organizations.name,
      code: organizations.code,
      depth: organizations.depth,
      path: organizations.path,
    })
    .from(organizations)
    .where(inScope(admin, organizations.id))
    .orderBy(asc(organizations.path));
  // Sort by the chain of names rather than ids, level by level, so siblings appear alphabetically
  // and every organization comes right before its own children.
  const byId = new Map(rows.map((r) => [r.id, r]));
  const chain = (path: string) =>
    path
      .split('/')
      .filter(Boolean)
      .map((id) => byId.get(id)?.name.toLowerCase() ?? '');
  const baseDepth = Math.min(...rows.map((r) => r.depth));
  return rows
    .sort((a, b) => {
      const x = chain(a.path);
      const y = chain(b.path);
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const c = x[i]!.localeCompare(y[i]!);
        if (c) return c;
      }
      return x.length - y.length;
    })
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
