import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";

import { ToastProvider } from "@/components/ui/toast";
import { EARLY_PALETTE_SHORTCUT } from "@/features/command-palette/early";
import { GraphQLProvider } from "@/lib/urql";

import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Rapport", template: "%s · Rapport" },
  description: "The open-source CRM for sales teams.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#ffffff" };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        {/* Inline, so it runs as the page is parsed (next/script's beforeInteractive waits for Next's runtime). */}
        <script dangerouslySetInnerHTML={{ __html: EARLY_PALETTE_SHORTCUT }} />
      </head>
      <body>
        <GraphQLProvider>
          <ToastProvider>{children}</ToastProvider>
        </GraphQLProvider>
      </body>
    </html>
  );
}
