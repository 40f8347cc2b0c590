import type { ReactNode } from "react";

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
