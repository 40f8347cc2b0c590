import { Tabs } from "radix-ui";
import type { ComponentProps } from "react";

import { cn } from "@/lib/cn";

/** A tab with an icon and a label, underlined in the accent colour when it is the open one; size it with className. */
export function UnderlineTab({ className, ...props }: ComponentProps<typeof Tabs.Trigger>) {
  return (
    <Tabs.Trigger
      className={cn(
        "-mb-px inline-flex cursor-pointer items-center gap-1.5 border-b-2 border-transparent font-medium text-ink-muted outline-none hover:text-ink",
        "focus-visible:text-ink focus-visible:underline focus-visible:underline-offset-4 data-[state=active]:border-accent data-[state=active]:text-ink",
        className,
      )}
      {...props}
    />
  );
}
