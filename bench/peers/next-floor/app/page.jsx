export default function Home() {
  return (
    <main>
      <h1>A bare Next.js page</h1>
      <p>Server-rendered text and nothing else: what every App Router page costs before it does anything.</p>
    </main>
  );
}
