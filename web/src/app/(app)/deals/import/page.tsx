import type { Metadata } from "next";

import { ImportWizard } from "@/features/importer/import-wizard";

export const metadata: Metadata = { title: "Import deals" };

export default function ImportDealsPage() {
  return <ImportWizard objectType="DEAL" nouns="deals" />;
}
