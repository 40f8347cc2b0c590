"use client";

import { useRouter } from "next/navigation";
import { Check, ChevronsUpDown, Plus } from "lucide-react";
import { useState, type FormEvent } from "react";

import {
  Avatar,
  Button,
  Dialog,
  DialogContent,
  DialogFooter,
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
  Field,
  FormError,
  Input,
  useToast,
} from "@/components/ui";
import { useFormProblem } from "@/lib/use-form-problem";
import { postSession } from "@/lib/session-client";
import { useViewer } from "@/lib/viewer";

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
      <DropdownMenu>
        <DropdownMenuTrigger
          className="flex w-full cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 text-left outline-none hover:bg-subtle focus-visible:ring-2 focus-visible:ring-accent/30"
          aria-label={`Workspace: ${viewer.workspace.name}. Switch workspace`}
        >
          <Avatar name={viewer.workspace.name} />
          <span className="min-w-0 flex-1 truncate font-semibold">{viewer.workspace.name}</span>
          <ChevronsUpDown className="size-4 text-ink-faint" />
        </DropdownMenuTrigger>
        <DropdownMenuContent align="start" className="w-56">
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
        </DropdownMenuContent>
      </DropdownMenu>
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
