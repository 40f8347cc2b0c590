import type { Metadata } from "next";

import { ImportWizard } from "@/features/importer/import-wizard";

export const metadata: Metadata = { title: "Import contacts" };

export default function ImportContactsPage() {
  return <ImportWizard objectType="CONTACT" nouns="contacts" />;
}
