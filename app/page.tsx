export default function Home() {
  return (
    <main className="mx-auto max-w-2xl px-6 py-16">
      <h1 className="text-3xl font-semibold">Next.js JWT Auth</h1>
      <p className="mt-4 text-slate-700">
        Short-lived access tokens kept in memory, rotating refresh tokens in an HttpOnly cookie that the server can
        revoke, and every protected API request checked at the edge.
      </p>
    </main>
  );
}
