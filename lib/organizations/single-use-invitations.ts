import { sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { type Db, queryRows } from '@/db/client';
import { type Organization, organizations } from '@/db/schema';
import { pgArray } from '@/db/sql-helpers';
import type { SingleUseChoice } from '@/lib/organizations/organization-schemas';

export interface SingleUseSetting {
  /** The organization's own value: true, false, or null to inherit its parent's. */
  own: Organization['singleUseInvitations'];
  /** What applies: the nearest own value on the way up to the root; a root's null is off. */
  effective: boolean;
}

/** The setting, and what Inherit would give: the parent's effective value (a root's is off). */
export interface ResolvedSingleUse extends SingleUseSetting {
  inherited: boolean;
}

const ancestor = alias(organizations, 'ancestor');

/**
 * The single-use setting of each organization: one statement for the whole set, whatever the number of
 * accounts behind it. The ancestors are read from the materialized path (`/root/child/`) by primary key,
 * and the deepest one with a value decides.
 */
export async function resolveSingleUseInvitations(
  db: Db,
  organizationIds: readonly string[],
): Promise<Map<string, ResolvedSingleUse>> {
  const ids = [...new Set(organizationIds)];
  if (ids.length === 0) return new Map();
  const rows = await queryRows<{ id: string; own: boolean | null; inherited: boolean }>(
    db,
    sql`select ${organizations.id} as "id", ${organizations.singleUseInvitations} as "own",
          coalesce((select ${ancestor.singleUseInvitations} from ${organizations} as ${ancestor}
                     where ${ancestor.id} = any(string_to_array(trim(both '/' from ${organizations.path}), '/')::uuid[])
                       and ${ancestor.id} <> ${organizations.id}
                       and ${ancestor.singleUseInvitations} is not null
                     order by ${ancestor.depth} desc limit 1), false) as "inherited"
        from ${organizations}
        where ${organizations.id} = any(${pgArray(ids)}::uuid[])`,
  );
  return new Map(rows.map((r) => [r.id, { own: r.own, inherited: r.inherited, effective: r.own ?? r.inherited }]));
}

/** The stored value (null inherits) as the setting's choice. */
export function singleUseChoiceOf(own: boolean | null): SingleUseChoice {
  return own === null ? 'inherit' : own ? 'on' : 'off';
}

export function singleUseValueOf(choice: SingleUseChoice): boolean | null {
  return choice === 'inherit' ? null : choice === 'on';
}
