import 'server-only';
import { cache } from 'react';
import { redirect } from 'next/navigation';
import { getDb } from '@/lib/db';
import { auth } from '@/lib/auth';
import { SIGN_IN_PATH } from '@/lib/auth/config';
import { type AdminScope, loadAdminScope } from '@/lib/auth/scope';

/**
 * The signed-in administrator, read from the database on every request: a removed administrator,
 * a changed role or a changed password (a newer session version) takes effect at once, whatever
 * the session cookie says.
 */
export const getCurrentAdmin = cache(async (): Promise<AdminScope | null> => {
  const session = await auth();
  const id = session?.user?.id;
  const sessionVersion = session?.user?.sessionVersion;
  // A session without a version predates versions: it is ended like any outdated one.
  if (!id || !/^[0-9a-f-]{36}$/i.test(id) || typeof sessionVersion !== 'number') return null;
  return loadAdminScope(await getDb(), { id, sessionVersion });
});

/** For pages: the administrator, or a redirect to Sign in. */
export async function requireAdmin(): Promise<AdminScope> {
  const admin = await getCurrentAdmin();
  if (!admin) redirect(SIGN_IN_PATH);
  return admin;
}
