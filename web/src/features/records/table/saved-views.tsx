"use client";

import { Bookmark, Trash2 } from "lucide-react";
import { useState } from "react";
import { useMutation, useQuery } from "urql";

import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Field, FormError } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { useToast } from "@/components/ui/toast";
import { graphql } from "@/gql";
import type { ObjectType } from "@/gql/graphql";
import { problemFromCombined } from "@/lib/api-errors";
import { canManage, canWrite, useViewer } from "@/lib/viewer";

/** A saved view as the picker lists it, and as saving one answers. */
export const SavedViewFields = graphql(`
  fragment SavedView on SavedView {
    id
    name
    shared
    state
    owner {
      id
    }
  }
`);

export const SavedViewsDocument = graphql(`
  query SavedViews($objectType: ObjectType!) {
    savedViews(objectType: $objectType) {
      ...SavedView
    }
  }
`);

export const SaveViewDocument = graphql(`
  mutation SaveView($name: String!, $objectType: ObjectType!, $state: JSON!, $shared: Boolean!) {
    saveView(name: $name, objectType: $objectType, state: $state, shared: $shared) {
      ...SavedView
    }
  }
`);

export const DeleteViewDocument = graphql(`
  mutation DeleteView($id: UUID!) {
    deleteView(id: $id)
  }
`);

/** JSON with sorted keys: a view's state comes back from the api with its keys in another order. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(",")}]`;
  if (value && typeof value === "object")
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stable((value as Record<string, unknown>)[key])}`)
      .join(",")}}`;
  return JSON.stringify(value ?? null);
}

export interface SavedViewChoice {
  id: string;
  state: unknown;
}

/**
 * The list header's saved views: choose one (its state goes into the URL), save the list as it is now
 * under a name (yours, or shared with the workspace), delete one you may delete.
 */
export function SavedViews({
  objectType,
  currentId,
  state,
  onChoose,
}: {
  objectType: ObjectType;
  currentId: string | null;
  /** The list's state now, as a view keeps it. */
  state: Record<string, unknown>;
  onChoose: (view: SavedViewChoice | null) => void;
}) {
  const viewer = useViewer();
  const toast = useToast();
  const [views] = useQuery({ query: SavedViewsDocument, variables: { objectType } });
  const [saving, saveView] = useMutation(SaveViewDocument);
  const [, deleteView] = useMutation(DeleteViewDocument);
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [shared, setShared] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const list = views.data?.savedViews ?? [];
  const current = list.find((view) => view.id === currentId) ?? null;
  // Changed since it was chosen: the picker shows no view, so choosing it again restores it.
  const shown = current && stable(current.state) === stable(state) ? current.id : "";
  const deletable = current && (current.owner?.id === viewer.memberId || (current.shared && canManage(viewer.role)));

  async function save() {
    const answer = await saveView({ name, objectType, state, shared });
    if (answer.error || !answer.data) {
      setProblem(answer.error ? problemFromCombined(answer.error).message : "The view was not saved.");
      return;
    }
    setOpen(false);
    onChoose(answer.data.saveView);
    toast({ title: `View “${answer.data.saveView.name}” saved`, tone: "success" });
  }

  async function remove() {
    if (!current) return;
    const answer = await deleteView({ id: current.id });
    if (answer.error) toast({ title: "The view was not deleted", description: problemFromCombined(answer.error).message, tone: "error" });
    else {
      onChoose(null);
      toast({ title: `View “${current.name}” deleted`, tone: "neutral" });
    }
  }

  return (
    <div className="flex items-center gap-1.5">
      {list.length ? (
        <Select
          aria-label="Saved view"
          placeholder="Saved views"
          options={list.map((view) => ({ value: view.id, label: view.shared ? `${view.name} (shared)` : view.name }))}
          value={shown}
          onValueChange={(id) => onChoose(list.find((view) => view.id === id) ?? null)}
          className="w-44"
        />
      ) : null}
      {deletable ? (
        <Button variant="ghost" size="sm" aria-label={`Delete view ${current.name}`} onClick={() => void remove()}>
          <Trash2 />
        </Button>
      ) : null}
      <Button
        variant="secondary"
        onClick={() => {
          setName(current?.owner?.id === viewer.memberId ? current.name : "");
          setShared(current?.owner?.id === viewer.memberId ? current.shared : false);
          setProblem(null);
          setOpen(true);
        }}
      >
        <Bookmark />
        Save view
      </Button>
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogContent title="Save this view" description="The search, filters, sort and columns, under a name. Saving a name you used replaces that view.">
          <form
            className="grid gap-4"
            onSubmit={(event) => {
              event.preventDefault();
              void save();
            }}
          >
            <Field label="Name">
              <Input value={name} onChange={(event) => setName(event.target.value)} maxLength={100} required autoFocus />
            </Field>
            {canWrite(viewer.role) ? (
              <div className="flex items-center gap-2">
                <Checkbox id="share-view" checked={shared} onCheckedChange={(value) => setShared(value === true)} />
                <Label htmlFor="share-view">Share with the workspace</Label>
              </div>
            ) : null}
            <FormError>{problem}</FormError>
            <DialogFooter>
              <Button type="submit" variant="primary" disabled={saving.fetching}>
                Save view
              </Button>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>
    </div>
  );
}
