"use client";

import {
  CopyCheck,
  FileText,
  KanbanSquare,
  KeyRound,
  ListPlus,
  Mail,
  ScrollText,
  ShieldCheck,
  UserRound,
  Users,
  Webhook,
} from "lucide-react";

import type { NavItem } from "@/features/shell/nav";
import { NavLink } from "@/features/shell/nav-link";

export const SETTINGS_SECTIONS: NavItem[] = [
  { href: "/settings/profile", label: "Profile", icon: UserRound },
  { href: "/settings/security", label: "Security", icon: ShieldCheck },
  { href: "/settings/members", label: "Members", icon: Users },
  { href: "/settings/pipelines", label: "Pipelines", icon: KanbanSquare },
  { href: "/settings/fields", label: "Custom fields", icon: ListPlus },
  { href: "/settings/email", label: "Email", icon: Mail },
  { href: "/settings/templates", label: "Templates", icon: FileText },
  { href: "/settings/data-quality", label: "Data quality", icon: CopyCheck },
  { href: "/settings/webhooks", label: "Webhooks", icon: Webhook },
  { href: "/settings/api-keys", label: "API keys", icon: KeyRound },
  { href: "/settings/audit-log", label: "Audit log", icon: ScrollText },
];

/** The settings sections: a column beside the page on laptops, a row of tabs that scrolls on phones. */
export function SettingsNav() {
  return (
    <nav
      aria-label="Settings"
      className="shrink-0 border-b border-line bg-canvas md:w-52 md:border-r md:border-b-0 md:bg-surface/60"
    >
      <div className="px-5 pt-4 pb-1 text-[11px] font-semibold tracking-wide text-ink-faint uppercase max-md:hidden">
        Settings
      </div>
      <ul className="flex gap-1 overflow-x-auto px-3 py-2 md:grid md:gap-0.5 md:overflow-visible">
        {SETTINGS_SECTIONS.map((item) => (
          <li key={item.href} className="shrink-0">
            <NavLink {...item} className="gap-2 whitespace-nowrap" />
          </li>
        ))}
      </ul>
    </nav>
  );
}
