"use client";

import { useEffect, useState } from "react";
import { Download } from "lucide-react";
import { useClient, useMutation } from "urql";

import { Button } from "@/components/ui/button";
import type { ObjectType } from "@/gql/graphql";
import { ExportJobDocument, StartExportDocument } from "@/features/importer/documents";

const POLL_MS = 500;

/**
 * Exports the list as it is filtered now, or only the records of `ids` (a selection); when the job has
 * written the CSV, offers its download. `compact` is the small ghost button of the selection bar.
 */
export function ExportButton({
  objectType,
  filter,
  ids = null,
  compact = false,
}: {
  objectType: ObjectType;
  filter: unknown;
  ids?: readonly string[] | null;
  compact?: boolean;
}) {
  const client = useClient();
  const [, startExport] = useMutation(StartExportDocument);
  const [jobId, setJobId] = useState<string | null>(null);
  const [download, setDownload] = useState<{ url: string; rows: number } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (!jobId) return;
    const timer = setInterval(async () => {
      const answer = await client.query(ExportJobDocument, { id: jobId }, { requestPolicy: "network-only" }).toPromise();
      const job = answer.data?.exportJob;
      if (job?.state === "SUCCEEDED" && job.file) {
        setDownload({ url: job.file.downloadUrl, rows: job.rowCount ?? 0 });
        setJobId(null);
      } else if (job?.state === "FAILED" || answer.error) {
        setProblem("The export failed.");
        setJobId(null);
      }
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [client, jobId]);

  async function start() {
    setDownload(null);
    setProblem(null);
    const answer = await startExport({ objectType, filter: filter ?? null, ids: ids ? [...ids] : null });
    if (answer.error || !answer.data) setProblem("The export could not start.");
    else setJobId(answer.data.startExport.id);
  }

  if (download) {
    return (
      <Button asChild variant={compact ? "ghost" : "secondary"} size={compact ? "sm" : "md"}>
        <a href={download.url} download onClick={() => setDownload(null)}>
          <Download />
          Download CSV ({download.rows})
        </a>
      </Button>
    );
  }
  return (
    <Button
      variant={compact ? "ghost" : "secondary"}
      size={compact ? "sm" : "md"}
      onClick={() => void start()}
      loading={jobId !== null}
      title={problem ?? undefined}
    >
      <Download />
      {problem ? "Export failed — retry" : "Export"}
    </Button>
  );
}
