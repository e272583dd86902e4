import { type AnyColumn, and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '@/db/client';
import { type Administrator, administrators, type Organization, organizations } from '@/db/schema';

/** What every scoped query needs to know about the administrator. */
export interface AdminScope extends Pick<Administrator, 'id' | 'email' | 'name' | 'role' | 'organizationId'> {
  organizationName: Organization['name'];
  tenantId: Organization['tenantId'];
  /** Materialized path of the administrator's organization; the scope is everything below it. */
  scopePath: Organization['path'];
}

/**
 * `column` (an organization id) lies in the administrator's subtree. Scope lives in the WHERE
 * clause of every query, so a record outside it is simply not found.
 *
 * `= any(array(subquery))` rather than `in (subquery)`: the same rows, but Postgres runs the
 * subquery once as an InitPlan instead of adding a semi-join to the join search, which made
 * planning the Accounts page query 3–4× slower (several ms per request; see docs/performance.md).
 */
export function inScope(admin: Pick<AdminScope, 'scopePath'>, column: AnyColumn | SQL): SQL {
  return sql`${column} = any(array(select ${organizations.id} from ${organizations} where ${organizations.path} like ${`${admin.scopePath}%`}))`;
}

/** The organizations of a subtree, and the organization at its top (inSubtreeOf's subquery). */
const subtree = alias(organizations, 'subtree');
const subtreeTop = alias(organizations, 'subtree_top');

/** `column` lies in the subtree of organization `organizationId`, itself looked up within scope. */
export function inSubtreeOf(
  admin: Pick<AdminScope, 'scopePath'>,
  organizationId: string,
  column: AnyColumn | SQL,
): SQL {
  return sql`${column} = any(array(
    select ${subtree.id} from ${organizations} as ${subtree}
    join ${organizations} as ${subtreeTop} on ${subtree.path} like ${subtreeTop.path} || '%'
    where ${subtreeTop.id} = ${organizationId} and ${subtreeTop.path} like ${`${admin.scopePath}%`}))`;
}

/**
 * The scope of an active administrator (by id, or by email for tools and tests), or null. With
 * `sessionVersion` (a session's), null too when the administrator's sessions have been ended since
 * it was issued: a password change, a removal or a role change.
 */
export async function loadAdminScope(
  db: Db,
  by: ({ id: string } | { email: string }) & { sessionVersion?: number },
): Promise<AdminScope | null> {
  const [row] = await db
    .select({
      id: administrators.id,
      email: administrators.email,
      name: administrators.name,
      role: administrators.role,
      organizationId: administrators.organizationId,
      organizationName: organizations.name,
      tenantId: organizations.tenantId,
      scopePath: organizations.path,
    })
    .from(administrators)
    .innerJoin(organizations, eq(organizations.id, administrators.organizationId))
    .where(
      and(
        'id' in by ? eq(administrators.id, by.id) : sql`lower(${administrators.email}) = ${by.email.toLowerCase()}`,
        eq(administrators.status, 'active'),
        by.sessionVersion === undefined ? undefined : eq(administrators.sessionVersion, by.sessionVersion),
      ),
    );
  return row ?? null;
}

/** Ends every session of these administrators at their next request (lib/auth/current-admin.ts). */
export async function endSessions(db: Db, administratorIds: string[]): Promise<void> {
  if (administratorIds.length === 0) return;
  await db
    .update(administrators)
    .set({ sessionVersion: sql`${administrators.sessionVersion} + 1` })
    .where(inArray(administrators.id, administratorIds));
}
