import type { ComponentProps } from "react";

import { cn } from "@/lib/cn";

export function Input({ className, ...props }: ComponentProps<"input">) {
  return (
    <input
      className={cn(
        "h-8 w-full min-w-0 rounded-md border border-line bg-canvas px-2.5 text-ink shadow-xs transition-colors outline-none placeholder:text-ink-faint",
        "focus-visible:border-accent focus-visible:ring-3 focus-visible:ring-accent/15 focus-visible:outline-none",
        "aria-invalid:border-danger aria-invalid:ring-danger/15 disabled:cursor-not-allowed disabled:bg-subtle",
        className,
      )}
      {...props}
    />
  );
}

export function Textarea({ className, ...props }: ComponentProps<"textarea">) {
  return (
    <textarea
      className={cn(
        "min-h-20 w-full rounded-md border border-line bg-canvas px-2.5 py-1.5 text-ink shadow-xs outline-none placeholder:text-ink-faint",
        "focus-visible:border-accent focus-visible:ring-3 focus-visible:ring-accent/15 aria-invalid:border-danger",
        className,
      )}
      {...props}
    />
  );
}
