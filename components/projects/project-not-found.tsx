import Link from 'next/link';

/** The API answers 404 alike for a missing project and someone else's, so the page cannot say which. */
export function ProjectNotFound() {
  return (
    <main className="mx-auto max-w-4xl px-6 py-10">
      <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="text-xl font-semibold text-slate-900">This project does not exist or is not yours</h1>
        <p className="mt-2 text-slate-600">It may have been deleted, or the link may be mistyped.</p>
        <Link href="/dashboard" className="mt-4 inline-block font-medium text-indigo-700 hover:underline">
          Back to your dashboard
        </Link>
      </div>
    </main>
  );
}
