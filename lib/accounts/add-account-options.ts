import { asc, desc, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { permissionGroups } from '@/db/schema';
import { organizationCountry } from '@/lib/accounts/add-account';
import type { AdminScope } from '@/lib/auth/scope';
import { getHeadroom } from '@/lib/numbers/headroom';
import { type AvailableNumber, availableNumbers, availableTags, type TagCount } from '@/lib/numbers/available-numbers';

export interface AddAccountOptions {
  defaultCountry: string;
  groups: { id: string; name: string; isDefault: boolean }[];
  tags: TagCount[];
  /** Reserved ones included, marked: an administrator may assign them. */
  numbers: AvailableNumber[];
  headroom: number;
}

/** What the Add Account dialog offers for one organization in scope; null when it is out of scope. */
export async function getAddAccountOptions(
  db: Db,
  admin: AdminScope,
  organizationId: string,
  search?: string,
): Promise<AddAccountOptions | null> {
  const defaultCountry = await organizationCountry(db, admin, organizationId);
  if (!defaultCountry) return null;
  const [groups, tags, numbers, headroom] = await Promise.all([
    db
      .select({ id: permissionGroups.id, name: permissionGroups.name, isDefault: permissionGroups.isDefault })
      .from(permissionGroups)
      .where(eq(permissionGroups.organizationId, organizationId))
      .orderBy(desc(permissionGroups.isDefault), asc(permissionGroups.name)),
    availableTags(db, organizationId, { reserved: 'include' }),
    availableNumbers(db, organizationId, { search, limit: 100, reserved: 'include' }),
    getHeadroom(db, [organizationId]),
  ]);
  return { defaultCountry, groups, tags, numbers, headroom: headroom.get(organizationId)?.headroom ?? 0 };
}
