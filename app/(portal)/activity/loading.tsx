export default function Loading() {
  return (
    <div role="status" aria-live="polite" className="animate-pulse">
      <span className="sr-only">Loading activity…</span>
      <div className="mb-4 h-8 w-40 rounded bg-slate-200" />
      <div className="mb-4 h-20 rounded-xl bg-slate-200" />
      <div className="h-96 rounded-xl bg-slate-200" />
    </div>
  );
}
