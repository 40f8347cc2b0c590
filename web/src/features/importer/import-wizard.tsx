"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { FileUp } from "lucide-react";
import { useClient, useMutation } from "urql";

import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Label } from "@/components/ui/label";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { ImportJobQuery, ObjectType } from "@/gql/graphql";
import { problemFromCombined } from "@/lib/api-errors";
import { ImportJobDocument, StartImportDocument, UndoImportDocument } from "@/features/importer/documents";
import { uploadFile } from "@/features/files/upload";
import { PageHeader } from "@/features/shell/app-shell";

/** What POST /api/v1/imports answers. */
interface Analysis {
  id: string;
  filename: string;
  encoding: string;
  delimiter: string;
  columns: string[];
  sample: string[][];
  suggestedMapping: Record<string, string>;
  fields: string[];
  /** The workspace's custom fields of this kind: `field` ("custom:<key>") is what the mapping names. */
  customFields: { field: string; key: string; label: string; type: string }[];
}

type Job = NonNullable<ImportJobQuery["importJob"]>;

const FIELD_LABELS: Record<string, string> = {
  firstName: "First name",
  lastName: "Last name",
  fullName: "Full name",
  email: "Email",
  phone: "Phone",
  jobTitle: "Job title",
  name: "Name",
  domain: "Domain (or website)",
  industry: "Industry",
  employees: "Employees",
  amount: "Amount (1234.50, or 1234.50 EUR)",
  currency: "Currency",
  pipeline: "Pipeline (by name)",
  stage: "Stage (by name)",
  company: "Company (name or domain)",
  owner: "Owner (member's email)",
  expectedCloseDate: "Expected close date",
};
const UPSERT_KEY: Record<ObjectType, string> = { CONTACT: "email", COMPANY: "domain", DEAL: "name" };
const LIST_HREF: Record<string, string> = { CONTACT: "/contacts", COMPANY: "/companies", DEAL: "/deals" };
const POLL_MS = 500;

/** Upload a CSV, map its columns to fields (suggested from the header names), run the import and watch it. */
export function ImportWizard({ objectType, nouns }: { objectType: ObjectType; nouns: string }) {
  const client = useClient();
  const [analysis, setAnalysis] = useState<Analysis | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [upsert, setUpsert] = useState(true);
  const [uploading, setUploading] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [job, setJob] = useState<Job | null>(null);
  const [started, startImport] = useMutation(StartImportDocument);
  const [undoing, undoImport] = useMutation(UndoImportDocument);
  const upsertKey = UPSERT_KEY[objectType];
  const customLabels = Object.fromEntries(
    (analysis?.customFields ?? []).map((custom) => [custom.field, `${custom.label} (custom field)`]),
  );

  useEffect(() => {
    if (!job || ["SUCCEEDED", "FAILED", "UNDONE"].includes(job.state)) return;
    const timer = setInterval(async () => {
      const answer = await client.query(ImportJobDocument, { id: job.id }, { requestPolicy: "network-only" }).toPromise();
      if (answer.data?.importJob) setJob(answer.data.importJob);
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [client, job]);

  async function upload(file: File | undefined) {
    if (!file) return;
    setProblem(null);
    setUploading(true);
    try {
      const answer = await uploadFile<Analysis>(`/api/v1/imports?objectType=${objectType}`, file);
      setAnalysis(answer);
      setMapping(answer.suggestedMapping);
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setUploading(false);
    }
  }

  async function start() {
    if (!analysis) return;
    setProblem(null);
    const mapped = Object.fromEntries(Object.entries(mapping).filter(([, field]) => field));
    const keyMapped = Object.values(mapped).includes(upsertKey);
    const answer = await startImport({
      fileId: analysis.id,
      objectType,
      mapping: mapped,
      upsertBy: upsert && keyMapped ? upsertKey : null,
    });
    if (answer.error || !answer.data) {
      setProblem(answer.error ? problemFromCombined(answer.error).message : "The import could not start.");
      return;
    }
    const first = await client.query(ImportJobDocument, { id: answer.data.startImport.id }, { requestPolicy: "network-only" }).toPromise();
    setJob(first.data?.importJob ?? null);
  }

  async function undo() {
    if (!job) return;
    const answer = await undoImport({ id: job.id });
    if (answer.error) setProblem(problemFromCombined(answer.error).message);
    else setJob({ ...job, state: answer.data?.undoImport.state ?? job.state });
  }

  return (
    <>
      <PageHeader title={`Import ${nouns}`} description="From a CSV another CRM or a spreadsheet exported." />
      <div className="grid max-w-4xl gap-5 px-5 py-5 md:px-6">
        {!analysis ? (
          <label className="flex cursor-pointer flex-col items-center gap-2 rounded-lg border border-dashed border-line px-6 py-10 text-sm text-ink-muted hover:border-accent">
            <FileUp className="size-6" aria-hidden />
            {uploading ? "Reading the file…" : "Choose a CSV file"}
            <input
              type="file"
              accept=".csv,text/csv"
              className="sr-only"
              aria-label="CSV file"
              onChange={(event) => void upload(event.target.files?.[0])}
            />
          </label>
        ) : null}

        {analysis && !job ? (
          <section aria-label="Mapping" className="grid gap-4">
            <p className="text-sm text-ink-muted">
              {analysis.filename}: {analysis.columns.length} columns, read as {analysis.encoding}. Choose the field each
              column goes to.
            </p>
            <Table aria-label="Column mapping">
              <TableHeader>
                <TableRow>
                  <TableHead>Column</TableHead>
                  <TableHead>Sample</TableHead>
                  <TableHead>Field</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {analysis.columns.map((column, index) => (
                  <TableRow key={`${column}-${index}`}>
                    <TableCell className="font-medium">{column}</TableCell>
                    <TableCell className="max-w-56 truncate text-ink-muted">
                      {analysis.sample.map((row) => row[index] ?? "").filter(Boolean).slice(0, 2).join(", ")}
                    </TableCell>
                    <TableCell>
                      <select
                        aria-label={`Field for ${column}`}
                        value={mapping[column] ?? ""}
                        onChange={(event) => setMapping({ ...mapping, [column]: event.target.value })}
                        className="h-8 rounded-md border border-line bg-surface px-2 text-sm"
                      >
                        <option value="">Don’t import</option>
                        {analysis.fields.map((field) => (
                          <option key={field} value={field}>
                            {FIELD_LABELS[field] ?? customLabels[field] ?? field}
                          </option>
                        ))}
                      </select>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <div className="flex items-center gap-2">
              <Checkbox id="upsert" checked={upsert} onCheckedChange={(value) => setUpsert(value === true)} />
              <Label htmlFor="upsert">
                Update the {nouns} that have the same {upsertKey}
                {objectType === "DEAL" ? " in the same company" : ""} (otherwise they are skipped)
              </Label>
            </div>
            <div>
              <Button variant="primary" onClick={() => void start()} loading={started.fetching}>
                Start import
              </Button>
            </div>
          </section>
        ) : null}

        {job ? (
          <section aria-label="Import progress" className="grid gap-2 text-sm">
            <p role="status">
              {job.state === "SUCCEEDED"
                ? `Import finished: ${job.createdCount} created, ${job.updatedCount} updated, ${job.errorCount} refused.`
                : job.state === "FAILED"
                  ? `The import failed: ${job.error ?? "unknown error"}`
                  : job.state === "UNDONE"
                    ? "The import was undone."
                    : `Importing… ${job.processedRows} of ${job.totalRows ?? "?"} rows`}
            </p>
            {job.errorsFile ? (
              <a href={job.errorsFile.downloadUrl} className="text-accent hover:underline" download>
                Download the refused rows ({job.errorsFile.filename})
              </a>
            ) : null}
            <div className="flex gap-2">
              <Button asChild variant="secondary">
                <Link href={LIST_HREF[objectType] ?? "/"}>View {nouns}</Link>
              </Button>
              {job.state === "SUCCEEDED" ? (
                <Button variant="secondary" onClick={() => void undo()} loading={undoing.fetching}>
                  Undo import
                </Button>
              ) : null}
            </div>
          </section>
        ) : null}

        {problem ? (
          <p role="alert" className="text-sm text-danger">
            {problem}
          </p>
        ) : null}
      </div>
    </>
  );
}
