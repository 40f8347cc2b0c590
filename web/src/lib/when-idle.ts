/**
 * Runs `task` once the browser is idle (or after a second where `requestIdleCallback` is missing); returns
 * the cancel, for an effect's cleanup. For fetching the chunks of what opens later (toasts, the palette).
 */
export function whenIdle(task: () => void): () => void {
  if (typeof window.requestIdleCallback === "function") {
    const handle = window.requestIdleCallback(task, { timeout: 5000 });
    return () => window.cancelIdleCallback(handle);
  }
  const handle = window.setTimeout(task, 1000);
  return () => window.clearTimeout(handle);
}
