import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '@/db/client';
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
  const inSubtree = organizationId
    ? new Set(
        (
          await queryRows<{ id: string }>(
            db,
            sql`select id from organizations where ${inSubtreeOf(admin, organizationId, sql`id`)}`,
          )
        ).map((r) => r.id),
      )
    : null;
  const organizations = inSubtree ? all.filter((o) => inSubtree.has(o.id)) : all;
  if (organizations.length === 0) return [];
  const ids = organizations.map((o) => o.id);
  const [counts, headroom] = await Promise.all([
    queryRows<{ organization_id: string; assigned: number | string }>(
      db,
      sql`select organization_id, count(*) filter (where account_id is not null) as assigned
          from phone_numbers where ${inScope(admin, sql`organization_id`)} group by organization_id`,
    ),
    getHeadroom(db, ids),
  ]);
  const assigned = new Map(counts.map((c) => [c.organization_id, Number(c.assigned)]));
  return organizations.map((o) => {
    const h = headroom.get(o.id);
    return {
      ...o,
      available: h?.available ?? 0,
      assigned: assigned.get(o.id) ?? 0,
      headroom: h?.headroom ?? 0,
    };
  });
}
