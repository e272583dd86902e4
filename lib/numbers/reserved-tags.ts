import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { reservedTags } from '@/db/schema';
import { recordAuditEvent, type RequestMeta } from '@/lib/audit/record-audit-event';
import type { AdminScope } from '@/lib/auth/scope';
import { UserFacingError } from '@/lib/errors';
import { TAG_INVALID, TAG_PATTERN } from '@/lib/numbers/add-numbers-schema';

/** The refusal an administrator who is not an owner gets: reserved tags are the whole tenant's. */
export const ONLY_OWNERS_RESERVE_TAGS = 'Only an owner can reserve tags. Ask an owner to change it.';

/** Mark reserved (or not) one tag of the tenant: the Numbers page's Reserved switches and form. */
export const reserveTagSchema = z.object({
  /** The tenant (its root organization), named so that a call for another tenant is refused, not applied to the caller's. */
  tenantId: z.uuid(),
  tag: z.string().trim().toUpperCase().regex(TAG_PATTERN, TAG_INVALID),
  reserved: z.boolean(),
});
export type ReserveTagInput = z.input<typeof reserveTagSchema>;

/** The tenant's reserved tags, in order. */
export async function listReservedTags(db: Db, tenantId: string): Promise<string[]> {
  const rows = await db
    .select({ tag: reservedTags.tag })
    .from(reservedTags)
    .where(eq(reservedTags.tenantId, tenantId))
    .orderBy(asc(reservedTags.tag));
  return rows.map((r) => r.tag);
}

/**
 * Marks a tag reserved in the administrator's tenant, or no longer reserved (docs/product.md#headroom):
 * its numbers then leave (or rejoin) every organization's headroom and the activation choices. Owners
 * only, since it changes the whole tenant; a tag need not be in use yet, so an owner can reserve it
 * before adding its numbers. Changes nothing (and records nothing) when the tag is already so.
 * Returns whether it changed.
 */
export async function setTagReserved(
  db: Db,
  admin: AdminScope,
  meta: RequestMeta,
  input: z.output<typeof reserveTagSchema>,
): Promise<boolean> {
  if (input.tenantId !== admin.tenantId) throw new UserFacingError('The organization was not found.');
  if (admin.role !== 'owner') throw new UserFacingError(ONLY_OWNERS_RESERVE_TAGS);
  return db.transaction(async (tx) => {
    const changed = input.reserved
      ? await tx
          .insert(reservedTags)
          .values({ tenantId: admin.tenantId, tag: input.tag })
          .onConflictDoNothing()
          .returning({ tag: reservedTags.tag })
      : await tx
          .delete(reservedTags)
          .where(and(eq(reservedTags.tenantId, admin.tenantId), eq(reservedTags.tag, input.tag)))
          .returning({ tag: reservedTags.tag });
    if (changed.length === 0) return false;
    await recordAuditEvent(tx, admin, meta, {
      action: input.reserved ? 'number.tag_reserve' : 'number.tag_unreserve',
      targetType: 'tag',
      targetIds: [input.tag],
      organizationId: admin.tenantId,
      details: { tag: input.tag },
    });
    return true;
  });
}
