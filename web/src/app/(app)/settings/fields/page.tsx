import type { Metadata } from "next";

import { CustomFieldsSettings } from "@/features/settings/custom-fields-settings";

export const metadata: Metadata = { title: "Custom fields" };

export default function SettingsCustomFieldsPage() {
  return <CustomFieldsSettings />;
}
