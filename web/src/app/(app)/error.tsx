"use client";

import { TriangleAlert } from "lucide-react";

import { Button, EmptyState } from "@/components/ui";

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
