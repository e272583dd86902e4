'use client';

import { Dialog, Tabs } from 'radix-ui';
import { useState } from 'react';
import { Button } from '@/app/_components/ui/button';
import { ModalDialog } from '@/app/_components/ui/modal-dialog';
import type { OrganizationOption } from '@/lib/organizations/list-organizations';
import { MultipleAccountsForm } from './multiple-accounts-form';
import { SingleAccountForm } from './single-account-form';

/**
 * Add Account: the dialog, tabs "Single Account" (docs/product.md#add-account-single) and "Multiple
 * Accounts" (docs/product.md#add-account-multiple). Each tab asks the server for the chosen
 * organization's options when it opens (use-add-account-options.ts).
 */
export function AddAccountDialog({
  organizations,
  defaultOrganizationId,
  onDone,
}: {
  organizations: OrganizationOption[];
  defaultOrganizationId: string;
  onDone: (message: string) => void;
}) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger asChild>
        <Button variant="primary">Add Account</Button>
      </Dialog.Trigger>
      <ModalDialog
        title="Add Account"
        description="Add a MultiLine user, assign a number, and send the invitation."
        hideDescription
        width="w-[40rem]"
        scrollable
      >
        <Tabs.Root defaultValue="single" className="mt-3">
          <Tabs.List aria-label="How to add" className="mb-4 flex gap-1 border-b border-slate-200">
            <Tabs.Trigger
              value="single"
              className="-mb-px border-b-2 border-transparent px-3 py-1.5 text-sm data-[state=active]:border-brand-600 data-[state=active]:font-medium"
            >
              Single Account
            </Tabs.Trigger>
            <Tabs.Trigger
              value="multiple"
              className="-mb-px border-b-2 border-transparent px-3 py-1.5 text-sm data-[state=active]:border-brand-600 data-[state=active]:font-medium"
            >
              Multiple Accounts
            </Tabs.Trigger>
          </Tabs.List>
          <Tabs.Content value="single">
            <SingleAccountForm
              organizations={organizations}
              defaultOrganizationId={defaultOrganizationId}
              onDone={(message) => {
                setOpen(false);
                onDone(message);
              }}
            />
          </Tabs.Content>
          <Tabs.Content value="multiple">
            <MultipleAccountsForm organizations={organizations} defaultOrganizationId={defaultOrganizationId} />
          </Tabs.Content>
        </Tabs.Root>
      </ModalDialog>
    </Dialog.Root>
  );
}
