import type { Metadata } from "next";

import { WebhooksSettings } from "@/features/settings/webhooks/webhooks-settings";

export const metadata: Metadata = { title: "Webhooks" };

export default function SettingsWebhooksPage() {
  return <WebhooksSettings />;
}
