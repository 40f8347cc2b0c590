import type { LucideIcon } from "lucide-react";
import type { ReactNode } from "react";

import { cn } from "@/lib/cn";

/** What an empty list says: what belongs here and what to do (pass the button as `action`). */
export function EmptyState({
  icon: Icon,
  title,
  description,
  action,
  className,
}: {
  icon: LucideIcon;
  title: string;
  description: ReactNode;
  action?: ReactNode;
  className?: string;
}) {
  return (
    <div className={cn("flex flex-col items-center justify-center px-6 py-16 text-center", className)}>
      <div className="mb-4 flex size-10 items-center justify-center rounded-lg border border-line bg-surface shadow-xs">
        <Icon className="size-5 text-ink-muted" />
      </div>
      <h2 className="text-[15px] font-semibold">{title}</h2>
      <p className="mt-1 max-w-sm text-ink-muted">{description}</p>
      {action ? <div className="mt-5">{action}</div> : null}
    </div>
  );
}
