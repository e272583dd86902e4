import 'server-only';
import { cache } from 'react';
import { redirect } from 'next/navigation';
import { and, eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { administrators, organizations } from '@/db/schema';
import { auth } from '@/lib/auth';
import { SIGN_IN_PATH } from '@/lib/auth/config';
import type { AdminScope } from '@/lib/auth/scope';

/**
 * The signed-in administrator, read from the database on every request: a removed administrator
 * or a changed role takes effect at once, whatever the session cookie says.
 */
export const getCurrentAdmin = cache(async (): Promise<AdminScope | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id || !/^[0-9a-f-]{36}$/i.test(id)) return null;
  const db = await getDb();
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
    .where(and(eq(administrators.id, id), eq(administrators.status, 'active')));
  return row ?? null;
});

/** For pages: the administrator, or a redirect to Sign in. */
export async function requireAdmin(): Promise<AdminScope> {
  const admin = await getCurrentAdmin();
  if (!admin) redirect(SIGN_IN_PATH);
  return admin;
}
