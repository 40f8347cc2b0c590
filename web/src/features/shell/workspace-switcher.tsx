"use client";

import { useRouter } from "next/navigation";
import { Check, ChevronsUpDown, Plus } from "lucide-react";
import { useState, type FormEvent } from "react";

import { Avatar } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { DropdownMenuItem, DropdownMenuLabel, DropdownMenuSeparator } from "@/components/ui/dropdown-menu";
import { Field, FormError } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";
import { useFormProblem } from "@/lib/use-form-problem";
import { postSession } from "@/lib/session-client";
import { useViewer } from "@/lib/viewer";
import { SidebarMenu } from "@/features/shell/sidebar-menu";

export function WorkspaceSwitcher() {
  const viewer = useViewer();
  const router = useRouter();
  const toast = useToast();
  const [creating, setCreating] = useState(false);
  const { errors, setProblem, formMessage } = useFormProblem();
  const [pending, setPending] = useState(false);

  async function switchTo(workspaceId: string) {
    if (workspaceId === viewer.workspace.id) return;
    const result = await postSession("switch-workspace", { workspaceId });
    if (!result.ok) {
      toast({ title: "Could not switch workspace", description: result.problem.message, tone: "error" });
      return;
    }
    router.push("/");
    router.refresh();
  }

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get("name") ?? "");
    setPending(true);
    const result = await postSession("create-workspace", { name });
    setPending(false);
    if (!result.ok) {
      setProblem(result.problem);
      return;
    }
    setCreating(false);
    toast({ title: `Workspace “${name}” created`, tone: "success" });
    router.push("/");
    router.refresh();
  }

  return (
    <>
      <SidebarMenu
        trigger={
          <>
            <Avatar name={viewer.workspace.name} />
            <span className="min-w-0 flex-1 truncate font-semibold">
              <span className="sr-only">Workspace: </span>
              {viewer.workspace.name}
              <span className="sr-only">. Switch workspace</span>
            </span>
            <ChevronsUpDown className="size-4 text-ink-faint" aria-hidden />
          </>
        }
      >
        <DropdownMenuLabel>Workspaces</DropdownMenuLabel>
        {viewer.workspaces.map((workspace) => (
          <DropdownMenuItem key={workspace.id} onSelect={() => void switchTo(workspace.id)}>
            <Avatar name={workspace.name} className="size-5 text-[10px]" />
            <span className="flex-1 truncate">{workspace.name}</span>
            {workspace.id === viewer.workspace.id ? <Check className="text-accent!" /> : null}
          </DropdownMenuItem>
        ))}
        <DropdownMenuSeparator />
        <DropdownMenuItem
          onSelect={() => {
            setProblem(null);
            setCreating(true);
          }}
        >
          <Plus />
          Create workspace
        </DropdownMenuItem>
      </SidebarMenu>
      <Dialog open={creating} onOpenChange={setCreating}>
        <DialogContent title="Create a workspace" description="A separate space with its own records and members. You will own it.">
          <form onSubmit={create} className="grid gap-4" noValidate>
            <FormError>{formMessage(["name"])}</FormError>
            <Field label="Name" error={errors.name}>
              <Input name="name" required autoFocus placeholder="Acme Inc." />
            </Field>
            <DialogFooter>
              <Button type="submit" variant="primary" loading={pending}>
                Create workspace
              </Button>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>
    </>
  );
}
