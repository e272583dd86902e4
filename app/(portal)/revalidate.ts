import 'server-only';
import { revalidatePath } from 'next/cache';

/**
 * The portal pages that show each kind of record. Every change is also an event of the Activity page.
 * Organizations are not here: their names are on every page and in the layout's header.
 */
const SHOWN_ON = {
  // The Organizations and Dashboard pages count accounts by status, and headroom; Numbers names the account of a number.
  accounts: ['/accounts', '/organizations', '/dashboard', '/numbers'],
  // Accounts shows each account's number and tag, and filters by tag; Organizations and Dashboard count them.
  numbers: ['/numbers', '/accounts', '/organizations', '/dashboard'],
  // Accounts shows each account's group.
  permissionGroups: ['/organizations', '/accounts'],
  administrators: ['/administrators'],
  // An organization's settings (single-use invitations), shown on the Organizations page only; its name is revalidateOrganizations's.
  organizationSettings: ['/organizations'],
} as const;

/**
 * For a server action that changed records of these kinds, after the change committed: the pages
 * that show them are revalidated. The page the action was called from is rendered again in the
 * action's own response, so the browser shows the change without a `router.refresh()`; the others are
 * fetched afresh on the next visit. An action that changed nothing (everything not found, or refused)
 * revalidates nothing: its answer is its result alone.
 */
export function revalidateChanged(...kinds: (keyof typeof SHOWN_ON)[]) {
  const pages = new Set<string>(kinds.flatMap((kind) => SHOWN_ON[kind]));
  pages.add('/activity');
  for (const page of pages) revalidatePath(page);
  // Every account page shows its account's fields, number and invitations.
  if (kinds.includes('accounts') || kinds.includes('numbers')) revalidatePath('/accounts/[id]', 'page');
}

/** For a change to the organization tree (a new organization, a new name): every page, and the layout's header. */
export function revalidateOrganizations() {
  revalidatePath('/', 'layout');
}
