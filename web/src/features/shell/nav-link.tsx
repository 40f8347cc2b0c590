"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

import { cn } from "@/lib/cn";
import { isActive, type NavItem } from "@/features/shell/nav";

/** A navigation entry (sidebar, settings sections): icon and label, marked as the current page when it is. */
export function NavLink({
  href,
  label,
  icon: Icon,
  onClick,
  className,
}: NavItem & { onClick?: () => void; className?: string }) {
  const pathname = usePathname();
  const active = isActive(pathname, href);
  return (
    <Link
      href={href}
      onClick={onClick}
      aria-current={active ? "page" : undefined}
      className={cn(
        "flex h-8 items-center rounded-md px-2 font-medium text-ink-muted transition-colors hover:bg-subtle hover:text-ink",
        className,
        active && "bg-subtle text-ink",
      )}
    >
      <Icon className={cn("size-4", active ? "text-accent" : "text-ink-faint")} />
      {label}
    </Link>
  );
}
