'use client';

import { useState, useSyncExternalStore } from 'react';

/** What the last toolbar action said; shown in the table's status region. */
export type ActionResult = { ok: boolean; message: string } | null;

/** An action's answer as the status region shows it, with a message even when the action gave none. */
export function actionResult(res: { ok: boolean; message?: string }): { ok: boolean; message: string } {
  return { ok: res.ok, message: res.message ?? (res.ok ? 'Done.' : 'Something went wrong.') };
}

/** The polite live region above a table that reads out the last action's result (red when it failed). */
export function ActionStatus({ result }: { result: ActionResult }) {
  return (
    <div
      role="status"
      aria-live="polite"
      className={`mb-2 min-h-5 text-sm ${result?.ok === false ? 'text-red-700' : 'text-green-800'}`}
    >
      {result?.message}
    </div>
  );
}

/**
 * The checkbox selection of a table's rows. Only rows still on the page count as selected (a refresh may
 * remove some). The checkboxes stay disabled until React has hydrated them (`interactive`): a tick before
 * that would be lost.
 */
export function useRowSelection<Row extends { id: string }>(rows: Row[]) {
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const interactive = useHydrated();
  const visibleSelected = rows.filter((r) => selected.has(r.id));
  const allSelected = rows.length > 0 && visibleSelected.length === rows.length;

  return {
    interactive,
    visibleSelected,
    allSelected,
    isSelected: (id: string) => selected.has(id),
    toggle: (id: string) => {
      setSelected((prev) => {
        const next = new Set(prev);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      });
    },
    toggleAll: () => {
      setSelected(allSelected ? new Set() : new Set(rows.map((r) => r.id)));
    },
    clear: () => {
      setSelected(new Set());
    },
  };
}

/** What `useRowSelection` gives a table's rows component. */
export type RowSelection<Row extends { id: string }> = ReturnType<typeof useRowSelection<Row>>;

const subscribeToNothing = () => () => {};

/** False on the server and while hydrating, true once React has hydrated (then re-renders with true). */
function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribeToNothing,
    () => true,
    () => false,
  );
}
