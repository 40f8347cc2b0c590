import type { ReactNode } from "react";

import { AppShell } from "@/features/shell/app-shell";
import { getViewer } from "@/lib/server/viewer";
import { ViewerProvider } from "@/lib/viewer";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const viewer = await getViewer();
  return (
    <ViewerProvider viewer={viewer}>
      <AppShell>{children}</AppShell>
    </ViewerProvider>
  );
}
