import type { ComponentProps } from "react";

import { cn } from "@/lib/cn";

/** A grey placeholder while data loads; size it like the content it stands for. */
export function Skeleton({ className, ...props }: ComponentProps<"div">) {
  return <div aria-hidden className={cn("animate-pulse rounded-md bg-subtle", className)} {...props} />;
}

/** A placeholder for a picture (an avatar, an icon) beside lines of text: size each with its class. */
export function SkeletonMedia({
  media,
  lines,
  className,
  textClassName,
}: {
  media: string;
  lines: readonly string[];
  className?: string;
  textClassName?: string;
}) {
  return (
    <div className={cn("flex gap-3", className)}>
      <Skeleton className={media} />
      <div className={cn("flex-1 space-y-2", textClassName)}>
        {lines.map((line, index) => (
          <Skeleton key={index} className={line} />
        ))}
      </div>
    </div>
  );
}
