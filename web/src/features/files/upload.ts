/** What the api answers for a refused upload: `{ error: { code, message } }`. */
type RestError = { error?: { code?: string; message?: string } };

/**
 * POSTs one file as multipart/form-data through the web app's proxy (the session cookie and the
 * page's Origin authenticate it). Resolves to the JSON body, or throws the api's message.
 */
export async function uploadFile<T>(path: string, file: File, fields: Record<string, string> = {}): Promise<T> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append("file", file, file.name);
  const response = await fetch(path, { method: "POST", body: form, credentials: "same-origin" });
  const body = (await response.json().catch(() => ({}))) as T & RestError;
  if (!response.ok) {
    throw new Error(body.error?.message ?? `The upload failed (${response.status}).`);
  }
  return body;
}

export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KB`;
  return `${(size / (1024 * 1024)).toFixed(1)} MB`;
}
