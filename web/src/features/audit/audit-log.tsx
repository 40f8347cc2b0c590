"use client";

import { ScrollText } from "lucide-react";
import { useState } from "react";
import { useQuery } from "urql";

import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { FormError } from "@/components/ui/field";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { AuditEventsDocument } from "@/features/audit/documents";
import { PageHeader } from "@/features/shell/app-shell";
import { ManagersOnly } from "@/features/shell/managers-only";
import { problemFromCombined } from "@/lib/api-errors";
import { canManage, useViewer } from "@/lib/viewer";

const PAGE = 50;

const ACTIONS: Record<string, string> = {
  "auth.sign_in": "Signed in",
  "auth.sign_in_failed": "Sign-in failed",
  "auth.mfa_enabled": "Turned on two-factor sign-in",
  "auth.mfa_disabled": "Turned off two-factor sign-in",
  "auth.mfa_recovery_code_used": "Used a recovery code",
  "auth.password_changed": "Changed their password",
  "auth.signed_out_everywhere": "Signed out everywhere",
  "auth.api_key_created": "Created an API key",
  "auth.api_key_revoked": "Revoked an API key",
  "auth.identity_linked": "Linked a sign-in provider",
  "workspace.member_role_changed": "Changed a member's role",
  "workspace.member_removed": "Removed a member",
  "workspace.invitation_created": "Invited someone",
  "workspace.invitation_accepted": "Accepted an invitation",
  "workspace.invitation_revoked": "Revoked an invitation",
  "data.export_started": "Exported records",
};

type Details = Record<string, unknown>;

function text(details: Details, key: string): string | null {
  const value = details[key];
  return typeof value === "string" && value ? value : null;
}

/** What happened, in words, with what it concerned (the key's name, the new role, …). */
export function describe(action: string, details: Details): string {
  const label = ACTIONS[action] ?? action;
  const extra =
    action === "workspace.member_role_changed"
      ? [text(details, "email"), text(details, "from") && `${text(details, "from")} → ${text(details, "to")}`]
      : action === "workspace.member_removed"
        ? [text(details, "email")]
        : action.startsWith("auth.api_key")
          ? [text(details, "name") ?? text(details, "prefix")]
          : action === "data.export_started"
            ? [text(details, "objectType")?.toLowerCase() ?? null]
            : action === "auth.identity_linked"
              ? [text(details, "provider")]
              : action === "auth.sign_in_failed"
                ? [text(details, "reason") === "mfa_code" ? "wrong code" : "wrong password"]
                : [];
  const said = extra.filter((part): part is string => Boolean(part));
  return said.length ? `${label} (${said.join(", ")})` : label;
}

function when(iso: string): string {
  return new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "medium" });
}

function AuditPage({ after, isLast, onMore }: { after: string | null; isLast: boolean; onMore: (cursor: string) => void }) {
  const [{ data, error, fetching }] = useQuery({ query: AuditEventsDocument, variables: { first: PAGE, after } });
  if (error) return <FormError>{problemFromCombined(error).message}</FormError>;
  if (!data) {
    return fetching ? (
      <div className="grid gap-3 p-4">
        {[0, 1, 2].map((index) => (
          <Skeleton key={index} className="h-8" />
        ))}
      </div>
    ) : null;
  }
  const events = data.auditEvents.edges.map((edge) => edge.node);
  const { hasNextPage, endCursor } = data.auditEvents.pageInfo;
  if (after === null && events.length === 0) {
    return <EmptyState icon={ScrollText} title="Nothing yet" description="Sign-ins, role changes and new API keys show here." />;
  }
  return (
    <>
      {events.map((event) => {
        const details = (event.details ?? {}) as Details;
        return (
          <TableRow key={event.id} data-testid="audit-row">
            <TableCell className="whitespace-nowrap text-ink-muted">
              <time dateTime={event.occurredAt}>{when(event.occurredAt)}</time>
            </TableCell>
            <TableCell>
              {event.actor ? (
                <>
                  <div className="font-medium">{event.actor.user.name}</div>
                  <div className="text-[12px] text-ink-muted">{event.actor.user.email}</div>
                </>
              ) : (
                <span className="text-ink-muted">{text(details, "email") ?? "Unknown"}</span>
              )}
            </TableCell>
            <TableCell>{describe(event.action, details)}</TableCell>
            <TableCell className="hidden font-mono text-[12px] md:table-cell">{event.ip ?? "—"}</TableCell>
            <TableCell className="hidden max-w-64 truncate text-[12px] text-ink-muted lg:table-cell" title={event.userAgent ?? ""}>
              {event.userAgent ?? "—"}
            </TableCell>
          </TableRow>
        );
      })}
      {isLast && hasNextPage && endCursor ? (
        <TableRow className="hover:bg-transparent">
          <TableCell colSpan={5}>
            <Button variant="secondary" loading={fetching} onClick={() => onMore(endCursor)}>
              Show older events
            </Button>
          </TableCell>
        </TableRow>
      ) : null}
    </>
  );
}

/** The workspace's audit log: who signed in (or failed to), changed roles, made keys, exported data. */
export function AuditLog() {
  const viewer = useViewer();
  const [cursors, setCursors] = useState<(string | null)[]>([null]);

  if (!canManage(viewer.role)) {
    return <ManagersOnly title="Audit log" icon={ScrollText} message="Owners and admins read the audit log" hint="Ask one of them." />;
  }

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Security events of this workspace. Each is chained to the one before, so an edited or deleted event is found."
      />
      <div className="grid max-w-6xl gap-6 p-5 md:p-6">
        <div className="overflow-hidden rounded-lg border border-line">
          <Table aria-label="Audit log">
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                <TableHead className="w-48">When</TableHead>
                <TableHead>Who</TableHead>
                <TableHead>What</TableHead>
                <TableHead className="hidden md:table-cell">IP address</TableHead>
                <TableHead className="hidden lg:table-cell">User agent</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {cursors.map((after, index) => (
                <AuditPage
                  key={after ?? "first"}
                  after={after}
                  isLast={index === cursors.length - 1}
                  onMore={(cursor) => setCursors((all) => [...all, cursor])}
                />
              ))}
            </TableBody>
          </Table>
        </div>
      </div>
    </>
  );
}
