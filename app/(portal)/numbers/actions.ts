'use server';

import { addNumbersSchema, moveNumbersSchema, retagNumbersSchema } from '@/lib/numbers/add-numbers-schema';
import { addNumbers } from '@/lib/numbers/add-numbers';
import { describeMove, moveNumbers } from '@/lib/numbers/move-numbers';
import { retagNumbers } from '@/lib/numbers/retag-numbers';
import { reserveTagSchema, setTagReserved } from '@/lib/numbers/reserved-tags';
import { adminAction } from '@/lib/auth/admin-action';
import { invalidateFilterOptions } from '@/lib/organizations/list-organizations';
import { revalidateChanged } from '../revalidate';

const count = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

export const addNumbersAction = adminAction(addNumbersSchema, async (input, { admin, db, meta }) => {
  const added = await addNumbers(db, admin, meta, input);
  // The Accounts filter and Add Account list the tags in scope: show a new tag at once.
  invalidateFilterOptions(db);
  revalidateChanged('numbers');
  return {
    ok: true,
    data: added,
    message: `${count(added.added, 'number', 'numbers')} added${added.tag ? ` with the tag ${added.tag}` : ''}.`,
  };
});

export const retagNumbersAction = adminAction(retagNumbersSchema, async ({ ids, tag }, { admin, db, meta }) => {
  const result = await retagNumbers(db, admin, meta, ids, tag);
  if (result.retagged > 0) {
    invalidateFilterOptions(db);
    revalidateChanged('numbers');
  }
  const done =
    result.retagged === 0
      ? 'No numbers were retagged'
      : `${count(result.retagged, 'number', 'numbers')} ${tag ? `tagged ${tag}` : 'untagged'}`;
  return {
    ok: true,
    data: result,
    message: `${done}.${result.notFound > 0 ? ` ${count(result.notFound, 'number was', 'numbers were')} not found.` : ''}`,
  };
});

export const moveNumbersAction = adminAction(
  moveNumbersSchema,
  async ({ ids, organizationId }, { admin, db, meta }) => {
    const result = await moveNumbers(db, admin, meta, ids, organizationId);
    // A tag may now appear in (or vanish from) a sub-organization administrator's scope.
    if (result.moved > 0) {
      invalidateFilterOptions(db);
      revalidateChanged('numbers');
    }
    return { ok: true, data: result, message: describeMove(result) };
  },
);

export const reserveTagAction = adminAction(reserveTagSchema, async (input, { admin, db, meta }) => {
  const changed = await setTagReserved(db, admin, meta, input);
  // Headroom and the Add Account / Assign Number pickers' labels change with it.
  if (changed) revalidateChanged('numbers');
  const done = input.reserved
    ? `${input.tag} is reserved: its numbers are assigned only by an administrator.`
    : `${input.tag} is no longer reserved.`;
  return {
    ok: true,
    data: { changed },
    message: changed ? done : `${input.tag} was already ${input.reserved ? 'reserved' : 'not reserved'}.`,
  };
});
