import type { Metadata } from "next";

import { DuplicatesReview } from "@/features/search/duplicates-review";

export const metadata: Metadata = { title: "Data quality" };

export default function SettingsDataQualityPage() {
  return <DuplicatesReview />;
}
