"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { LogOut, Settings, Users } from "lucide-react";

import {
  Avatar,
  Badge,
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui";
import { roleLabel } from "@/lib/format";
import { postSession } from "@/lib/session-client";
import { useViewer } from "@/lib/viewer";

export function UserMenu() {
  const viewer = useViewer();
  const router = useRouter();

  async function signOut() {
    await postSession("sign-out");
    router.replace("/sign-in");
    router.refresh();
  }

  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        className="flex w-full cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 text-left outline-none hover:bg-subtle focus-visible:ring-2 focus-visible:ring-accent/30"
        aria-label={`Account: ${viewer.user.name}`}
      >
        <Avatar name={viewer.user.name} className="rounded-full" />
        <span className="min-w-0 flex-1">
          <span className="block truncate font-medium">{viewer.user.name}</span>
          <span className="block truncate text-xs text-ink-muted">{viewer.user.email}</span>
        </span>
      </DropdownMenuTrigger>
      <DropdownMenuContent side="top" align="start" className="w-56">
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
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
