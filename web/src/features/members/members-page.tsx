"use client";

import { Trash2, UserPlus, Users } from "lucide-react";
import { useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";

import {
  Avatar,
  Badge,
  Button,
  ConfirmDialog,
  EmptyState,
  Field,
  FormError,
  Input,
  Select,
  Skeleton,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  useToast,
} from "@/components/ui";
import type { Role } from "@/gql/graphql";
import { PageHeader } from "@/features/shell/app-shell";
import { problemFromCombined } from "@/lib/api-errors";
import { useFormProblem } from "@/lib/use-form-problem";
import { formatDate, plural, roleLabel } from "@/lib/format";
import { canManage, useViewer } from "@/lib/viewer";
import { AddMemberDocument, MembersDocument, RemoveMemberDocument, UpdateMemberRoleDocument } from "@/features/members/documents";

const ROLES: Role[] = ["OWNER", "ADMIN", "MEMBER", "VIEWER"];
const ROLE_OPTIONS = ROLES.map((role) => ({ value: role, label: roleLabel(role) }));

function AddMemberForm() {
  const toast = useToast();
  const [role, setRole] = useState<Role>("MEMBER");
  const { errors, take, formMessage } = useFormProblem();
  const [{ fetching }, addMember] = useMutation(AddMemberDocument);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const email = String(new FormData(form).get("email") ?? "").trim();
    const result = await addMember({ email, role });
    if (take(result.error) || !result.data) return;
    form.reset();
    toast({ title: `${result.data.addMember.user.name} joined as ${roleLabel(role).toLowerCase()}`, tone: "success" });
  }

  return (
    <form onSubmit={submit} noValidate className="grid gap-3 rounded-lg border border-line bg-surface p-4">
      <div>
        <h2 className="font-semibold">Add a member</h2>
        <p className="text-ink-muted">They need a Rapport account first; they sign up, then you add them by email.</p>
      </div>
      <FormError>{formMessage(["email"])}</FormError>
      <div className="grid items-start gap-3 sm:grid-cols-[1fr_10rem_auto]">
        <Field label="Email" error={errors.email}>
          <Input name="email" type="email" placeholder="colleague@company.com" autoComplete="off" />
        </Field>
        <Field label="Role">
          <Select options={ROLE_OPTIONS} value={role} onValueChange={(value) => setRole(value as Role)} />
        </Field>
        <Button type="submit" variant="primary" loading={fetching} className="sm:mt-[22px]">
          <UserPlus />
          Add member
        </Button>
      </div>
    </form>
  );
}

export function MembersPage() {
  const viewer = useViewer();
  const toast = useToast();
  const manager = canManage(viewer.role);
  const [{ data, error, fetching }] = useQuery({ query: MembersDocument });
  const [, updateRole] = useMutation(UpdateMemberRoleDocument);
  const [{ fetching: removing }, removeMember] = useMutation(RemoveMemberDocument);
  const [toRemove, setToRemove] = useState<{ id: string; name: string } | null>(null);

  async function changeRole(memberId: string, role: Role) {
    const result = await updateRole({ memberId, role });
    if (result.error) {
      toast({ title: "Role not changed", description: problemFromCombined(result.error).message, tone: "error" });
    } else toast({ title: `Role changed to ${roleLabel(role).toLowerCase()}`, tone: "success" });
  }

  async function confirmRemove() {
    if (!toRemove) return;
    const result = await removeMember({ memberId: toRemove.id });
    setToRemove(null);
    if (result.error) {
      toast({ title: "Member not removed", description: problemFromCombined(result.error).message, tone: "error" });
    } else toast({ title: `${toRemove.name} removed`, tone: "success" });
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
        {manager ? <AddMemberForm /> : null}
        {error ? <FormError>{problemFromCombined(error).message}</FormError> : null}
        <div className="overflow-hidden rounded-lg border border-line">
          {!data && fetching ? (
            <div className="grid gap-3 p-4">
              {[0, 1, 2].map((index) => (
                <Skeleton key={index} className="h-8" />
              ))}
            </div>
          ) : members.length === 0 ? (
            <EmptyState icon={Users} title="No members" description="Nobody belongs to this workspace." />
          ) : (
            <Table aria-label="Members">
              <TableHeader>
                <TableRow className="hover:bg-transparent">
                  <TableHead>{plural(members.length, "member")}</TableHead>
                  <TableHead className="w-40">Role</TableHead>
                  <TableHead className="hidden sm:table-cell">Joined</TableHead>
                  {manager ? <TableHead className="w-12"><span className="sr-only">Actions</span></TableHead> : null}
                </TableRow>
              </TableHeader>
              <TableBody>
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
                            <Button
                              variant="ghost"
                              size="icon"
                              aria-label={`Remove ${member.user.name}`}
                              onClick={() => setToRemove({ id: member.id, name: member.user.name })}
                            >
                              <Trash2 />
                            </Button>
                          ) : null}
                        </TableCell>
                      ) : null}
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          )}
        </div>
      </div>
      <ConfirmDialog
        open={toRemove !== null}
        onOpenChange={(open) => !open && setToRemove(null)}
        title={`Remove ${toRemove?.name ?? ""}?`}
        description="They lose access to this workspace at once. Their records stay."
        confirmLabel="Remove member"
        busy={removing}
        onConfirm={() => void confirmRemove()}
      />
    </>
  );
}
