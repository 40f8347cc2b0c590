"use client";

import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { ChevronRight, Ellipsis, SearchX, Trash2 } from "lucide-react";
import { useState, type ReactNode } from "react";
import { useMutation, type CombinedError } from "urql";

import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { EmptyState } from "@/components/ui/empty-state";
import { FormError } from "@/components/ui/field";
import { Skeleton, SkeletonMedia } from "@/components/ui/skeleton";
import { useToast } from "@/components/ui/toast";
import { problemFromCombined, type ApiProblem } from "@/lib/api-errors";
import { DeleteCompanyDocument, RestoreCompanyDocument } from "@/features/companies/documents";
import { DeleteContactDocument, RestoreContactDocument } from "@/features/contacts/documents";
import { RecordActivity, type RecordActivityProps } from "@/features/records/record-activity";
import { DeleteDealDocument, RestoreDealDocument } from "@/features/records/documents";
import { SimilarRecords } from "@/features/search/similar-records";
import type { SubjectType } from "@/features/timeline/describe";

/** What the pages of each kind of record are called and where their list is. */
const RECORD_KINDS: Record<SubjectType, { noun: string; section: string; listHref: string } & RecordDocuments> = {
  contact: {
    noun: "contact",
    section: "Contacts",
    listHref: "/contacts",
    deleteDocument: DeleteContactDocument,
    restoreDocument: RestoreContactDocument,
  },
  company: {
    noun: "company",
    section: "Companies",
    listHref: "/companies",
    deleteDocument: DeleteCompanyDocument,
    restoreDocument: RestoreCompanyDocument,
  },
  deal: { noun: "deal", section: "Deals", listHref: "/deals", deleteDocument: DeleteDealDocument, restoreDocument: RestoreDealDocument },
};

/**
 * The frame of a record page: breadcrumb and actions on top, details on the left, the record's timeline
 * and emails on the right.
 */
export function RecordLayout({
  kind,
  id,
  name,
  deletable,
  aside,
  activity,
  ...header
}: {
  kind: SubjectType;
  id: string;
  name: string;
  /** Whether it has the record's delete menu (with undo): for those who may write. */
  deletable: boolean;
  aside: ReactNode;
  activity: Omit<RecordActivityProps, "subject" | "name">;
} & RecordHeaderProps) {
  const { noun, section, listHref: sectionHref, ...documents } = RECORD_KINDS[kind];
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className="flex h-12 shrink-0 items-center justify-between gap-3 border-b border-line px-5 md:px-6">
        <nav aria-label="Breadcrumb" className="flex min-w-0 items-center gap-1.5 text-ink-muted">
          <Link href={sectionHref} className="shrink-0 rounded hover:text-ink">
            {section}
          </Link>
          <ChevronRight className="size-3.5 shrink-0 text-ink-faint" aria-hidden />
          <span className="truncate font-medium text-ink" aria-current="page">
            {name}
          </span>
        </nav>
        {deletable ? (
          <div className="flex shrink-0 items-center gap-1">
            <DeleteRecordMenu {...documents} noun={noun} id={id} name={name} listHref={sectionHref} recordHref={`${sectionHref}/${id}`} />
          </div>
        ) : null}
      </div>
      <div className="flex min-h-0 flex-1 flex-col lg:flex-row">
        <aside aria-label={`About this ${noun}`} className="shrink-0 border-b border-line lg:w-[380px] lg:border-r lg:border-b-0">
          <div className="px-5 pt-5 pb-4">
            <RecordHeader {...header} />
          </div>
          {aside}
          <SimilarRecords id={id} />
        </aside>
        <div className="flex min-w-0 flex-1 flex-col">
          <RecordActivity subject={{ type: kind, id }} name={name} {...activity} />
        </div>
      </div>
    </div>
  );
}

/** The big avatar, title and subtitle at the top of the details column. */
interface RecordHeaderProps {
  avatar: ReactNode;
  title: ReactNode;
  subtitle?: ReactNode;
}

function RecordHeader({ avatar, title, subtitle }: RecordHeaderProps) {
  return (
    <div className="flex items-start gap-3">
      {avatar}
      <div className="min-w-0 flex-1">
        <h1 className="text-lg leading-7 font-semibold tracking-tight break-words">{title}</h1>
        {subtitle ? <div className="text-ink-muted">{subtitle}</div> : null}
      </div>
    </div>
  );
}

/** A titled block of the details column ("Details", "Deals"…), with an optional action on the right. */
export function RecordSection({
  title,
  count,
  action,
  children,
}: {
  title: string;
  count?: number;
  action?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section aria-label={title} className="border-t border-line px-5 py-4">
      <div className="mb-2 flex h-6 items-center justify-between gap-2">
        <h2 className="text-xs font-semibold tracking-wide text-ink-muted uppercase">
          {title}
          {count !== undefined ? <span className="ml-1.5 font-normal text-ink-faint tabular-nums">{count}</span> : null}
        </h2>
        {action}
      </div>
      {children}
    </section>
  );
}

/** A linked record in the details column: icon, name (a link) and a faint second line. */
export function LinkedRow({
  href,
  icon,
  name,
  detail,
  trailing,
}: {
  href: string;
  icon: ReactNode;
  name: string;
  detail?: ReactNode;
  trailing?: ReactNode;
}) {
  return (
    <li className="group -mx-1.5 flex items-center gap-2.5 rounded-md px-1.5 py-1.5 hover:bg-subtle">
      {icon}
      <div className="min-w-0 flex-1">
        <Link href={href} className="block truncate font-medium hover:underline">
          {name}
        </Link>
        {detail ? <div className="truncate text-[13px] text-ink-muted">{detail}</div> : null}
      </div>
      {trailing}
    </li>
  );
}

export function LinkedEmpty({ children }: { children: ReactNode }) {
  return <p className="text-[13px] text-ink-faint">{children}</p>;
}

/** While the record loads: the same frame, in grey. */
export function RecordSkeleton() {
  return (
    <div role="status" className="flex flex-1 flex-col" aria-busy="true" aria-label="Loading">
      <div className="flex h-12 items-center border-b border-line px-5 md:px-6">
        <Skeleton className="h-4 w-48" />
      </div>
      <div className="flex flex-1 flex-col lg:flex-row">
        <div className="shrink-0 space-y-5 border-b border-line p-5 lg:w-[380px] lg:border-r lg:border-b-0">
          <SkeletonMedia className="items-center" media="size-10 rounded-lg" lines={["h-5 w-40", "h-3.5 w-28"]} />
          {Array.from({ length: 6 }, (_, index) => (
            <div key={index} className="flex gap-3">
              <Skeleton className="h-3.5 w-20" />
              <Skeleton className="h-3.5 flex-1" />
            </div>
          ))}
        </div>
        <div className="flex-1 space-y-5 p-5 md:p-6">
          <Skeleton className="h-20 w-full" />
          {Array.from({ length: 4 }, (_, index) => (
            <SkeletonMedia key={index} media="size-7 rounded-full" lines={["h-3.5 w-2/3", "h-3 w-1/3"]} />
          ))}
        </div>
      </div>
    </div>
  );
}

/** NOT_FOUND (a wrong link, or the record was deleted) and other load failures. */
export function RecordProblem({
  problem,
  noun,
  listHref,
  listLabel,
}: {
  problem: ApiProblem | null;
  noun: string;
  listHref: string;
  listLabel: string;
}) {
  const notFound = !problem || problem.code === "NOT_FOUND" || problem.code === "BAD_USER_INPUT";
  return (
    <EmptyState
      icon={SearchX}
      title={notFound ? `This ${noun} does not exist` : `This ${noun} could not load`}
      description={
        notFound ? "It may have been deleted, or the link may be wrong." : problem.message
      }
      action={
        <Button asChild>
          <Link href={listHref}>{listLabel}</Link>
        </Button>
      }
      className="flex-1"
    />
  );
}

/** A record page without its record: the skeleton while it loads, else why it cannot show. */
export function RecordMissing({
  missing,
  kind,
}: {
  missing: { pending: boolean; error?: CombinedError } | null;
  kind: SubjectType;
}) {
  if (!missing?.error || missing.pending) return <RecordSkeleton />;
  const { noun, section, listHref } = RECORD_KINDS[kind];
  return (
    <RecordProblem
      problem={problemFromCombined(missing.error)}
      noun={noun}
      listHref={listHref}
      listLabel={`Back to ${section.toLowerCase()}`}
    />
  );
}

/**
 * The "…" menu of a record page with Delete: asks first, deletes (soft), goes back to the list and
 * offers Undo in a toast, which restores the record and comes back to it.
 */
interface RecordDocuments {
  deleteDocument: TypedDocumentNode<unknown, { id: string }>;
  restoreDocument: TypedDocumentNode<unknown, { id: string }>;
}

interface DeleteRecordProps extends RecordDocuments {
  noun: string;
  name: string;
  listHref: string;
  recordHref: string;
  id: string;
}

export function DeleteRecordMenu({
  noun,
  name,
  listHref,
  recordHref,
  id,
  deleteDocument,
  restoreDocument,
}: DeleteRecordProps) {
  const [, runDelete] = useMutation(deleteDocument);
  const [, runRestore] = useMutation(restoreDocument);
  const onDelete = async () => {
    const answer = await runDelete({ id });
    return answer.error ? problemFromCombined(answer.error) : null;
  };
  const onRestore = async () => {
    const answer = await runRestore({ id });
    return answer.error ? problemFromCombined(answer.error) : null;
  };
  const router = useRouter();
  const toast = useToast();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);

  async function remove() {
    setBusy(true);
    const failure = await onDelete();
    setBusy(false);
    if (failure) {
      setProblem(failure);
      return;
    }
    setConfirming(false);
    router.push(listHref);
    toast({
      title: `${name} deleted`,
      tone: "neutral",
      action: {
        label: "Undo",
        onClick: () => {
          void onRestore().then((restoreProblem) => {
            if (restoreProblem) {
              toast({ title: `${name} could not be restored`, description: restoreProblem.message, tone: "error" });
              return;
            }
            toast({ title: `${name} restored`, tone: "success" });
            router.push(recordHref);
          });
        },
      },
    });
  }

  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="ghost" size="icon" aria-label={`More actions for ${name}`}>
            <Ellipsis />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end">
          <DropdownMenuItem
            onSelect={() => {
              setProblem(null);
              setConfirming(true);
            }}
            className="text-danger [&_svg]:text-danger"
          >
            <Trash2 />
            Delete {noun}
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={`Delete ${name}?`}
        description={`The ${noun} moves to the trash and leaves every list. You can undo right after.`}
        confirmLabel={`Delete ${noun}`}
        busy={busy}
        onConfirm={() => void remove()}
      >
        <FormError>{problem?.message}</FormError>
      </ConfirmDialog>
    </>
  );
}
