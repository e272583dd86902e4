import { asc, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { type Organization, organizations, phoneNumbers } from '@/db/schema';
import { type AdminScope, inScope } from '@/lib/auth/scope';

export interface OrganizationOption extends Pick<Organization, 'id' | 'name' | 'code'> {
  /** Depth below the administrator's own organization (0 for it). */
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

export interface FilterOptions {
  organizations: OrganizationOption[];
  tags: string[];
}

/** How long the Accounts filter's options are reused for one scope. */
export const FILTER_OPTIONS_TTL_MS = 30_000;

interface FilterOptionsCacheEntry {
  expires: number;
  options: Promise<FilterOptions>;
}
const filterOptionsCache = new WeakMap<Db, Map<string, FilterOptionsCacheEntry>>();

/**
 * The organizations and number tags in scope, for the Accounts page's filter form and Add Account,
 * kept in this process for FILTER_OPTIONS_TTL_MS per database and scope path: both depend on nothing
 * else (see inScope), so administrators of one organization share an entry and no entry crosses scopes.
 * Saves two queries on most page loads (see docs/performance.md). Staleness: a change made by another
 * server instance (or directly in the database) may take up to 30 s to show in the dropdowns; a new
 * tenant's scope is a new key. The Organizations and Numbers pages call invalidateFilterOptions after a change, so this
 * process shows it at once. A failed load is not kept.
 */
export function filterOptionsInScope(db: Db, admin: AdminScope, now = Date.now()): Promise<FilterOptions> {
  let byScope = filterOptionsCache.get(db);
  if (!byScope) filterOptionsCache.set(db, (byScope = new Map<string, FilterOptionsCacheEntry>()));
  const cached = byScope.get(admin.scopePath);
  if (cached && cached.expires > now) return cached.options;
  if (byScope.size >= 1000) {
    for (const [key, entry] of byScope) if (entry.expires <= now) byScope.delete(key);
  }
  const options = Promise.all([listOrganizationsInScope(db, admin), listTagsInScope(db, admin)]).then(
    ([organizations, tags]) => ({ organizations, tags }),
  );
  const entry = { expires: now + FILTER_OPTIONS_TTL_MS, options };
  const map = byScope;
  map.set(admin.scopePath, entry);
  options.catch(() => {
    if (map.get(admin.scopePath) === entry) map.delete(admin.scopePath);
  });
  return options;
}

/**
 * Forgets this process's cached filter options of every scope, after a change to organizations or
 * number tags (the Organizations and Numbers pages call it after their transaction commits). Other
 * server instances still show the old options for up to FILTER_OPTIONS_TTL_MS.
 */
export function invalidateFilterOptions(db: Db): void {
  filterOptionsCache.delete(db);
}
