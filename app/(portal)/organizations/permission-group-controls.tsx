'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useId, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { Button } from '@/app/_components/ui/button';
import { ConfirmDialog } from '@/app/_components/ui/confirm-dialog';
import { FormField } from '@/app/_components/ui/form-field';
import {
  type CreatePermissionGroupInput,
  createPermissionGroupSchema,
} from '@/lib/permission-groups/permission-group-schemas';
import { createPermissionGroupAction, deletePermissionGroupAction, setDefaultPermissionGroupAction } from './actions';
import { useShowResult } from './organizations-result';

/** "Set as default" and "Delete" for one group. The server decides whether a group may go, and says why not. */
export function PermissionGroupButtons({ id, name, isDefault }: { id: string; name: string; isDefault: boolean }) {
  const show = useShowResult();
  const [pending, startTransition] = useTransition();
  const run = (action: () => ReturnType<typeof deletePermissionGroupAction>) =>
    startTransition(async () => {
      const res = await action();
      show({ ok: res.ok, message: res.message ?? (res.ok ? 'Done.' : 'Something went wrong.') });
    });
  return (
    <>
      {!isDefault && (
        <Button
          aria-label={`Set as default: ${name}`}
          disabled={pending}
          onClick={() => run(() => setDefaultPermissionGroupAction({ groupId: id }))}
        >
          Set as default
        </Button>
      )}
      <ConfirmDialog
        trigger={
          <Button variant="danger" aria-label={`Delete ${name}`} value={id} disabled={pending}>
            Delete
          </Button>
        }
        title={`Delete the group “${name}”?`}
        description="Only a group that no account uses, and that is not the default, can be deleted."
        confirmLabel="Delete group"
        onConfirm={() => run(() => deletePermissionGroupAction({ groupId: id }))}
      />
    </>
  );
}

/** Adds a group to the organization shown. */
export function AddPermissionGroupForm({ organizationId }: { organizationId: string }) {
  const id = useId();
  const show = useShowResult();
  const [submitting, startSubmit] = useTransition();
  const form = useForm<CreatePermissionGroupInput>({
    resolver: zodResolver(createPermissionGroupSchema),
    defaultValues: { organizationId, name: '' },
  });
  const { register, handleSubmit, setError, formState } = form;
  const error = formState.errors.name;

  const submit = handleSubmit((values) => {
    startSubmit(async () => {
      const res = await createPermissionGroupAction(values);
      if (res.ok) form.reset({ organizationId, name: '' });
      else if (res.fieldErrors?.name?.[0]) setError('name', { message: res.fieldErrors.name[0] });
      show({ ok: res.ok, message: res.message ?? (res.ok ? 'Group added.' : 'Something went wrong.') });
    });
  });

  return (
    <form
      noValidate
      onSubmit={(e) => void submit(e)}
      aria-label="Add group"
      className="mt-4 flex flex-wrap items-start gap-2"
    >
      <FormField
        id={`${id}-name`}
        label="New group name"
        error={error}
        labelClassName="block text-xs font-medium text-slate-600"
      >
        {(control) => (
          <input
            autoComplete="off"
            className="mt-1 w-64 rounded-md border border-slate-300 px-3 py-1.5 aria-[invalid=true]:border-red-600"
            {...control}
            {...register('name')}
          />
        )}
      </FormField>
      <Button type="submit" variant="primary" className="mt-5" disabled={submitting}>
        Add group
      </Button>
    </form>
  );
}
