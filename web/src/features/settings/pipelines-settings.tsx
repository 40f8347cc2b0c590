"use client";

import { KanbanSquare, MoreHorizontal, Pencil, Plus, Star, Trash2 } from "lucide-react";
import { useMemo, useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";
import {
  DndContext,
  KeyboardSensor,
  PointerSensor,
  closestCenter,
  useSensor,
  useSensors,
  type DragEndEvent,
} from "@dnd-kit/core";
import { SortableContext, arrayMove, sortableKeyboardCoordinates, verticalListSortingStrategy } from "@dnd-kit/sortable";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { EmptyState } from "@/components/ui/empty-state";
import { Field, FormError } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { useToast } from "@/components/ui/toast";
import type { SettingsPipelinesQuery, SettingsStageFragment } from "@/gql/graphql";
import { PageHeader } from "@/features/shell/app-shell";
import { useOutcomeToast } from "@/lib/use-outcome-toast";
import { problemFromCombined } from "@/lib/api-errors";
import { useFormProblem } from "@/lib/use-form-problem";
import { plural } from "@/lib/format";
import { canManage, useViewer } from "@/lib/viewer";
import {
  AddStageDocument,
  CreatePipelineDocument,
  DeletePipelineDocument,
  DeleteStageDocument,
  ReorderStagesDocument,
  SettingsPipelinesDocument,
  UpdatePipelineDocument,
} from "@/features/settings/documents";
import { restrictToVerticalAxis } from "@/features/settings/modifiers";
import { StageRow } from "@/features/settings/stage-row";
import { LostReasonsSection } from "@/features/settings/lost-reasons/lost-reasons-section";

type Pipeline = SettingsPipelinesQuery["pipelines"][number];

/** "Lead\nQualified, Demo" → ["Lead", "Qualified", "Demo"]. */
export function stageNames(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((name) => name.trim())
    .filter(Boolean);
}

function CreatePipelineDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const toast = useToast();
  const { errors, setProblem, take, formMessage } = useFormProblem();
  const [{ fetching }, createPipeline] = useMutation(CreatePipelineDocument);

  function change(next: boolean) {
    if (!next) setProblem(null);
    onOpenChange(next);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const name = String(form.get("name") ?? "").trim();
    const stages = stageNames(String(form.get("stages") ?? ""));
    const result = await createPipeline({ name, stages });
    if (take(result.error) || !result.data) return;
    toast({ title: `${result.data.createPipeline.name} created`, tone: "success" });
    change(false);
  }

  return (
    <Dialog open={open} onOpenChange={change}>
      <DialogContent title="New pipeline" description="A separate sales process with its own stages, e.g. for renewals or partners.">
        <form onSubmit={submit} noValidate className="grid gap-4">
          <FormError>{formMessage(["name", "stages"])}</FormError>
          <Field label="Name" error={errors.name}>
            <Input name="name" autoFocus autoComplete="off" placeholder="e.g. Renewals" />
          </Field>
          <Field label="Stages" error={errors.stages} hint="One per line, in order. Won and Lost are added at the end for you.">
            <Textarea name="stages" rows={5} placeholder={"Lead\nQualified\nProposal"} />
          </Field>
          <DialogFooter>
            <Button type="submit" variant="primary" loading={fetching}>
              Create pipeline
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function RenamePipelineDialog({ pipeline, onClose }: { pipeline: Pipeline | null; onClose: () => void }) {
  const toast = useToast();
  const { errors, setProblem, take, formMessage } = useFormProblem();
  const [{ fetching }, updatePipeline] = useMutation(UpdatePipelineDocument);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!pipeline) return;
    const name = String(new FormData(event.currentTarget).get("name") ?? "").trim();
    const result = await updatePipeline({ id: pipeline.id, name, isDefault: pipeline.isDefault });
    if (take(result.error)) return;
    toast({ title: "Pipeline renamed", tone: "success" });
    onClose();
  }

  return (
    <Dialog
      open={pipeline !== null}
      onOpenChange={(open) => {
        if (!open) {
          setProblem(null);
          onClose();
        }
      }}
    >
      <DialogContent title="Rename pipeline">
        <form onSubmit={submit} noValidate className="grid gap-4">
          <FormError>{formMessage(["name"])}</FormError>
          <Field label="Name" error={errors.name}>
            <Input name="name" defaultValue={pipeline?.name} autoFocus autoComplete="off" />
          </Field>
          <DialogFooter>
            <Button type="submit" variant="primary" loading={fetching}>
              Save
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/** A confirmation that shows the api's refusal (e.g. deals still in the stage) instead of closing. */
function ConfirmDelete({
  title,
  description,
  action,
  open,
  onClose,
  onConfirm,
}: {
  title: string;
  description: string;
  action: string;
  open: boolean;
  onClose: () => void;
  onConfirm: () => Promise<string | null>;
}) {
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next) {
          setProblem(null);
          onClose();
        }
      }}
    >
      <DialogContent title={title} description={description}>
        <FormError>{problem}</FormError>
        <DialogFooter cancelLabel={problem ? "Close" : "Cancel"}>
          <Button
            variant="danger"
            loading={busy}
            disabled={problem !== null}
            onClick={async () => {
              setBusy(true);
              const refusal = await onConfirm();
              setBusy(false);
              if (refusal) setProblem(refusal);
              else onClose();
            }}
          >
            {action}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

function AddStageForm({ pipelineId }: { pipelineId: string }) {
  const { errors, take, formMessage } = useFormProblem();
  const [{ fetching }, addStage] = useMutation(AddStageDocument);
  const toast = useToast();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get("name") ?? "").trim();
    const result = await addStage({ pipelineId, input: { name } });
    if (take(result.error) || !result.data) return;
    form.reset();
    toast({ title: `${result.data.addStage.name} added`, tone: "success" });
  }

  const message = errors.name ?? formMessage(["name"]);
  return (
    <form onSubmit={submit} noValidate className="flex flex-wrap items-start gap-2 border-t border-line bg-surface px-3 py-2.5">
      <div className="min-w-48 flex-1">
        <Input
          name="name"
          aria-label="New stage name"
          placeholder="New stage name"
          autoComplete="off"
          aria-invalid={message ? true : undefined}
          className="h-7"
        />
        {message ? (
          <p role="alert" className="mt-1 text-[12px] text-danger">
            {message}
          </p>
        ) : null}
      </div>
      <Button type="submit" size="sm" loading={fetching}>
        <Plus />
        Add stage
      </Button>
    </form>
  );
}

function PipelineCard({ pipeline, manager, onRename }: { pipeline: Pipeline; manager: boolean; onRename: () => void }) {
  const toast = useToast();
  const outcome = useOutcomeToast();
  const [order, setOrder] = useState<string[] | null>(null);
  const [stageToDelete, setStageToDelete] = useState<SettingsStageFragment | null>(null);
  const [deletingPipeline, setDeletingPipeline] = useState(false);
  const [, reorderStages] = useMutation(ReorderStagesDocument);
  const [, updatePipeline] = useMutation(UpdatePipelineDocument);
  const [, deleteStage] = useMutation(DeleteStageDocument);
  const [, deletePipeline] = useMutation(DeletePipelineDocument);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  const stages = useMemo(() => {
    if (!order) return pipeline.stages;
    const byId = new Map(pipeline.stages.map((stage) => [stage.id, stage]));
    const ordered = order.flatMap((id) => byId.get(id) ?? []);
    return [...ordered, ...pipeline.stages.filter((stage) => !order.includes(stage.id))];
  }, [order, pipeline.stages]);
  const dealCount = pipeline.stages.reduce((sum, stage) => sum + stage.dealCount, 0);
  const stageName = (id: string | number) => stages.find((stage) => stage.id === id)?.name ?? "";

  // The order shown is the one asked for until the api confirms it, then the confirmed one until the
  // list itself arrives with it (the list's refetch can lag behind a quick series of moves).
  const listOrder = pipeline.stages.map((stage) => stage.id).join();
  if (order && order.join() === listOrder) setOrder(null);

  async function move(from: number, to: number) {
    if (to < 0 || to >= stages.length || from === to) return;
    const next = arrayMove(
      stages.map((stage) => stage.id),
      from,
      to,
    );
    setOrder(next);
    const result = await reorderStages({ pipelineId: pipeline.id, stageIds: next });
    if (result.error || !result.data) {
      setOrder(null);
      toast({
        title: "Stages not reordered",
        description: result.error ? problemFromCombined(result.error).message : undefined,
        tone: "error",
      });
      return;
    }
    const confirmed = result.data.reorderStages.stages.map((stage) => stage.id);
    setOrder((current) => (current && current.join() === next.join() ? confirmed : current));
  }

  function dragEnd({ active, over }: DragEndEvent) {
    if (!over || active.id === over.id) return;
    const ids = stages.map((stage) => stage.id);
    void move(ids.indexOf(String(active.id)), ids.indexOf(String(over.id)));
  }

  async function makeDefault() {
    const result = await updatePipeline({ id: pipeline.id, name: pipeline.name, isDefault: true });
    outcome(result.error, "Not changed", { title: `${pipeline.name} is now the default pipeline`, tone: "success" });
  }

  return (
    <section aria-label={pipeline.name} data-testid="pipeline" className="overflow-hidden rounded-lg border border-line bg-canvas">
      <div className="flex items-center gap-3 border-b border-line px-4 py-3">
        <div className="min-w-0 flex-1">
          <h2 className="flex items-center gap-2 font-semibold">
            <span className="truncate">{pipeline.name}</span>
            {pipeline.isDefault ? <Badge tone="accent">Default</Badge> : null}
          </h2>
          <p className="text-[13px] text-ink-muted">
            {plural(pipeline.stages.length, "stage")} · {plural(dealCount, "deal")}
          </p>
        </div>
        {manager ? (
          <DropdownMenu>
            <DropdownMenuTrigger asChild>
              <Button variant="ghost" size="icon" aria-label={`Actions for ${pipeline.name}`}>
                <MoreHorizontal />
              </Button>
            </DropdownMenuTrigger>
            <DropdownMenuContent align="end">
              <DropdownMenuItem onSelect={onRename}>
                <Pencil />
                Rename
              </DropdownMenuItem>
              {!pipeline.isDefault ? (
                <DropdownMenuItem onSelect={() => void makeDefault()}>
                  <Star />
                  Make default
                </DropdownMenuItem>
              ) : null}
              <DropdownMenuSeparator />
              <DropdownMenuItem onSelect={() => setDeletingPipeline(true)} className="text-danger [&_svg]:text-danger">
                <Trash2 />
                Delete pipeline
              </DropdownMenuItem>
            </DropdownMenuContent>
          </DropdownMenu>
        ) : null}
      </div>
      <DndContext
        sensors={sensors}
        collisionDetection={closestCenter}
        modifiers={[restrictToVerticalAxis]}
        onDragEnd={dragEnd}
        accessibility={{
          screenReaderInstructions: {
            draggable: "To reorder a stage, press Space on its handle, use the up and down arrows, and press Space again. Escape cancels.",
          },
          // Stage names, not ids, in what a screen reader says.
          announcements: {
            onDragStart: ({ active }) => `Picked up stage ${stageName(active.id)}.`,
            onDragOver: ({ active, over }) =>
              over ? `Stage ${stageName(active.id)} was moved over ${stageName(over.id)}.` : undefined,
            onDragEnd: ({ active, over }) =>
              over ? `Stage ${stageName(active.id)} was dropped at ${stageName(over.id)}.` : `Stage ${stageName(active.id)} was dropped.`,
            onDragCancel: ({ active }) => `Moving stage ${stageName(active.id)} was cancelled.`,
          },
        }}
      >
        <SortableContext items={stages.map((stage) => stage.id)} strategy={verticalListSortingStrategy}>
          <ol aria-label={`Stages of ${pipeline.name}`}>
            {stages.map((stage, index) => (
              <StageRow
                key={stage.id}
                stage={stage}
                index={index}
                total={stages.length}
                manager={manager}
                onMove={(from, to) => void move(from, to)}
                onDelete={setStageToDelete}
              />
            ))}
          </ol>
        </SortableContext>
      </DndContext>
      {manager ? <AddStageForm pipelineId={pipeline.id} /> : null}
      <ConfirmDelete
        open={stageToDelete !== null}
        title={`Delete the stage ${stageToDelete?.name ?? ""}?`}
        description="Only a stage without deals can be deleted; move its deals to another stage first."
        action="Delete stage"
        onClose={() => setStageToDelete(null)}
        onConfirm={async () => {
          if (!stageToDelete) return null;
          const result = await deleteStage({ id: stageToDelete.id });
          if (result.error) return problemFromCombined(result.error).message;
          toast({ title: `${stageToDelete.name} deleted`, tone: "success" });
          return null;
        }}
      />
      <ConfirmDelete
        open={deletingPipeline}
        title={`Delete ${pipeline.name}?`}
        description="The pipeline and its stages go away. Only a pipeline without deals, and not the default, can be deleted."
        action="Delete pipeline"
        onClose={() => setDeletingPipeline(false)}
        onConfirm={async () => {
          const result = await deletePipeline({ id: pipeline.id });
          if (result.error) return problemFromCombined(result.error).message;
          toast({ title: `${pipeline.name} deleted`, tone: "success" });
          return null;
        }}
      />
    </section>
  );
}

/** Settings → Pipelines: the sales processes and their stages (admins change them; others read). */
export function PipelinesSettings() {
  const manager = canManage(useViewer().role);
  const [{ data, error, fetching }] = useQuery({ query: SettingsPipelinesDocument });
  const [creating, setCreating] = useState(false);
  const [renaming, setRenaming] = useState<Pipeline | null>(null);
  const pipelines = data?.pipelines ?? [];

  const newButton = manager ? (
    <Button variant="primary" onClick={() => setCreating(true)}>
      <Plus />
      New pipeline
    </Button>
  ) : null;

  return (
    <>
      <PageHeader
        title="Pipelines"
        description={
          manager
            ? "The stages deals move through. Rename, reorder and set each stage's win probability."
            : "The stages deals move through. Only owners and admins can change them."
        }
        actions={newButton}
      />
      <div className="grid max-w-4xl grid-cols-[minmax(0,1fr)] gap-5 p-5 md:p-6">
        {error ? <FormError>{problemFromCombined(error).message}</FormError> : null}
        {!data && fetching ? (
          <div role="status" className="grid gap-2 rounded-lg border border-line p-4" aria-busy="true" aria-label="Loading pipelines">
            <Skeleton className="h-5 w-40" />
            {[0, 1, 2, 3, 4].map((index) => (
              <Skeleton key={index} className="h-8" />
            ))}
          </div>
        ) : pipelines.length === 0 && data ? (
          <EmptyState
            icon={KanbanSquare}
            title="No pipelines yet"
            description={
              manager
                ? "A pipeline is the list of stages your deals move through. Create one to start tracking deals."
                : "A pipeline is the list of stages your deals move through. An admin needs to create one."
            }
            action={newButton}
          />
        ) : (
          pipelines.map((pipeline) => (
            <PipelineCard key={pipeline.id} pipeline={pipeline} manager={manager} onRename={() => setRenaming(pipeline)} />
          ))
        )}
        <LostReasonsSection manager={manager} />
      </div>
      {manager ? <CreatePipelineDialog open={creating} onOpenChange={setCreating} /> : null}
      {manager ? <RenamePipelineDialog key={renaming?.id ?? "none"} pipeline={renaming} onClose={() => setRenaming(null)} /> : null}
    </>
  );
}
