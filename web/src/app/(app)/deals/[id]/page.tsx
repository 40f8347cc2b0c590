import type { Metadata } from "next";

import { DealRecord } from "@/features/records/deal-record";

export const metadata: Metadata = { title: "Deal" };

export default async function DealPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <DealRecord key={id} id={id} />;
}
