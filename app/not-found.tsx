import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="mx-auto max-w-lg p-10 text-center">
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="mt-3 text-slate-600">This page does not exist, or it is not yours to see.</p>
      <Link href="/" className="mt-6 inline-block text-brand-600 underline">
        Back to the portal
      </Link>
    </main>
  );
}
