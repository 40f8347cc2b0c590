import type { Metadata } from "next";

import { ApiKeysSettings } from "@/features/security/api-keys-settings";

export const metadata: Metadata = { title: "API keys" };

export default function SettingsApiKeysPage() {
  return <ApiKeysSettings />;
}
