import type { ReactNode } from "react";

import { FormError } from "@/components/ui/field";
import { Skeleton } from "@/components/ui/skeleton";
import { problemFromCombined } from "@/lib/api-errors";
import { cn } from "@/lib/cn";

/** A titled card on a settings page. */
export function SettingsSection({
  title,
  description,
  actions,
  children,
  className,
  bodyClassName,
}: {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  /** Classes of the body; pass "p-0" for a table that runs to the edges. */
  bodyClassName?: string;
}) {
  return (
    <section className={cn("rounded-lg border border-line bg-canvas", className)}>
      <div className="flex flex-wrap items-start justify-between gap-3 border-b border-line px-4 py-3 sm:flex-nowrap">
        <div className="min-w-0">
          <h2 className="font-semibold">{title}</h2>
          {description ? <p className="mt-0.5 text-[13px] text-ink-muted">{description}</p> : null}
        </div>
        {actions ? <div className="flex items-center gap-2">{actions}</div> : null}
      </div>
      <div className={cn("p-4", bodyClassName)}>{children}</div>
    </section>
  );
}

/** An edge-to-edge section's body (`bodyClassName="p-0"`) before its query answers: the problem, or a placeholder row. */
export function SectionPending({
  error,
  skeletonClassName = "h-12",
}: {
  error: Parameters<typeof problemFromCombined>[0] | undefined;
  skeletonClassName?: string;
}) {
  return (
    <div className="p-4" aria-busy={error ? undefined : true}>
      {error ? <FormError>{problemFromCombined(error).message}</FormError> : <Skeleton className={skeletonClassName} />}
    </div>
  );
}
