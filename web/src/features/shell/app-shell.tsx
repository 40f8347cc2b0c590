"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { Menu } from "lucide-react";
import { useState, type ReactNode } from "react";

import { Logo } from "@/components/brand/logo";
import { Button } from "@/components/ui/button";
import { CommandPaletteButton, LazyCommandPalette } from "@/features/command-palette/launcher";
import { LiveIndicator, LiveNotifications } from "@/features/notifications/live-notifications";
import { NotificationBell } from "@/features/notifications/notification-bell";
import { NAV_ITEMS } from "@/features/shell/nav";
import { NavLink } from "@/features/shell/nav-link";
import { SystemBanner } from "@/features/shell/system-banner";
import { UserMenu } from "@/features/shell/user-menu";
import { WorkspaceSwitcher } from "@/features/shell/workspace-switcher";
import { useLiveSession } from "@/lib/live";
import { useViewer } from "@/lib/viewer";

// The shell's menus (workspace switcher, user menu, notification bell) are imported as they are: a
// `next/dynamic` rendered on the server has its chunks preloaded in the page's HTML anyway, and as a chunk
// group of its own it carried its own copy of radix-ui's DropdownMenu, Dialog and their parts, which a page
// using them (a record page's menus, a list's filters) downloaded a second time (about 11 kB gzipped).
// The phone's navigation drawer still loads when it first opens.
const NavigationDrawer = dynamic(() => import("@/features/shell/navigation-drawer").then((module) => module.NavigationDrawer), { ssr: false });

function Navigation({ onNavigate }: { onNavigate?: () => void }) {
  return (
    <nav aria-label="Main" className="grid gap-0.5">
      {NAV_ITEMS.map((item) => (
        <NavLink key={item.href} {...item} onClick={onNavigate} className="gap-2.5" />
      ))}
    </nav>
  );
}

function SidebarBody({ onNavigate }: { onNavigate?: () => void }) {
  return (
    <div className="flex h-full flex-col gap-4 p-3">
      <div className="flex items-center gap-1">
        <div className="min-w-0 flex-1">
          <WorkspaceSwitcher />
        </div>
        {/* In the phone drawer the header's bell stands for it. */}
        {onNavigate ? null : <NotificationBell />}
      </div>
      {/* In the phone drawer the header's search button stands for it. */}
      {onNavigate ? null : <CommandPaletteButton />}
      <Navigation onNavigate={onNavigate} />
      <div className="mt-auto">
        <UserMenu />
      </div>
    </div>
  );
}

/** Sidebar on laptops; on phones a top bar whose menu button opens the same sidebar as a drawer. */
export function AppShell({ children }: { children: ReactNode }) {
  const [drawerOpen, setDrawerOpen] = useState(false);
  // Mounted from its first opening on, so that it closes with its animation.
  const [drawerOpened, setDrawerOpened] = useState(false);
  if (drawerOpen && !drawerOpened) setDrawerOpened(true);
  const viewer = useViewer();
  useLiveSession(`${viewer.user.id}:${viewer.workspace.id}`);
  return (
    <div className="flex min-h-dvh bg-canvas">
      <LazyCommandPalette />
      <LiveNotifications />
      <LiveIndicator />
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-canvas px-3 py-2 shadow-pop focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        Skip to content
      </a>
      <aside aria-label="Sidebar" className="sticky top-0 hidden h-dvh w-60 shrink-0 border-r border-line bg-surface md:block">
        <SidebarBody />
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <SystemBanner />
        <header className="sticky top-0 z-30 flex h-12 items-center gap-2 border-b border-line bg-canvas/90 px-3 backdrop-blur md:hidden">
          <Button variant="ghost" size="icon" aria-label="Open navigation" onClick={() => setDrawerOpen(true)}>
            <Menu />
          </Button>
          {drawerOpen || drawerOpened ? (
            <NavigationDrawer open={drawerOpen} onOpenChange={setDrawerOpen}>
              <SidebarBody onNavigate={() => setDrawerOpen(false)} />
            </NavigationDrawer>
          ) : null}
          <Link href="/" aria-label="Rapport home">
            <Logo />
          </Link>
          <CommandPaletteButton compact className="ml-auto" />
          <NotificationBell />
        </header>
        <main id="main" className="flex min-w-0 flex-1 flex-col">
          {children}
        </main>
      </div>
    </div>
  );
}

/** The title row of a screen: title, optional description, actions on the right. */
export function PageHeader({
  title,
  description,
  actions,
}: {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="flex flex-wrap items-center justify-between gap-3 border-b border-line px-5 py-4 md:px-6">
      <div className="min-w-0">
        <h1 className="truncate text-lg font-semibold tracking-tight">{title}</h1>
        {description ? <p className="text-ink-muted">{description}</p> : null}
      </div>
      {actions ? <div className="flex items-center gap-2">{actions}</div> : null}
    </div>
  );
}
