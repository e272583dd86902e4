import Link from 'next/link';
import { requireAdmin } from '@/lib/auth/current-admin';
import { signOutAction } from './actions';
import { NavLink } from './nav-link';

/** Pages that exist; a page is listed here when it is built, not before. */
const NAVIGATION = [
  { href: '/dashboard', label: 'Dashboard' },
  { href: '/accounts', label: 'Accounts' },
  { href: '/organizations', label: 'Organizations' },
  { href: '/numbers', label: 'Numbers' },
  { href: '/administrators', label: 'Administrators' },
  { href: '/activity', label: 'Activity' },
];

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const admin = await requireAdmin();
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl items-center gap-6 px-6 py-3">
          <Link href="/dashboard" className="font-semibold text-brand-700">
            MultiLine Admin
          </Link>
          <nav aria-label="Main" className="flex gap-1">
            {NAVIGATION.map((item) => (
              <NavLink key={item.href} href={item.href}>
                {item.label}
              </NavLink>
            ))}
          </nav>
          <div className="ml-auto flex items-center gap-3 text-sm">
            <Link href="/profile" className="text-slate-700 hover:underline">
              {admin.name} · {admin.organizationName}
            </Link>
            <form action={signOutAction}>
              <button type="submit" className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-100">
                Sign out
              </button>
            </form>
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-6 py-6">{children}</main>
    </div>
  );
}
