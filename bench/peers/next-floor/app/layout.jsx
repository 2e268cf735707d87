export const metadata = { title: 'Bare Next.js', description: 'The framework alone: the floor Lighthouse is measured against.' };

export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
