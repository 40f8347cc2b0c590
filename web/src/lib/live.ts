import { createClient as createWsClient, type Client as WsClient, type SubscribePayload } from "graphql-ws";
import { makeOperation, type Exchange, type Operation } from "urql";
import { useEffect, useRef, useSyncExternalStore } from "react";
import { pipe, tap } from "wonka";

// The live connection (graphql-ws over /api/graphql, authenticated by the session cookie the proxy sends
// on the upgrade): its state for the "live updates paused" indicator, reconnection without end (the api
// restarting closes it with 1012), and resume. Every subscription that declares `$after` is sent again on
// reconnect with `after` set to the last event it received (the message's `extensions.eventId`): the api
// first replays what it missed, then goes live, with no gap and no duplicate.

export type LiveState = "connecting" | "live" | "down";

let state: LiveState = "connecting";
let everConnected = false;
const listeners = new Set<() => void>();
/** Called after a reconnect (not the first connect): screens without `after` refetch. */
const reconnectListeners = new Set<() => void>();

function setState(next: LiveState) {
  if (next === state) return;
  state = next;
  // On the page too (<html data-live>): what a support session or a browser test reads to know updates flow.
  if (typeof document !== "undefined") document.documentElement.dataset.live = next;
  for (const listener of listeners) listener();
}

export function useLiveState(): LiveState {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => state,
    () => "connecting" as LiveState,
  );
}

export function onReconnect(listener: () => void): () => void {
  reconnectListeners.add(listener);
  return () => reconnectListeners.delete(listener);
}

/** 0.5 s, 1 s, 2 s, then every 3 s, with jitter: an api restart is back within a few seconds. */
export function retryDelay(retries: number): number {
  return Math.min(500 * 2 ** retries, 3000) + Math.floor(Math.random() * 300);
}

let liveClient: WsClient | null = null;
/** The variables of the open resumable subscriptions (their `after` is theirs to a session). */
const openVariables = new Set<Record<string, unknown>>();

/**
 * After a sign-in as someone else or a switch of workspace: the socket speaks for the old session (its
 * cookie was read at the upgrade), so it is ended and opened again with the new cookie; the subscriptions
 * follow, without `after` (an event number of the old workspace means nothing in the new one).
 */
export function restartLive() {
  for (const variables of openVariables) delete variables.after;
  liveClient?.terminate();
}

/** Restarts the live connection when `session` (user and workspace) changes after the first render. */
export function useLiveSession(session: string) {
  const first = useRef(session);
  useEffect(() => {
    if (first.current === session) return;
    first.current = session;
    restartLive();
  }, [session]);
}

export function createLiveClient(url: string): WsClient {
  const client = createWsClient({
    url,
    lazy: true,
    // Keep the socket a moment after the last subscription ends (navigating between screens).
    lazyCloseTimeout: 3000,
    keepAlive: 20_000,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, retryDelay(retries))),
    on: {
      connecting: () => setState(everConnected ? "down" : "connecting"),
      connected: () => {
        const reconnected = everConnected;
        everConnected = true;
        setState("live");
        if (reconnected) {
          for (const listener of reconnectListeners) listener();
          // A subscription that had received nothing yet has no `after` to resume from: what happened
          // while the socket was down reaches its screen only by loading the screen again.
          if ([...openVariables].some((variables) => !("after" in variables))) requireRefetch();
        }
      },
      closed: () => {
        if (everConnected) setState("down");
      },
      error: () => {
        if (everConnected) setState("down");
      },
    },
  });
  liveClient = client;
  return client;
}

/** Whether a document declares the `$after` variable (then it can resume). */
export function declaresAfter(query: string): boolean {
  return /\$after\s*:/.test(query);
}

/**
 * The payload graphql-ws sends for a subscription, kept by reference: graphql-ws sends this same object
 * again when it reconnects, so `remember` setting `variables.after` makes the resubscription a resume.
 */
export function resumablePayload(payload: SubscribePayload): {
  payload: SubscribePayload;
  remember: (message: { extensions?: unknown }) => void;
  forget: () => void;
} {
  const variables: Record<string, unknown> = { ...(payload.variables ?? {}) };
  const resumable = declaresAfter(payload.query);
  const sent: SubscribePayload = { ...payload, variables };
  if (resumable) openVariables.add(variables);
  return {
    payload: sent,
    forget: () => openVariables.delete(variables),
    remember: (message) => {
      const extensions = message.extensions;
      const eventId = extensions && typeof extensions === "object" ? (extensions as Record<string, unknown>).eventId : undefined;
      if (resumable && typeof eventId === "string") variables.after = eventId;
    },
  };
}

/** Whether a subscription's error says its resume point is gone (past retention, or too far behind). */
export function isRefetchRequired(error: unknown): boolean {
  const errors = Array.isArray(error) ? error : [error];
  return errors.some((item) => {
    if (!item || typeof item !== "object") return false;
    const extensions = (item as { extensions?: unknown }).extensions;
    return Boolean(extensions && typeof extensions === "object" && (extensions as Record<string, unknown>).code === "REFETCH_REQUIRED");
  });
}

const refetchListeners = new Set<() => void>();

/** Called when a resume was refused with REFETCH_REQUIRED: what the screens show may miss events. */
export function onRefetchRequired(listener: () => void): () => void {
  refetchListeners.add(listener);
  return () => refetchListeners.delete(listener);
}

export function requireRefetch() {
  for (const listener of refetchListeners) listener();
}

/**
 * An urql exchange that keeps the queries on screen and, when a resume is refused (REFETCH_REQUIRED),
 * runs each of them again from the network: every screen then shows what it would after a reload, and
 * its subscriptions go on live without `after`.
 */
export const refetchExchange: Exchange = ({ client, forward }) => {
  const active = new Map<number, Operation>();
  onRefetchRequired(() => {
    for (const operation of active.values()) {
      client.reexecuteOperation(makeOperation(operation.kind, operation, { ...operation.context, requestPolicy: "network-only" }));
    }
  });
  return (operations$) =>
    forward(
      pipe(
        operations$,
        tap((operation) => {
          if (operation.kind === "query") active.set(operation.key, operation);
          else if (operation.kind === "teardown") active.delete(operation.key);
        }),
      ),
    );
};

type LiveRequest = Omit<SubscribePayload, "query"> & { query?: string };
type LiveSink = { next: (value: never) => void; error: (error: unknown) => void; complete: () => void };

/**
 * urql's `forwardSubscription` over the live client: resumes from the last event received when graphql-ws
 * reconnects; when a resume is refused (REFETCH_REQUIRED, past retention) the screens load again and the
 * subscription goes on live from now, without `after`.
 */
export function forwardLive(ws: Pick<WsClient, "subscribe">) {
  return (request: LiveRequest) => ({
    subscribe: (sink: LiveSink) => {
      const { payload, remember, forget } = resumablePayload({ ...request, query: request.query ?? "" });
      let unsubscribe = () => {};
      const open = () => {
        unsubscribe = ws.subscribe(payload, {
          next: (message) => {
            remember(message);
            sink.next(message as never);
          },
          error: (error) => {
            if (isRefetchRequired(error) && payload.variables && "after" in payload.variables) {
              delete payload.variables.after;
              requireRefetch();
              open();
              return;
            }
            sink.error(error);
          },
          complete: () => sink.complete(),
        });
      };
      open();
      return {
        unsubscribe: () => {
          forget();
          unsubscribe();
        },
      };
    },
  });
}
