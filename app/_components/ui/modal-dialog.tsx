'use client';

import { Dialog } from 'radix-ui';
import type { ReactNode } from 'react';

/**
 * The content of a modal dialog: overlay, the centred panel, its title and description, and the ✕ button
 * (accessible name "Close"). Goes inside the caller's `Dialog.Root`, which keeps the open state and the trigger.
 */
export function ModalDialog({
  title,
  description,
  hideDescription = false,
  width,
  scrollable = false,
  closeButton = true,
  children,
}: {
  title: ReactNode;
  description?: ReactNode;
  /** The description is read by assistive technology only. */
  hideDescription?: boolean;
  /** A Tailwind width class, e.g. `w-[30rem]`. */
  width: string;
  /** A tall form: the panel stops at 90% of the viewport and scrolls. */
  scrollable?: boolean;
  closeButton?: boolean;
  children: ReactNode;
}) {
  const scroll = scrollable ? 'max-h-[90vh] overflow-y-auto' : '';
  return (
    <Dialog.Portal>
      <Dialog.Overlay className="fixed inset-0 bg-black/40" />
      <Dialog.Content
        className={`fixed top-1/2 left-1/2 ${width} max-w-[95vw] -translate-x-1/2 -translate-y-1/2 ${scroll} rounded-xl bg-white p-6 shadow-xl`}
      >
        <Dialog.Title className="text-lg font-semibold">{title}</Dialog.Title>
        {description !== undefined && (
          <Dialog.Description className={hideDescription ? 'sr-only' : 'mt-1 text-sm text-slate-600'}>
            {description}
          </Dialog.Description>
        )}
        {children}
        {closeButton && (
          <Dialog.Close className="absolute top-4 right-4 text-slate-500 hover:text-slate-800" aria-label="Close">
            ✕
          </Dialog.Close>
        )}
      </Dialog.Content>
    </Dialog.Portal>
  );
}
