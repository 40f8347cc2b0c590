"use client";

import { Copy } from "lucide-react";
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
import { formatDate } from "@/lib/format";
import { useCanWrite } from "@/lib/viewer";
import { PageHeader } from "@/features/shell/app-shell";
import {
  DuplicateCandidatesDocument,
  MergeCompaniesDocument,
  MergeContactsDocument,
  UndoMergeDocument,
} from "@/features/search/documents";

type Candidate = DuplicateCandidatesQuery["duplicateCandidates"][number];
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
      ["Created", formatDate(record.createdAt)],
    ];
  }
  if (record.__typename === "Company") {
    return [
      ["Name", record.name],
      ["Domain", record.domain ?? ""],
      ["Industry", record.industry ?? ""],
      ["Created", formatDate(record.createdAt)],
    ];
  }
  return [];
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
  onMerged: () => void;
  onUndo: (ids: string[]) => void;
}) {
  const toast = useToast();
  const writable = useCanWrite();
  const [primary, setPrimary] = useState(0);
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
      toast({ title: "Not merged", description: problemFromCombined(result.error).message, tone: "error" });
      return;
    }
    onMerged();
    toast({
      title: `Merged into ${recordName(records[primary]!)}`,
      tone: "success",
      action: {
        label: "Undo",
        onClick: () => onUndo(duplicateIds),
      },
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
  onChanged: () => void;
  onUndo: (ids: string[]) => void;
}) {
  const [result] = useQuery({ query: DuplicateCandidatesDocument, variables: { objectType }, requestPolicy: "network-only" });
  if (result.fetching && !result.data) return <Skeleton className="h-32" />;
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
  // The undo lives here, not in the merged pair's card: that card is gone once the list is read again.
  async function undo(ids: string[]) {
    for (const id of ids) {
      const undone = await undoMerge({ id });
      if (undone.error) {
        toast({ title: "Merge not undone", description: problemFromCombined(undone.error).message, tone: "error" });
        break;
      }
    }
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
        <Candidates
          key={`${objectType}:${round}`}
          objectType={objectType}
          onChanged={() => setRound((current) => current + 1)}
          onUndo={(ids) => void undo(ids)}
        />
      </div>
    </div>
  );
}
