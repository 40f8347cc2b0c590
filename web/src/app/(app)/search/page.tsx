import type { Metadata } from "next";
import { Suspense } from "react";

import { SearchResultsPage } from "@/features/search/search-results";

export const metadata: Metadata = { title: "Search" };

export default function SearchPage() {
  return (
    <Suspense>
      <SearchResultsPage />
    </Suspense>
  );
}
