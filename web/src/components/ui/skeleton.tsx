import type { ComponentProps } from "react";

import { cn } from "@/lib/cn";

/** A grey placeholder while data loads; size it like the content it stands for. */
export function Skeleton({ className, ...props }: ComponentProps<"div">) {
  return <div aria-hidden className={cn("animate-pulse rounded-md bg-subtle", className)} {...props} />;
}
