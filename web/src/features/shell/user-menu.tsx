"use client";

import Link from "next/link";
import { LogOut, Settings, Users } from "lucide-react";

import { Avatar } from "@/components/ui/avatar";
import { Badge } from "@/components/ui/badge";
import { DropdownMenuItem, DropdownMenuLabel, DropdownMenuSeparator } from "@/components/ui/dropdown-menu";
import { roleLabel } from "@/lib/format";
import { useSignOut } from "@/lib/use-sign-out";
import { useViewer } from "@/lib/viewer";
import { SidebarMenu } from "@/features/shell/sidebar-menu";

export function UserMenu() {
  const viewer = useViewer();
  const signOut = useSignOut();

  return (
    <SidebarMenu
      side="top"
      trigger={
        <>
          <Avatar name={viewer.user.name} className="rounded-full" />
          <span className="min-w-0 flex-1">
            <span className="block truncate font-medium">
              <span className="sr-only">Account: </span>
              {viewer.user.name}
            </span>
            <span className="block truncate text-xs text-ink-muted">{viewer.user.email}</span>
          </span>
        </>
      }
    >
      <DropdownMenuLabel className="flex items-center justify-between gap-2">
        <span className="truncate">{viewer.workspace.name}</span>
        <Badge>{roleLabel(viewer.role)}</Badge>
      </DropdownMenuLabel>
      <DropdownMenuItem asChild>
        <Link href="/settings/members">
          <Users />
          Members
        </Link>
      </DropdownMenuItem>
      <DropdownMenuItem asChild>
        <Link href="/settings">
          <Settings />
          Settings
        </Link>
      </DropdownMenuItem>
      <DropdownMenuSeparator />
      <DropdownMenuItem onSelect={() => void signOut()}>
        <LogOut />
        Sign out
      </DropdownMenuItem>
    </SidebarMenu>
  );
}
