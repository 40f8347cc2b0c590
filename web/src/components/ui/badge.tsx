import type { ComponentProps } from "react";

import { cn } from "@/lib/cn";

const TONES = {
  neutral: "bg-subtle text-ink-muted ring-line",
  accent: "bg-accent-soft text-accent ring-accent/20",
  success: "bg-success-soft text-success-strong ring-success/20",
  danger: "bg-danger-soft text-danger-strong ring-danger/20",
} as const;

export function Badge({ tone = "neutral", className, ...props }: ComponentProps<"span"> & { tone?: keyof typeof TONES }) {
  return (
    <span
      className={cn(
        "inline-flex items-center gap-1 rounded-md px-1.5 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset",
        TONES[tone],
        className,
      )}
      {...props}
    />
  );
}
