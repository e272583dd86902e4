'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { Dialog } from 'radix-ui';
import { useId, useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { Button } from '@/app/_components/ui/button';
import { DialogFormButtons, FormAlert, FormField } from '@/app/_components/ui/form-field';
import { inputClasses } from '@/app/_components/ui/input-classes';
import { ModalDialog } from '@/app/_components/ui/modal-dialog';
import { renameOrganizationSchema } from '@/lib/organizations/organization-schemas';
import { renamePermissionGroupSchema } from '@/lib/permission-groups/permission-group-schemas';
import { renameOrganizationAction, renamePermissionGroupAction } from './actions';
import { useShowResult } from './organizations-result';

// The name field of the actions' own schemas; the id travels as a prop.
const KINDS = {
  organization: {
    title: 'Rename organization',
    schema: renameOrganizationSchema.pick({ name: true }),
    action: (id: string, name: string) => renameOrganizationAction({ organizationId: id, name }),
  },
  group: {
    title: 'Rename group',
    schema: renamePermissionGroupSchema.pick({ name: true }),
    action: (id: string, name: string) => renamePermissionGroupAction({ groupId: id, name }),
  },
} as const;

/** "Rename" for an organization or a User Permissions group: a dialog with the one Name field. */
export function RenameDialog({
  kind,
  id: targetId,
  currentName,
}: {
  kind: keyof typeof KINDS;
  id: string;
  currentName: string;
}) {
  const { title, schema, action } = KINDS[kind];
  const id = useId();
  const show = useShowResult();
  const [open, setOpen] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, startSubmit] = useTransition();
  const form = useForm<{ name: string }>({ resolver: zodResolver(schema), defaultValues: { name: currentName } });
  const { register, handleSubmit, setError, formState } = form;
  const error = formState.errors.name;

  const submit = handleSubmit(({ name }) => {
    setFormError(null);
    startSubmit(async () => {
      const res = await action(targetId, name);
      if (res.ok) {
        setOpen(false);
        form.reset({ name });
        show({ ok: true, message: res.message ?? 'Renamed.' });
        return;
      }
      setFormError(res.message);
      const fieldError = res.fieldErrors?.name?.[0];
      if (fieldError) setError('name', { message: fieldError });
    });
  });

  return (
    <Dialog.Root
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) form.reset({ name: currentName });
        setFormError(null);
      }}
    >
      <Dialog.Trigger asChild>
        <Button aria-label={`Rename ${currentName}`}>Rename</Button>
      </Dialog.Trigger>
      <ModalDialog title={title} description={currentName} width="w-[26rem]" closeButton={false}>
        <form noValidate onSubmit={(e) => void submit(e)} className="mt-4 space-y-4">
          <FormField id={`${id}-name`} label="Name" error={error}>
            {(control) => <input className={inputClasses} autoComplete="off" {...control} {...register('name')} />}
          </FormField>
          <FormAlert>{formError}</FormAlert>
          <DialogFormButtons>
            <Button type="submit" variant="primary" disabled={submitting}>
              Save
            </Button>
          </DialogFormButtons>
        </form>
      </ModalDialog>
    </Dialog.Root>
  );
}
