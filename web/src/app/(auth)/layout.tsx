import type { ReactNode } from "react";

import { Logo } from "@/components/brand/logo";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center bg-surface px-4 py-12">
      <Logo className="mb-8 text-base" />
      <div className="w-full max-w-sm rounded-xl border border-line bg-canvas p-6 shadow-sm sm:p-8">{children}</div>
    </main>
  );
}
