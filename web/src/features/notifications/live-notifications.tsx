"use client";

import { useCallback, useEffect } from "react";
import { useQuery, useSubscription } from "urql";

import { useToast } from "@/components/ui/toast";
import type { NotificationItemFragment } from "@/gql/graphql";
import { onReconnect, useLiveState } from "@/lib/live";
import { NotificationAddedDocument, NotificationsDocument } from "@/features/notifications/documents";

// Apart from the bell (notification-bell.tsx, its menu loaded after the first paint): these two are
// mounted with the shell from the start.

/** As many notifications as the bell lists (and asks for: the same query, so one cached answer). */
export const SHOWN = 10;

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
