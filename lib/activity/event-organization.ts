import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { organizations } from '@/db/schema';
import { pgArray } from '@/db/sql-helpers';

/**
 * The organization an audit event about records of these organizations belongs to: the lowest one
 * that contains them all (the organization itself when there is one, else their nearest common
 * ancestor), or null for none. The Activity page shows an event to the administrators whose subtree
 * holds its organization, so an event about Sales accounts is seen by Sales's administrators and one
 * about Sales and Support accounts only by administrators of both.
 */
export async function commonOrganization(db: Db, organizationIds: readonly string[]): Promise<string | null> {
  const ids = [...new Set(organizationIds)];
  if (ids.length === 0) return null;
  if (ids.length === 1) return ids[0]!;
  const rows = await db
    .select({ path: organizations.path })
    .from(organizations)
    .where(sql`${organizations.id} = any(${pgArray(ids)}::uuid[])`);
  return lowestCommonOrganization(rows.map((r) => r.path));
}

/** The last id that the materialized paths ("/root/child/") share, or null. */
export function lowestCommonOrganization(paths: readonly string[]): string | null {
  if (paths.length === 0) return null;
  const chains = paths.map((p) => p.split('/').filter(Boolean));
  let common: string | null = null;
  for (let i = 0; ; i++) {
    const id = chains[0]![i];
    if (id === undefined || chains.some((c) => c[i] !== id)) return common;
    common = id;
  }
}
