import Link from "next/link";

export default function NotFound() {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-2 p-6 text-center">
      <h1 className="text-lg font-semibold">Page not found</h1>
      <p className="text-ink-muted">The page you are looking for does not exist.</p>
      <Link href="/" className="mt-2 font-medium text-accent hover:underline">
        Back to Rapport
      </Link>
    </main>
  );
}
