import Link from 'next/link';
import type { ReactNode } from 'react';

/*
 * The filter box and the pager of the server-rendered list pages (Accounts, Numbers, Activity). A view lives
 * in the URL: the filter box is a GET form, each field named after its query parameter (its id is the same),
 * and the pager's links are URLs the page builds from its query.
 */

const labelClasses = 'block text-xs font-medium text-slate-600';
const selectClasses = 'mt-1 rounded-md border border-slate-300 px-2 py-1.5';
const pagerLinkClasses = 'rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-100';
const numberFormat = new Intl.NumberFormat('en-US');

/** The `<form method="get" role="search">` box: the fields, Apply, and "Clear filters" while a filter is set. */
export function FilterForm({
  label,
  clearHref,
  filtered,
  submitLabel = 'Apply',
  className = 'mb-4',
  children,
}: {
  /** The search landmark's accessible name, e.g. "Filter accounts". */
  label: string;
  /** The page without filters. */
  clearHref: string;
  filtered: boolean;
  submitLabel?: string;
  /** The outer spacing. */
  className?: string;
  children: ReactNode;
}) {
  return (
    <form
      method="get"
      role="search"
      aria-label={label}
      className={`${className} flex flex-wrap items-end gap-3 rounded-xl border border-slate-200 bg-white p-4`}
    >
      {children}
      <button type="submit" className="rounded-md bg-brand-600 px-4 py-1.5 font-medium text-white hover:bg-brand-700">
        {submitLabel}
      </button>
      {filtered && (
        <Link href={clearHref} className="py-1.5 text-sm text-brand-600 underline">
          Clear filters
        </Link>
      )}
    </form>
  );
}

/** The free-text field that fills the rest of the row (parameter `q` unless `name` says otherwise). */
export function FilterSearch({
  name = 'q',
  label = 'Search',
  defaultValue,
  placeholder,
  minWidth = 'min-w-56',
}: {
  name?: string;
  label?: string;
  defaultValue: string | undefined;
  placeholder: string;
  /** A Tailwind min-width class. */
  minWidth?: string;
}) {
  return (
    <div className={`${minWidth} flex-1`}>
      <label htmlFor={name} className={labelClasses}>
        {label}
      </label>
      <input
        id={name}
        name={name}
        type="search"
        defaultValue={defaultValue}
        placeholder={placeholder}
        className="mt-1 w-full rounded-md border border-slate-300 px-3 py-1.5"
      />
    </div>
  );
}

/** A labelled select for one parameter; its first option, `anyLabel`, is the empty value (no filter). */
export function FilterSelect({
  name,
  label,
  anyLabel,
  defaultValue,
  children,
}: {
  name: string;
  label: string;
  anyLabel: string;
  defaultValue: string | undefined;
  /** The options after the empty one. */
  children: ReactNode;
}) {
  return (
    <div>
      <label htmlFor={name} className={labelClasses}>
        {label}
      </label>
      {/* Keyed by its value: after a client-side navigation (Clear filters, a link from the Dashboard) an
          uncontrolled select keeps what it showed; a new key shows the URL's value. */}
      <select
        key={defaultValue ?? ''}
        id={name}
        name={name}
        defaultValue={defaultValue ?? ''}
        className={selectClasses}
      >
        <option value="">{anyLabel}</option>
        {children}
      </select>
    </div>
  );
}

/** A labelled date field for one parameter (YYYY-MM-DD). */
export function FilterDate({ name, label, defaultValue }: { name: string; label: string; defaultValue?: string }) {
  return (
    <div>
      <label htmlFor={name} className={labelClasses}>
        {label}
      </label>
      <input
        id={name}
        name={name}
        type="date"
        defaultValue={defaultValue}
        className="mt-1 rounded-md border border-slate-300 px-2 py-1"
      />
    </div>
  );
}

/** `<option>`s of plain strings, each its own label. */
export function ValueOptions({ values }: { values: readonly string[] }) {
  return values.map((v) => (
    <option key={v} value={v}>
      {v}
    </option>
  ));
}

/** `<option>`s of values shown by their labels (e.g. the Accounts page's delivery states). */
export function LabelledOptions<Value extends string>({
  values,
  labels,
}: {
  values: readonly Value[];
  labels: Readonly<Partial<Record<Value, string>>>;
}) {
  return values.map((v) => (
    <option key={v} value={v}>
      {labels[v] ?? v}
    </option>
  ));
}

/** The pager's frame: `aria-label="Pagination"`, a note on the left, the links on the right. */
export function PaginationNav({ children }: { children: ReactNode }) {
  return (
    <nav aria-label="Pagination" className="mt-4 flex flex-wrap items-center gap-4 text-sm">
      {children}
    </nav>
  );
}

/** A pager link (Previous, Next, Newest …). */
export function PagerLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Link href={href} className={pagerLinkClasses}>
      {children}
    </Link>
  );
}

/**
 * The pager of a numbered list: "Showing 1–50 of 1,234 accounts", "Page 1 of 25", Previous, Next, and the
 * page sizes ("Rows per page"), the current one marked `aria-current`.
 */
export function Pagination<Size extends number>({
  page,
  noun,
  sizes,
  href,
}: {
  page: { page: number; pageCount: number; size: number; total: number };
  /** Singular and plural, e.g. `['account', 'accounts']`. */
  noun: readonly [string, string];
  sizes: readonly Size[];
  /** The URL of the same view at another page or page size. */
  href: (changes: { page: number; size?: Size }) => string;
}) {
  const first = page.total === 0 ? 0 : (page.page - 1) * page.size + 1;
  const last = Math.min(page.total, page.page * page.size);
  return (
    <PaginationNav>
      <p>
        Showing {numberFormat.format(first)}–{numberFormat.format(last)} of {numberFormat.format(page.total)}{' '}
        {page.total === 1 ? noun[0] : noun[1]}
      </p>
      <p className="ml-auto">
        Page {numberFormat.format(page.page)} of {numberFormat.format(page.pageCount)}
      </p>
      {page.page > 1 ? <PagerLink href={href({ page: page.page - 1 })}>Previous</PagerLink> : null}
      {page.page < page.pageCount ? <PagerLink href={href({ page: page.page + 1 })}>Next</PagerLink> : null}
      <span className="flex items-center gap-1">
        Rows per page:
        {sizes.map((s) =>
          s === page.size ? (
            <span key={s} aria-current="true" className="px-1 font-semibold">
              {s}
            </span>
          ) : (
            <Link key={s} href={href({ size: s, page: 1 })} className="px-1 text-brand-600 underline">
              {s}
            </Link>
          ),
        )}
      </span>
    </PaginationNav>
  );
}

/**
 * What a list shows without rows: past its last page (a link to the first), no match for the filters (a link
 * to clear them), or nothing at all yet.
 */
export function ListEmptyState({
  pastLastPage,
  filtered,
  firstPageHref,
  firstPageLabel = 'Go to the first page',
  clearHref,
  pastLastPageMessage,
  noMatchMessage,
  emptyMessage,
}: {
  pastLastPage: boolean;
  filtered: boolean;
  firstPageHref: string;
  firstPageLabel?: string;
  clearHref: string;
  pastLastPageMessage: string;
  noMatchMessage: string;
  emptyMessage: string;
}) {
  return pastLastPage ? (
    <>
      <p className="font-medium">{pastLastPageMessage}</p>
      <Link href={firstPageHref} className="mt-2 inline-block text-brand-600 underline">
        {firstPageLabel}
      </Link>
    </>
  ) : filtered ? (
    <>
      <p className="font-medium">{noMatchMessage}</p>
      <Link href={clearHref} className="mt-2 inline-block text-brand-600 underline">
        Clear filters
      </Link>
    </>
  ) : (
    <p className="font-medium">{emptyMessage}</p>
  );
}
