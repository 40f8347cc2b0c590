import type { Metadata } from "next";

import { TemplatesSettings } from "@/features/settings/templates/templates-settings";

export const metadata: Metadata = { title: "Email templates" };

export default function SettingsTemplatesPage() {
  return <TemplatesSettings />;
}
