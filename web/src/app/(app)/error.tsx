"use client";

import { TriangleAlert } from "lucide-react";

import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

export default function AppError({ error, reset }: { error: Error; reset: () => void }) {
  return (
    <EmptyState
      icon={TriangleAlert}
      title="This page could not load"
      description={error.message || "Something went wrong. Please try again."}
      action={<Button onClick={reset}>Try again</Button>}
    />
  );
}
