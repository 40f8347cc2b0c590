import type { Metadata } from "next";

import { PipelinesSettings } from "@/features/settings/pipelines-settings";

export const metadata: Metadata = { title: "Pipelines" };

export default function SettingsPipelinesPage() {
  return <PipelinesSettings />;
}
