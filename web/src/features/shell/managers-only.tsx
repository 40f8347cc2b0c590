import type { LucideIcon } from "lucide-react";

import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/features/shell/app-shell";

/** A screen for owners and admins, as anyone else finds it: its title, what it is for, whom to ask. */
export function ManagersOnly({ title, icon, message, hint }: { title: string; icon: LucideIcon; message: string; hint: string }) {
  return (
    <>
      <PageHeader title={title} />
      <div className="p-5 md:p-6">
        <EmptyState icon={icon} title={message} description={hint} />
      </div>
    </>
  );
}
