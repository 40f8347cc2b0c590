"use client";

import { useState, type DragEvent } from "react";
import { Download, FileText, Trash2, Upload } from "lucide-react";
import { useMutation, useQuery } from "urql";

import { Spinner } from "@/components/ui/button";
import { problemFromCombined } from "@/lib/api-errors";
import { useCanWrite } from "@/lib/viewer";
import { DeleteFileDocument, RecordFilesDocument } from "@/features/files/documents";
import { formatBytes, uploadFile } from "@/features/files/upload";
import { LinkedEmpty, RecordSection } from "@/features/records/record-layout";

/** The Files section of a record page: drop files on it (or pick them), list, download, delete. */
export function RecordFiles({ targetId }: { targetId: string }) {
  const writable = useCanWrite();
  const [result, refetch] = useQuery({ query: RecordFilesDocument, variables: { targetId } });
  const [, deleteFile] = useMutation(DeleteFileDocument);
  const [uploading, setUploading] = useState(0);
  const [dragging, setDragging] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const files = result.data?.files ?? [];

  async function upload(list: FileList | null) {
    if (!list?.length) return;
    setProblem(null);
    setUploading((count) => count + list.length);
    for (const file of Array.from(list)) {
      try {
        await uploadFile("/api/v1/files/upload", file, { targetId });
      } catch (error) {
        setProblem(`${file.name}: ${(error as Error).message}`);
      } finally {
        setUploading((count) => count - 1);
      }
    }
    refetch({ requestPolicy: "network-only" });
  }

  async function remove(id: string) {
    const answer = await deleteFile({ id });
    if (answer.error) setProblem(problemFromCombined(answer.error).message);
    refetch({ requestPolicy: "network-only" });
  }

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    if (writable) void upload(event.dataTransfer.files);
  }

  return (
    <RecordSection title="Files" count={files.length}>
      <div
        data-testid="file-drop"
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        className={dragging ? "rounded-md outline-2 outline-dashed outline-accent" : undefined}
      >
        {files.length ? (
          <ul className="grid gap-1">
            {files.map((file) => (
              <li key={file.id} className="flex items-center gap-2 text-[13px]">
                <FileText className="size-3.5 shrink-0 text-ink-faint" aria-hidden />
                <a href={file.downloadUrl} className="min-w-0 flex-1 truncate hover:underline" download>
                  {file.filename}
                </a>
                <span className="text-ink-faint">{formatBytes(file.size)}</span>
                <a href={file.downloadUrl} aria-label={`Download ${file.filename}`} download>
                  <Download className="size-3.5" aria-hidden />
                </a>
                {writable ? (
                  <button type="button" aria-label={`Delete ${file.filename}`} onClick={() => void remove(file.id)}>
                    <Trash2 className="size-3.5" aria-hidden />
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <LinkedEmpty>No files yet{writable ? " — drop them here." : "."}</LinkedEmpty>
        )}
        {writable ? (
          <label className="mt-2 inline-flex cursor-pointer items-center gap-1 text-[13px] text-accent hover:underline">
            {uploading ? <Spinner /> : <Upload className="size-3.5" aria-hidden />}
            {uploading ? "Uploading…" : "Upload files"}
            <input
              type="file"
              multiple
              className="sr-only"
              aria-label="Upload files"
              onChange={(event) => {
                void upload(event.target.files);
                event.target.value = "";
              }}
            />
          </label>
        ) : null}
        {problem ? (
          <p role="alert" className="mt-1 text-[13px] text-danger">
            {problem}
          </p>
        ) : null}
      </div>
    </RecordSection>
  );
}
