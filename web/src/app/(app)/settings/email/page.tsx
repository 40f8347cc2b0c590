import type { Metadata } from "next";

import { EmailSettings } from "@/features/settings/email-settings";

export const metadata: Metadata = { title: "Email" };

export default function SettingsEmailPage() {
  return <EmailSettings />;
}
