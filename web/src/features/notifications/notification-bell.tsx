"use client";

import Link from "next/link";
import { Bell } from "lucide-react";
import { useMutation, useQuery } from "urql";

import { Button } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import type { NotificationItemFragment } from "@/gql/graphql";
import { cn } from "@/lib/cn";
import { formatRelative } from "@/lib/format";
import { recordHref } from "@/lib/record-href";
import {
  MarkNotificationsReadDocument,
  NotificationsDocument,
} from "@/features/notifications/documents";
import { SHOWN } from "@/features/notifications/live-notifications";


/** Where a notification leads: the record it is about (imports have no page of their own: settings). */
export function notificationHref(notification: Pick<NotificationItemFragment, "targetType" | "targetId">): string | null {
  const { targetType, targetId } = notification;
  if (!targetType || !targetId) return null;
  if (targetType === "import") return "/settings/import";
  return recordHref(targetType, targetId);
}

/**
 * The bell: the unread count, the latest notifications; opening it marks the shown ones read. New ones
 * arrive through `LiveNotifications` (mounted once by the shell), which makes the list load again.
 */
export function NotificationBell({ className }: { className?: string }) {
  const [result] = useQuery({ query: NotificationsDocument, variables: { first: SHOWN } });
  const [, markRead] = useMutation(MarkNotificationsReadDocument);
  const unread = result.data?.notifications.unreadCount ?? 0;
  const items = result.data?.notifications.edges.map((edge) => edge.node) ?? [];

  function opened(open: boolean) {
    const ids = items.filter((item) => !item.readAt).map((item) => item.id);
    if (open && ids.length > 0) void markRead({ ids });
  }

  return (
    <DropdownMenu onOpenChange={opened}>
      <DropdownMenuTrigger asChild>
        <Button
          variant="ghost"
          size="icon"
          className={cn("relative", className)}
          aria-label={unread > 0 ? `Notifications: ${unread} unread` : "Notifications"}
        >
          <Bell />
          {unread > 0 ? (
            <span
              data-testid="unread-count"
              className="absolute -top-0.5 -right-0.5 grid h-4 min-w-4 place-items-center rounded-full bg-accent px-1 text-[10px] font-semibold text-white"
            >
              {unread > 99 ? "99+" : unread}
            </span>
          ) : null}
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="w-80">
        <DropdownMenuLabel>Notifications</DropdownMenuLabel>
        {items.length === 0 ? (
          <p className="px-2 py-3 text-ink-muted">Nothing yet.</p>
        ) : (
          items.map((item) => {
            const href = notificationHref(item);
            const body = (
              <span className="grid min-w-0 gap-0.5">
                <span className={cn("truncate", !item.readAt && "font-medium")}>{item.title}</span>
                <span className="text-xs text-ink-muted">{formatRelative(item.createdAt)}</span>
              </span>
            );
            return (
              <DropdownMenuItem key={item.id} asChild={Boolean(href)}>
                {href ? <Link href={href}>{body}</Link> : body}
              </DropdownMenuItem>
            );
          })
        )}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
