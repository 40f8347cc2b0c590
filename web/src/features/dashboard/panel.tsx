import type { ReactNode } from "react";

import { cn } from "@/lib/cn";

/** A dashboard card: a title row (with an optional control on the right) over its content. */
export function Panel({
  title,
  description,
  action,
  className,
  children,
}: {
  title: string;
  description?: ReactNode;
  action?: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  return (
    <section aria-label={title} className={cn("min-w-0 rounded-lg border border-line bg-canvas shadow-xs", className)}>
      <header className="flex items-start justify-between gap-3 border-b border-line px-4 py-3">
        <div className="min-w-0">
          <h2 className="font-semibold">{title}</h2>
          {description ? <p className="text-[13px] text-ink-muted">{description}</p> : null}
        </div>
        {action}
      </header>
      {children}
    </section>
  );
}
