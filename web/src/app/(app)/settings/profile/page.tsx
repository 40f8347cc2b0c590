import type { Metadata } from "next";

import { ProfileSettings } from "@/features/settings/profile-settings";

export const metadata: Metadata = { title: "Profile" };

export default function SettingsProfilePage() {
  return <ProfileSettings />;
}
