import type { Metadata } from "next";

import { ImportWizard } from "@/features/importer/import-wizard";

export const metadata: Metadata = { title: "Import companies" };

export default function ImportCompaniesPage() {
  return <ImportWizard objectType="COMPANY" nouns="companies" />;
}
