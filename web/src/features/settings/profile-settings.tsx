"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useMutation } from "urql";

import { Avatar } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";
import { PageHeader } from "@/features/shell/app-shell";
import { useFormProblem } from "@/lib/use-form-problem";
import { roleLabel } from "@/lib/format";
import { useViewer } from "@/lib/viewer";
import { UpdateProfileDocument } from "@/features/settings/documents";
import { SettingsSection } from "@/features/settings/section";

/** The signed-in user's name (editable) and sign-in email. */
export function ProfileSettings() {
  const viewer = useViewer();
  const router = useRouter();
  const toast = useToast();
  const [name, setName] = useState(viewer.user.name);
  const { errors, take, formMessage } = useFormProblem();
  const [{ fetching }, updateProfile] = useMutation(UpdateProfileDocument);
  const changed = name.trim() !== viewer.user.name;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = await updateProfile({ name });
    if (take(result.error) || !result.data) return;
    setName(result.data.updateProfile.name);
    toast({ title: "Your name is saved", tone: "success" });
    // The sidebar and every page take the name from the server-rendered viewer.
    router.refresh();
  }

  return (
    <>
      <PageHeader title="Profile" description="How you appear to your teammates in every workspace." />
      <div className="grid max-w-2xl grid-cols-[minmax(0,1fr)] gap-6 p-5 md:p-6">
        <SettingsSection title="Your details">
          <form onSubmit={submit} noValidate className="grid gap-4">
            <div className="flex items-center gap-3">
              <Avatar name={name.trim() || viewer.user.name} className="size-10 rounded-full text-sm" />
              <div className="min-w-0">
                <div className="truncate font-medium">{name.trim() || viewer.user.name}</div>
                <div className="truncate text-[13px] text-ink-muted">
                  {roleLabel(viewer.role)} in {viewer.workspace.name}
                </div>
              </div>
            </div>
            <FormError>{formMessage(["name"])}</FormError>
            <Field label="Name" error={errors.name} hint="Shown on records you own, notes and tasks.">
              <Input
                name="name"
                value={name}
                maxLength={100}
                autoComplete="name"
                onChange={(event) => setName(event.target.value)}
              />
            </Field>
            <Field label="Email" hint="The address you sign in with. It cannot be changed here.">
              <Input value={viewer.user.email} readOnly disabled />
            </Field>
            <div className="flex justify-end gap-2">
              {changed ? (
                <Button type="button" variant="ghost" onClick={() => setName(viewer.user.name)}>
                  Discard
                </Button>
              ) : null}
              <Button type="submit" variant="primary" loading={fetching} disabled={!changed}>
                Save
              </Button>
            </div>
          </form>
        </SettingsSection>
      </div>
    </>
  );
}
