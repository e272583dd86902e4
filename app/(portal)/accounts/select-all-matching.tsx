'use client';

import { useState } from 'react';
import { type RowSelection, useRowSelection } from '@/app/_components/table-selection';
import { type AccountSelection, MAX_MATCHING, type MatchingFilters } from '@/lib/accounts/account-selection-schema';

const count = new Intl.NumberFormat('en-US');

/**
 * The Accounts table's selection: the rows ticked on this page, or, once every row of the page is
 * ticked and the administrator asks for it, every account the current search and filters match
 * (`total` of them, as the page counted). The second is sent to the server as the filters and the
 * count, not as ids, so the browser never holds 50,000 of them.
 */
export function useAccountSelection<Row extends { id: string }>(
  rows: Row[],
  matching: { filters: MatchingFilters; total: number },
) {
  const rowSelection = useRowSelection(rows);
  const [allMatchingChosen, setAllMatching] = useState(false);
  // Any change of the page's ticks ends "all matching": it was an extension of a full page.
  const allMatching = allMatchingChosen && rowSelection.allSelected && matching.total > rows.length;
  const size = allMatching ? matching.total : rowSelection.visibleSelected.length;
  const toSelection = (): AccountSelection =>
    allMatching
      ? { matching: matching.filters, expected: matching.total }
      : { ids: rowSelection.visibleSelected.map((r) => r.id) };
  return {
    rowSelection,
    allMatching,
    size,
    toSelection,
    selectAllMatching: () => setAllMatching(true),
    clear: () => {
      setAllMatching(false);
      rowSelection.clear();
    },
  };
}

export type AccountSelectionState<Row extends { id: string }> = ReturnType<typeof useAccountSelection<Row>>;

/**
 * Shown once every row of the page is ticked and more accounts match: offers to extend the selection
 * to all of them (up to MAX_MATCHING), and says when it has been.
 */
export function SelectAllMatching<Row extends { id: string }>({
  selection,
  rowCount,
  total,
}: {
  selection: AccountSelectionState<Row> & { rowSelection: RowSelection<Row> };
  rowCount: number;
  total: number;
}) {
  if (!selection.rowSelection.allSelected || total <= rowCount) return null;
  if (selection.allMatching) {
    return (
      <p className="mb-2 rounded-lg bg-sky-50 px-3 py-2 text-sm text-slate-800">
        All {count.format(total)} accounts matching the search and filters are selected.{' '}
        <button type="button" className="font-medium text-sky-800 underline" onClick={selection.clear}>
          Clear selection
        </button>
      </p>
    );
  }
  return (
    <p className="mb-2 rounded-lg bg-slate-50 px-3 py-2 text-sm text-slate-800">
      All {count.format(rowCount)} accounts on this page are selected.{' '}
      {total <= MAX_MATCHING ? (
        <button type="button" className="font-medium text-sky-800 underline" onClick={selection.selectAllMatching}>
          Select all {count.format(total)} matching
        </button>
      ) : (
        <span>
          {count.format(total)} match: narrow the search or filters to {count.format(MAX_MATCHING)} or fewer to select
          them all.
        </span>
      )}
    </p>
  );
}

/**
 * While a bulk action runs: an indeterminate progress bar and what is being done, e.g. "Suspending
 * 50,000 accounts…". Indeterminate because the action is one transaction on the server: it has no
 * intermediate state to report, and it commits all or nothing.
 */
export function WorkingOn({ pending, label }: { pending: boolean; label: string }) {
  if (!pending) return null;
  return (
    <span className="inline-flex items-center gap-2 text-sm text-slate-700">
      <progress aria-label={label} className="h-2 w-20" />
      {label}…
    </span>
  );
}

/** "1 account", "50,000 accounts". */
export function accountsCount(n: number): string {
  return `${count.format(n)} ${n === 1 ? 'account' : 'accounts'}`;
}
