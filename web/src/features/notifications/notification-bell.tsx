"use client";

import Link from "next/link";
import { Bell } from "lucide-react";
import { useCallback, useEffect } from "react";
import { useMutation, useQuery, useSubscription } from "urql";

import { Button } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { useToast } from "@/components/ui/toast";
import type { NotificationItemFragment } from "@/gql/graphql";
import { cn } from "@/lib/cn";
import { formatRelative } from "@/lib/format";
import { onReconnect, useLiveState } from "@/lib/live";
import {
  MarkNotificationsReadDocument,
  NotificationAddedDocument,
  NotificationsDocument,
} from "@/features/notifications/documents";

const SHOWN = 10;

/** Where a notification leads: the record it is about (imports have no page of their own: settings). */
export function notificationHref(notification: Pick<NotificationItemFragment, "targetType" | "targetId">): string | null {
  const { targetType, targetId } = notification;
  if (!targetId) return null;
  if (targetType === "contact") return `/contacts/${targetId}`;
  if (targetType === "company") return `/companies/${targetId}`;
  if (targetType === "deal") return `/deals/${targetId}`;
  if (targetType === "import") return "/settings/import";
  return null;
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

/** The caller's notifications as they are made: a toast each (the bell's list loads again by itself). */
export function LiveNotifications() {
  const toast = useToast();
  const [, reexecute] = useQuery({ query: NotificationsDocument, variables: { first: SHOWN } });
  const show = useCallback(
    (_previous: unknown, data: { notificationAdded: NotificationItemFragment }) => {
      toast({ title: data.notificationAdded.title, tone: "neutral" });
      return data;
    },
    [toast],
  );
  useSubscription({ query: NotificationAddedDocument }, show);
  // After a reconnect the subscription resumes from its last event; the count is asked again as well.
  useEffect(() => onReconnect(() => reexecute({ requestPolicy: "network-only" })), [reexecute]);
  return null;
}

/** A small sign while the live connection is down (it reconnects by itself). */
export function LiveIndicator() {
  const state = useLiveState();
  if (state !== "down") return null;
  return (
    <div
      role="status"
      className="fixed bottom-3 left-3 z-50 flex items-center gap-2 rounded-full border border-line bg-canvas px-3 py-1 text-xs text-ink-muted shadow-pop"
    >
      <span className="size-2 animate-pulse rounded-full bg-danger" aria-hidden />
      Live updates paused · reconnecting
    </div>
  );
}
