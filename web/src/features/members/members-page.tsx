"use client";

import { Copy, UserPlus, Users, X } from "lucide-react";
import { useEffect, useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";

import { TrashButton } from "@/components/trash-button";
import { Avatar } from "@/components/ui/avatar";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog, useConfirm } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Field, FormError } from "@/components/ui/field";
import { FormCard } from "@/components/ui/form-card";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { TableCell, TableHead, TableRow } from "@/components/ui/table";
import { TableCard } from "@/components/ui/table-card";
import { useToast } from "@/components/ui/toast";
import type { Role } from "@/gql/graphql";
import { PageHeader } from "@/features/shell/app-shell";
import { useOutcomeToast } from "@/lib/use-outcome-toast";
import { problemFromCombined } from "@/lib/api-errors";
import { useCopy } from "@/lib/use-copy";
import { useFormProblem } from "@/lib/use-form-problem";
import { formatDate, plural, roleLabel } from "@/lib/format";
import { canManage, useViewer } from "@/lib/viewer";
import {
  InvitationsDocument,
  InviteMemberDocument,
  MembersDocument,
  RemoveMemberDocument,
  RevokeInvitationDocument,
  UpdateMemberRoleDocument,
} from "@/features/members/documents";

const ROLES: Role[] = ["OWNER", "ADMIN", "MEMBER", "VIEWER"];
const ROLE_OPTIONS = ROLES.map((role) => ({ value: role, label: roleLabel(role) }));

function InviteForm({ onInvited }: { onInvited: (invitation: { id: string; email: string; link: string | null }) => void }) {
  const toast = useToast();
  const [role, setRole] = useState<Role>("MEMBER");
  const { errors, take, formMessage } = useFormProblem();
  const [{ fetching }, inviteMember] = useMutation(InviteMemberDocument);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const email = String(new FormData(form).get("email") ?? "").trim();
    const result = await inviteMember({ email, role });
    if (take(result.error) || !result.data) return;
    form.reset();
    const invitation = result.data.inviteMember;
    onInvited({ id: invitation.id, email: invitation.email, link: invitation.link ?? null });
    toast({
      title: invitation.link ? `Invitation for ${invitation.email} ready: copy its link` : `Invitation sent to ${invitation.email}`,
      tone: "success",
    });
  }

  return (
    <FormCard
      title="Invite a member"
      description="They join when they accept the invitation, signing in or creating an account with this email."
      error={formMessage(["email"])}
      columns="sm:grid-cols-[1fr_10rem_auto]"
      submitting={fetching}
      submit={
        <>
          <UserPlus />
          Invite
        </>
      }
      onSubmit={submit}
    >
      <Field label="Email" error={errors.email}>
        <Input name="email" type="email" placeholder="colleague@company.com" autoComplete="off" />
      </Field>
      <Field label="Role">
        <Select options={ROLE_OPTIONS} value={role} onValueChange={(value) => setRole(value as Role)} />
      </Field>
    </FormCard>
  );
}

function PendingInvitations({ links, refresh }: { links: Record<string, string>; refresh: number }) {
  const outcome = useOutcomeToast();
  const copy = useCopy();
  const [{ data }, reexecute] = useQuery({ query: InvitationsDocument, requestPolicy: "cache-and-network" });
  const [{ fetching: revoking }, revokeInvitation] = useMutation(RevokeInvitationDocument);

  useEffect(() => {
    if (refresh > 0) reexecute({ requestPolicy: "network-only" });
  }, [refresh, reexecute]);

  async function revoke(id: string, email: string) {
    const result = await revokeInvitation({ id });
    if (!outcome(result.error, "Invitation not revoked", { title: `Invitation for ${email} revoked`, tone: "success" })) return;
    reexecute({ requestPolicy: "network-only" });
  }

  const invitations = data?.invitations ?? [];
  if (invitations.length === 0) return null;
  return (
    <section aria-labelledby="pending-invitations" className="grid gap-2">
      <h2 id="pending-invitations" className="font-semibold">
        Pending invitations
      </h2>
      <ul className="grid divide-y divide-line rounded-lg border border-line">
        {invitations.map((invitation) => {
          const link = links[invitation.id];
          return (
            <li key={invitation.id} data-testid="invitation-row" className="grid gap-2 p-3">
              <div className="flex flex-wrap items-center gap-2">
                <span className="min-w-0 flex-1 truncate font-medium">{invitation.email}</span>
                <Badge tone="neutral">{roleLabel(invitation.role)}</Badge>
                <span className="text-[13px] text-ink-muted">Expires {formatDate(invitation.expiresAt)}</span>
                <Button variant="ghost" size="sm" disabled={revoking} onClick={() => void revoke(invitation.id, invitation.email)}>
                  <X />
                  Revoke
                </Button>
              </div>
              {link ? (
                <div className="flex items-center gap-2">
                  <Input readOnly value={link} aria-label={`Invitation link for ${invitation.email}`} className="font-mono text-[12px]" onFocus={(event) => event.currentTarget.select()} />
                  <Button variant="secondary" size="sm" onClick={() => void copy(link, { title: "Link copied" }, { title: "Copy the link from the field" })}>
                    <Copy />
                    Copy link
                  </Button>
                </div>
              ) : (
                <p className="text-[13px] text-ink-muted">
                  {invitation.mailed ? "The link was sent by email." : "Revoke and invite again for a new link to copy."}
                </p>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export function MembersPage() {
  const viewer = useViewer();
  const outcome = useOutcomeToast();
  const manager = canManage(viewer.role);
  const [{ data, error, fetching }] = useQuery({ query: MembersDocument });
  const [, updateRole] = useMutation(UpdateMemberRoleDocument);
  const [, removeMember] = useMutation(RemoveMemberDocument);
  const removal = useConfirm(async (member: { id: string; name: string }) => {
    const result = await removeMember({ memberId: member.id });
    outcome(result.error, "Member not removed", { title: `${member.name} removed`, tone: "success" });
  });
  // Links of invitations made here without SMTP (the server keeps only their digests): shown to copy.
  const [links, setLinks] = useState<Record<string, string>>({});
  const [invited, setInvited] = useState(0);

  async function changeRole(memberId: string, role: Role) {
    const result = await updateRole({ memberId, role });
    outcome(result.error, "Role not changed", { title: `Role changed to ${roleLabel(role).toLowerCase()}`, tone: "success" });
  }

  const members = data?.members ?? [];
  return (
    <>
      <PageHeader
        title="Members"
        description={
          manager
            ? "Who can see and change this workspace. Owners and admins manage members."
            : "Who can see and change this workspace. Only owners and admins can change members."
        }
      />
      <div className="grid max-w-4xl gap-6 p-5 md:p-6">
        {manager ? (
          <InviteForm
            onInvited={(invitation) => {
              const link = invitation.link;
              if (link) setLinks((known) => ({ ...known, [invitation.id]: link }));
              setInvited((count) => count + 1);
            }}
          />
        ) : null}
        {manager ? <PendingInvitations links={links} refresh={invited} /> : null}
        {error ? <FormError>{problemFromCombined(error).message}</FormError> : null}
        <TableCard
          loading={!data && fetching}
          placeholderRows={3}
          empty={members.length === 0 ? <EmptyState icon={Users} title="No members" description="Nobody belongs to this workspace." /> : null}
          label="Members"
          head={
            <>
              <TableHead>{plural(members.length, "member")}</TableHead>
              <TableHead className="w-40">Role</TableHead>
              <TableHead className="hidden sm:table-cell">Joined</TableHead>
              {manager ? <TableHead className="w-12"><span className="sr-only">Actions</span></TableHead> : null}
            </>
          }
        >
          {members.map((member) => {
            const isMe = member.user.id === viewer.user.id;
            return (
              <TableRow key={member.id} data-testid="member-row">
                <TableCell>
                  <div className="flex items-center gap-2.5">
                    <Avatar name={member.user.name} className="size-7 rounded-full" />
                    <div className="min-w-0">
                      <div className="truncate font-medium">
                        {member.user.name} {isMe ? <span className="font-normal text-ink-muted">(you)</span> : null}
                      </div>
                      <div className="truncate text-[13px] text-ink-muted">{member.user.email}</div>
                    </div>
                  </div>
                </TableCell>
                <TableCell>
                  {manager && !isMe ? (
                    <Select
                      aria-label={`Role of ${member.user.name}`}
                      options={ROLE_OPTIONS}
                      value={member.role}
                      onValueChange={(value) => void changeRole(member.id, value as Role)}
                      className="h-7 w-32"
                    />
                  ) : (
                    <Badge tone={member.role === "OWNER" ? "accent" : "neutral"}>{roleLabel(member.role)}</Badge>
                  )}
                </TableCell>
                <TableCell className="hidden text-ink-muted sm:table-cell">{formatDate(member.joinedAt)}</TableCell>
                {manager ? (
                  <TableCell>
                    {!isMe ? (
                      <TrashButton label={`Remove ${member.user.name}`} onClick={() => removal.ask({ id: member.id, name: member.user.name })} />
                    ) : null}
                  </TableCell>
                ) : null}
              </TableRow>
            );
          })}
        </TableCard>
      </div>
      <ConfirmDialog
        {...removal.dialog}
        title={`Remove ${removal.target?.name ?? ""}?`}
        description="They lose access to this workspace at once. Their records stay."
        confirmLabel="Remove member"
      />
    </>
  );
}
