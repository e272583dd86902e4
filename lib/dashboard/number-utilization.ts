import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { organizations, phoneNumbers } from '@/db/schema';
import { type AdminScope, inScope, inSubtreeOf } from '@/lib/auth/scope';
import { getHeadroom } from '@/lib/numbers/headroom';
import { listOrganizationsInScope, type OrganizationOption } from '@/lib/organizations/list-organizations';

export interface OrganizationUtilization extends OrganizationOption {
  /** Numbers of this organization itself (a parent does not see a child's pool, docs/product.md#headroom). */
  available: number;
  assigned: number;
  /** available − accounts without a number that are not Active (lib/numbers/headroom.ts). */
  headroom: number;
}

/**
 * Available and assigned numbers of every organization in scope (or in the subtree of `organizationId`,
 * looked up within scope), in tree order. Three set-based queries whatever the number of organizations:
 * the organizations, one grouped count of numbers, and the headroom of them all.
 */
export async function getNumberUtilization(
  db: Db,
  admin: AdminScope,
  organizationId?: string,
): Promise<OrganizationUtilization[]> {
  const all = await listOrganizationsInScope(db, admin);
  const inSubtree = organizationId ? await subtreeIds(db, admin, organizationId) : null;
  const shown = inSubtree ? all.filter((o) => inSubtree.has(o.id)) : all;
  if (shown.length === 0) return [];
  const ids = shown.map((o) => o.id);
  const [counts, headroom] = await Promise.all([
    db
      .select({
        organizationId: phoneNumbers.organizationId,
        assigned: sql<number>`count(*) filter (where ${phoneNumbers.accountId} is not null)`.mapWith(Number),
      })
      .from(phoneNumbers)
      .where(inScope(admin, phoneNumbers.organizationId))
      .groupBy(phoneNumbers.organizationId),
    getHeadroom(db, ids),
  ]);
  const assigned = new Map(counts.map((c) => [c.organizationId, c.assigned]));
  return shown.map((o) => {
    const h = headroom.get(o.id);
    return {
      ...o,
      available: h?.available ?? 0,
      assigned: assigned.get(o.id) ?? 0,
      headroom: h?.headroom ?? 0,
    };
  });
}

/** The organizations in the subtree of `organizationId`, itself looked up within scope. */
async function subtreeIds(db: Db, admin: AdminScope, organizationId: string): Promise<Set<string>> {
  const rows = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(inSubtreeOf(admin, organizationId, organizations.id));
  return new Set(rows.map((r) => r.id));
}
