"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { CopyCheck, KanbanSquare, ListPlus, Mail, UserRound, Users, type LucideIcon } from "lucide-react";

import { cn } from "@/lib/cn";
import { isActive } from "@/features/shell/nav";

export const SETTINGS_SECTIONS: { href: string; label: string; icon: LucideIcon }[] = [
  { href: "/settings/profile", label: "Profile", icon: UserRound },
  { href: "/settings/members", label: "Members", icon: Users },
  { href: "/settings/pipelines", label: "Pipelines", icon: KanbanSquare },
  { href: "/settings/fields", label: "Custom fields", icon: ListPlus },
  { href: "/settings/email", label: "Email", icon: Mail },
  { href: "/settings/data-quality", label: "Data quality", icon: CopyCheck },
];

/** The settings sections: a column beside the page on laptops, a row of tabs that scrolls on phones. */
export function SettingsNav() {
  const pathname = usePathname();
  return (
    <nav
      aria-label="Settings"
      className="shrink-0 border-b border-line bg-canvas md:w-52 md:border-r md:border-b-0 md:bg-surface/60"
    >
      <div className="px-5 pt-4 pb-1 text-[11px] font-semibold tracking-wide text-ink-faint uppercase max-md:hidden">
        Settings
      </div>
      <ul className="flex gap-1 overflow-x-auto px-3 py-2 md:grid md:gap-0.5 md:overflow-visible">
        {SETTINGS_SECTIONS.map(({ href, label, icon: Icon }) => {
          const active = isActive(pathname, href);
          return (
            <li key={href} className="shrink-0">
              <Link
                href={href}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "flex h-8 items-center gap-2 rounded-md px-2 font-medium whitespace-nowrap text-ink-muted transition-colors hover:bg-subtle hover:text-ink",
                  active && "bg-subtle text-ink",
                )}
              >
                <Icon className={cn("size-4", active ? "text-accent" : "text-ink-faint")} />
                {label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
