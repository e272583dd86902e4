'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { Dialog } from 'radix-ui';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { Button } from '@/app/_components/ui/button';
import { DialogFormButtons, FormAlert } from '@/app/_components/ui/form-field';
import { ModalDialog } from '@/app/_components/ui/modal-dialog';
import { type SingleUseChoice, singleUseInvitationsSchema } from '@/lib/organizations/organization-schemas';
import { setSingleUseInvitationsAction } from './actions';
import { useShowResult } from './organizations-result';

const schema = singleUseInvitationsSchema.pick({ singleUse: true });

const CHOICES: { value: SingleUseChoice; label: string }[] = [
  { value: 'inherit', label: 'Inherit' },
  { value: 'on', label: 'On' },
  { value: 'off', label: 'Off' },
];

/**
 * "Single-use invitations" of one organization: Inherit (the parent's; a top organization's is Off),
 * On or Off. Applies to invitations sent from then on.
 */
export function SingleUseDialog({
  organizationId,
  organizationName,
  current,
  inherited,
}: {
  organizationId: string;
  organizationName: string;
  current: SingleUseChoice;
  /** What Inherit means here: the parent's effective value (Off for a top organization). */
  inherited: boolean;
}) {
  const show = useShowResult();
  const [open, setOpen] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, startSubmit] = useTransition();
  const form = useForm<{ singleUse: SingleUseChoice }>({
    resolver: zodResolver(schema),
    defaultValues: { singleUse: current },
  });

  const submit = form.handleSubmit(({ singleUse }) => {
    setFormError(null);
    startSubmit(async () => {
      const res = await setSingleUseInvitationsAction({ organizationId, singleUse });
      if (res.ok) {
        setOpen(false);
        show({ ok: true, message: res.message ?? 'Saved.' });
        return;
      }
      setFormError(res.message);
    });
  });

  return (
    <Dialog.Root
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) form.reset({ singleUse: current });
        setFormError(null);
      }}
    >
      <Dialog.Trigger asChild>
        <Button aria-label={`Single-use invitations of ${organizationName}`}>Single-use</Button>
      </Dialog.Trigger>
      <ModalDialog title="Single-use invitations" description={organizationName} width="w-[28rem]" closeButton={false}>
        <form noValidate onSubmit={(e) => void submit(e)} className="mt-4 space-y-4">
          <fieldset>
            <legend className="text-sm font-medium">Single-use invitations</legend>
            <div className="mt-1 flex gap-4 text-sm">
              {CHOICES.map((c) => (
                <label key={c.value} className="flex items-center gap-1">
                  <input type="radio" value={c.value} {...form.register('singleUse')} />
                  {c.value === 'inherit' ? `${c.label} (${inherited ? 'On' : 'Off'})` : c.label}
                </label>
              ))}
            </div>
          </fieldset>
          <p className="text-sm text-slate-600">
            A single-use invitation activates MultiLine once: a reinstall needs a new invitation. Applies to invitations
            sent from now on, here and in the sub-organizations that inherit it.
          </p>
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
