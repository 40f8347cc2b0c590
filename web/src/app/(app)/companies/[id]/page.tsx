import type { Metadata } from "next";

import { CompanyRecord } from "@/features/records/company-record";

export const metadata: Metadata = { title: "Company" };

export default async function CompanyPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <CompanyRecord key={id} id={id} />;
}
