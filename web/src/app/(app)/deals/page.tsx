import type { Metadata } from "next";

import { DealsPage } from "@/features/deals/deals-page";

export const metadata: Metadata = { title: "Deals" };

export default async function DealsRoute({ searchParams }: { searchParams: Promise<{ pipeline?: string | string[] }> }) {
  const { pipeline } = await searchParams;
  return <DealsPage initialPipelineId={typeof pipeline === "string" ? pipeline : null} />;
}
