import Link from 'next/link';

/**
 * A portal page that called `notFound()` (an account out of scope, say): shown inside the portal's
 * layout, whose `<main>` already holds it, so this is a section, not a second main landmark.
 */
export default function PortalNotFound() {
  return (
    <section aria-labelledby="not-found-heading" className="mx-auto max-w-lg p-10 text-center">
      <h1 id="not-found-heading" className="text-2xl font-semibold">
        Page not found
      </h1>
      <p className="mt-3 text-slate-600">This page does not exist, or it is not yours to see.</p>
      <Link href="/dashboard" className="mt-6 inline-block text-brand-600 underline">
        Back to the portal
      </Link>
    </section>
  );
}
