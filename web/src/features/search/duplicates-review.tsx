"use client";

import { Copy, TriangleAlert } from "lucide-react";
import { useState } from "react";
import { useMutation, useQuery } from "urql";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { useToast } from "@/components/ui/toast";
import type { DuplicateCandidatesQuery, ObjectType } from "@/gql/graphql";
import { cn } from "@/lib/cn";
import { problemFromCombined } from "@/lib/api-errors";
import { useCanWrite } from "@/lib/viewer";
import { PageHeader } from "@/features/shell/app-shell";
import {
  DuplicateCandidatesDocument,
  MergeCompaniesDocument,
  MergeContactsDocument,
  UndoMergeDocument,
} from "@/features/search/documents";

/** "Dec 6, 2026, 14:05": two copies are often made on one day, and which came first matters. */
function formatCreated(iso: string): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
}

type Candidate = DuplicateCandidatesQuery["duplicateCandidates"][number];
/** A merge made on this page: what it took (`ids`, `names`) into which record. */
interface Merge {
  ids: string[];
  names: string[];
  into: string;
}
type Record = Candidate["records"][number];

/** The fields compared side by side, as label and text per record. */
export function comparedFields(record: Record): [string, string][] {
  if (record.__typename === "Contact") {
    return [
      ["Name", record.name],
      ["Emails", record.emails.join(", ")],
      ["Phones", record.phones.join(", ")],
      ["Job title", record.jobTitle ?? ""],
      ["Company", record.company?.name ?? ""],
      ["Created", formatCreated(record.createdAt)],
    ];
  }
  if (record.__typename === "Company") {
    return [
      ["Name", record.name],
      ["Domain", record.domain ?? ""],
      ["Industry", record.industry ?? ""],
      ["Created", formatCreated(record.createdAt)],
    ];
  }
  return [];
}

/**
 * Which record a merge keeps unless chosen otherwise: the one with the most filled in, then the oldest.
 * The api lists a pair in no such order, and keeping a blank new copy deleted the established record
 * (its links, its URL) on one click.
 */
export function defaultPrimary(records: readonly Record[]): number {
  const filled = (record: Record) => comparedFields(record).filter(([label, value]) => label !== "Created" && value !== "").length;
  const created = (record: Record) => ("createdAt" in record ? Date.parse(String(record.createdAt)) : Number.POSITIVE_INFINITY);
  let best = 0;
  records.forEach((record, index) => {
    const other = records[best]!;
    if (filled(record) > filled(other) || (filled(record) === filled(other) && created(record) < created(other))) best = index;
  });
  return best;
}

function recordId(record: Record): string {
  return record.__typename === "Contact" || record.__typename === "Company" ? record.id : "";
}

function recordName(record: Record): string {
  return record.__typename === "Contact" || record.__typename === "Company" ? record.name : "";
}

function CandidateCard({
  candidate,
  objectType,
  onMerged,
  onUndo,
}: {
  candidate: Candidate;
  objectType: ObjectType;
  onMerged: (merge?: Merge) => void;
  onUndo: (merge: Merge) => void;
}) {
  const toast = useToast();
  const writable = useCanWrite();
  const [primary, setPrimary] = useState(() => defaultPrimary(candidate.records));
  const [, mergeContacts] = useMutation(MergeContactsDocument);
  const [, mergeCompanies] = useMutation(MergeCompaniesDocument);
  const [busy, setBusy] = useState(false);
  const records = candidate.records;
  const fields = records.map(comparedFields);

  async function merge() {
    setBusy(true);
    const primaryId = recordId(records[primary]!);
    const duplicateIds = records.filter((_, index) => index !== primary).map(recordId);
    const result =
      objectType === "CONTACT"
        ? await mergeContacts({ primaryId, duplicateIds })
        : await mergeCompanies({ primaryId, duplicateIds });
    setBusy(false);
    if (result.error) {
      const problem = problemFromCombined(result.error);
      toast({ title: "Not merged", description: problem.message, tone: "error" });
      // Merged or deleted elsewhere meanwhile: this pair is stale, the list is read again.
      if (problem.code === "CONFLICT" || problem.code === "NOT_FOUND") onMerged();
      return;
    }
    const done: Merge = {
      ids: duplicateIds,
      names: records.filter((_, index) => index !== primary).map(recordName),
      into: recordName(records[primary]!),
    };
    onMerged(done);
    toast({
      title: `Merged ${done.names.join(", ")} into ${done.into}`,
      tone: "success",
      action: { label: "Undo", onClick: () => onUndo(done) },
    });
  }

  return (
    <section className="rounded-lg border border-line bg-canvas" aria-label={`Possible duplicate: ${records.map(recordName).join(" and ")}`}>
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-line px-4 py-2">
        <div className="flex flex-wrap items-center gap-2">
          <Badge tone={candidate.score >= 0.8 ? "danger" : "neutral"}>{Math.round(candidate.score * 100)}% likely</Badge>
          <span className="text-[13px] text-ink-muted">{candidate.reasons.join(" · ")}</span>
        </div>
        {writable ? (
          <Button variant="primary" size="sm" disabled={busy} onClick={merge}>
            Merge into {recordName(records[primary]!)}
          </Button>
        ) : null}
      </div>
      <div className="grid gap-0 sm:grid-cols-2">
        {records.map((record, index) => (
          <div key={recordId(record)} className={cn("p-4", index > 0 && "border-line max-sm:border-t sm:border-l")}>
            {writable ? (
              <label className="mb-2 flex items-center gap-2 font-medium">
                <input
                  type="radio"
                  name={`primary-${records.map(recordId).join("-")}`}
                  checked={primary === index}
                  onChange={() => setPrimary(index)}
                  aria-label={`Keep ${recordName(record)} (${index + 1})`}
                />
                Keep this one
              </label>
            ) : (
              <p className="mb-2 font-medium">{recordName(record)}</p>
            )}
            <dl className="grid grid-cols-[7rem_1fr] gap-x-3 gap-y-1 text-[13px]">
              {fields[index]!.map(([label, value]) => {
                const differs = fields.some((other) => other.find(([name]) => name === label)?.[1] !== value);
                return (
                  <div key={label} className="contents">
                    <dt className="text-ink-muted">{label}</dt>
                    <dd className={cn("break-words", differs && "font-medium")}>{value || "—"}</dd>
                  </div>
                );
              })}
            </dl>
          </div>
        ))}
      </div>
    </section>
  );
}

function Candidates({
  objectType,
  onChanged,
  onUndo,
}: {
  objectType: ObjectType;
  onChanged: (merge?: Merge) => void;
  onUndo: (merge: Merge) => void;
}) {
  const [result, reread] = useQuery({ query: DuplicateCandidatesDocument, variables: { objectType }, requestPolicy: "network-only" });
  if (result.fetching && !result.data) return <Skeleton className="h-32" />;
  if (result.error && !result.data) {
    return (
      <EmptyState
        icon={TriangleAlert}
        title="The likely duplicates could not be read"
        description={problemFromCombined(result.error).message}
        action={<Button onClick={() => reread({ requestPolicy: "network-only" })}>Try again</Button>}
      />
    );
  }
  const candidates = result.data?.duplicateCandidates ?? [];
  if (candidates.length === 0) {
    return <EmptyState icon={Copy} title="No likely duplicates" description="Rapport compares names, nicknames, emails, phones and domains." />;
  }
  return (
    <div className="grid gap-3">
      {candidates.map((candidate) => (
        <CandidateCard
          key={candidate.records.map(recordId).join("|")}
          candidate={candidate}
          objectType={objectType}
          onMerged={onChanged}
          onUndo={onUndo}
        />
      ))}
    </div>
  );
}

/** Settings → Data quality: likely duplicate contacts and companies, compared side by side, merged in one click. */
export function DuplicatesReview() {
  const [objectType, setObjectType] = useState<ObjectType>("CONTACT");
  // Each merge or undo reads the candidates afresh: they are computed, not records a cache can patch.
  const [round, setRound] = useState(0);
  const toast = useToast();
  const [, undoMerge] = useMutation(UndoMergeDocument);
  // The merges made here, newest first, each with its undo for as long as the page is open (the toast's
  // lasts seconds; the api's undoMerge as long as the merged records are not merged again).
  const [merges, setMerges] = useState<Merge[]>([]);
  // The undo lives here, not in the merged pair's card: that card is gone once the list is read again.
  async function undo(merge: Merge) {
    for (const id of merge.ids) {
      const undone = await undoMerge({ id });
      if (undone.error) {
        toast({ title: "Merge not undone", description: problemFromCombined(undone.error).message, tone: "error" });
        setRound((current) => current + 1);
        return;
      }
    }
    setMerges((current) => current.filter((other) => other !== merge));
    toast({ title: `${merge.names.join(", ")} restored`, description: `The merge into ${merge.into} is undone.`, tone: "success" });
    setRound((current) => current + 1);
  }
  return (
    <div className="flex min-w-0 flex-1 flex-col">
      <PageHeader title="Data quality" description="Likely duplicates, side by side. Merging keeps the one you choose and can be undone." />
      <div className="grid gap-4 px-5 py-4 md:px-6">
        <div className="flex gap-1.5" role="group" aria-label="Record kind">
          {(["CONTACT", "COMPANY"] as const).map((kind) => (
            <Button key={kind} size="sm" variant={objectType === kind ? "primary" : "secondary"} aria-pressed={objectType === kind} onClick={() => setObjectType(kind)}>
              {kind === "CONTACT" ? "Contacts" : "Companies"}
            </Button>
          ))}
        </div>
        {merges.length > 0 ? (
          <section aria-label="Merged on this page" className="rounded-lg border border-line bg-surface px-4 py-2">
            <h2 className="text-[13px] font-semibold text-ink-muted">Merged on this page</h2>
            <ul className="grid gap-1 py-1">
              {merges.map((merge) => (
                <li key={merge.ids.join("|")} className="flex flex-wrap items-center justify-between gap-2 text-[13px]">
                  <span>
                    {merge.names.join(", ")} into {merge.into}
                  </span>
                  <Button size="sm" aria-label={`Undo the merge of ${merge.names.join(", ")}`} onClick={() => void undo(merge)}>
                    Undo
                  </Button>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        <Candidates
          key={`${objectType}:${round}`}
          objectType={objectType}
          onChanged={(merge) => {
            if (merge) setMerges((current) => [merge, ...current]);
            setRound((current) => current + 1);
          }}
          onUndo={(merge) => void undo(merge)}
        />
      </div>
    </div>
  );
}
