'use client';

import { useId, useState, useTransition } from 'react';
import { ActionStatus, type ActionResult, actionResult } from '@/app/_components/table-selection';
import { Button } from '@/app/_components/ui/button';
import { FormField } from '@/app/_components/ui/form-field';
import { inputClasses } from '@/app/_components/ui/input-classes';
import { reserveTagAction } from './actions';

/**
 * The tenant's tags with a Reserved switch each (docs/product.md#headroom): a reserved tag's numbers
 * count in no headroom and are never offered at activation; only an administrator assigns them. Owners
 * change it (for the whole tenant), also for a tag not in use yet (**Mark reserved**); an admin sees it.
 */
export function ReservedTagsPanel({
  tenantId,
  tags,
  canChange,
}: {
  tenantId: string;
  tags: { tag: string; reserved: boolean }[];
  canChange: boolean;
}) {
  const headingId = useId();
  const noteId = useId();
  const [result, setResult] = useState<ActionResult>(null);
  const [pending, startTransition] = useTransition();

  function setReserved(tag: string, reserved: boolean, after?: () => void) {
    startTransition(async () => {
      const res = await reserveTagAction({ tenantId, tag, reserved });
      setResult(actionResult({ ...res, message: res.ok ? res.message : (res.fieldErrors?.tag?.[0] ?? res.message) }));
      if (res.ok) after?.();
    });
  }

  return (
    <section aria-labelledby={headingId} className="mt-8 rounded-xl border border-slate-200 bg-white p-4">
      <h2 id={headingId} className="text-lg font-semibold">
        Reserved tags
      </h2>
      <p id={noteId} className="mt-1 text-sm text-slate-600">
        Numbers with a reserved tag count in no headroom and are never offered at activation: only an administrator
        assigns them, with Add Account or Assign Number.
        {canChange ? '' : ' Only an owner can reserve tags.'}
      </p>
      <ActionStatus result={result} />
      {tags.length === 0 ? (
        <p className="text-sm text-slate-600">There are no tags yet.</p>
      ) : (
        <ul className="flex flex-wrap gap-x-6 gap-y-2" aria-label="Tags">
          {tags.map((t) => (
            <li key={t.tag}>
              <label className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  role="switch"
                  checked={t.reserved}
                  disabled={!canChange || pending}
                  aria-describedby={canChange ? undefined : noteId}
                  onChange={(e) => setReserved(t.tag, e.target.checked)}
                />
                <span className="tag">{t.tag}</span>
                <span>Reserved</span>
              </label>
            </li>
          ))}
        </ul>
      )}
      {canChange && <MarkReservedForm pending={pending} onSubmit={setReserved} />}
    </section>
  );
}

/** Reserve a tag by name, e.g. before adding its numbers, so that none is ever offered at activation. */
function MarkReservedForm({
  pending,
  onSubmit,
}: {
  pending: boolean;
  onSubmit: (tag: string, reserved: boolean, after?: () => void) => void;
}) {
  const id = useId();
  const [tag, setTag] = useState('');
  return (
    <form
      noValidate
      className="mt-4 flex items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(tag, true, () => setTag(''));
      }}
    >
      <FormField id={`${id}-tag`} label="Tag to reserve">
        {(control) => (
          <input
            value={tag}
            onChange={(e) => setTag(e.target.value)}
            placeholder="e.g. PORTED"
            autoComplete="off"
            className={`${inputClasses} uppercase`}
            {...control}
          />
        )}
      </FormField>
      <Button type="submit" disabled={pending || !tag.trim()}>
        Mark reserved
      </Button>
    </form>
  );
}
