import type { Metadata } from 'next';
import { requireAdmin } from '@/lib/auth/current-admin';

export const metadata: Metadata = { title: 'Your profile' };

/** The signed-in administrator and their scope. Also the benchmark's floor: a minimal signed-in page. */
export default async function ProfilePage() {
  const admin = await requireAdmin();
  return (
    <section className="max-w-xl rounded-xl border border-slate-200 bg-white p-6">
      <h1 className="text-xl font-semibold">Your profile</h1>
      <dl className="mt-4 grid grid-cols-[10rem_1fr] gap-y-2 text-sm">
        <dt className="text-slate-500">Name</dt>
        <dd>{admin.name}</dd>
        <dt className="text-slate-500">Email</dt>
        <dd>{admin.email}</dd>
        <dt className="text-slate-500">Role</dt>
        <dd>{admin.role === 'owner' ? 'Owner (whole tenant)' : 'Administrator'}</dd>
        <dt className="text-slate-500">Scope</dt>
        <dd>{admin.organizationName} and everything below it</dd>
      </dl>
    </section>
  );
}
