'use client';

import { useEffect, useEffectEvent, useState } from 'react';
import type { AddAccountOptions } from '@/lib/accounts/add-account-options';
import { addAccountOptionsAction } from './actions';

/** The group Add Account preselects: the organization's default. */
export function preferredGroupId(options: AddAccountOptions): string {
  return options.groups.find((g) => g.isDefault)?.id ?? options.groups[0]?.id ?? '';
}

/**
 * What Add Account offers for the organization chosen in the dialog: its groups, tags and available
 * numbers (those matching `search`), its headroom and the tenant's country for reading phone numbers.
 * They depend on what the administrator chooses and types in the dialog, so they are asked of the
 * server (addAccountOptionsAction) when the dialog opens and whenever the organization or the search
 * changes (typing waits 250 ms). `options` is null while another organization's are on their way, so
 * nothing of the previous organization can be submitted; a new search keeps the previous list
 * meanwhile. `onLoaded` runs with each answer.
 */
export function useAddAccountOptions(
  organizationId: string,
  search: string,
  onLoaded: (options: AddAccountOptions) => void,
): { options: AddAccountOptions | null; error: string | null } {
  const [loaded, setLoaded] = useState<{ organizationId: string; options: AddAccountOptions } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const loadedEvent = useEffectEvent(onLoaded);

  useEffect(() => {
    let current = true;
    const timer = setTimeout(
      () =>
        void addAccountOptionsAction({ organizationId, search: search || undefined }).then((res) => {
          if (!current) return;
          if (!res.ok) {
            setError(res.message);
            return;
          }
          setError(null);
          setLoaded({ organizationId, options: res.data });
          loadedEvent(res.data);
        }),
      search ? 250 : 0,
    );
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [organizationId, search]);

  return { options: loaded?.organizationId === organizationId ? loaded.options : null, error };
}
