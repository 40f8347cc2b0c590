"use client";

import { useCallback, useSyncExternalStore } from "react";

// Which columns a table shows, remembered per browser in localStorage.

const EVENT = "rapport:columns";

function subscribe(onChange: () => void): () => void {
  window.addEventListener("storage", onChange);
  window.addEventListener(EVENT, onChange);
  return () => {
    window.removeEventListener("storage", onChange);
    window.removeEventListener(EVENT, onChange);
  };
}

/** The stored list of visible column ids, else `defaults`; unknown ids are kept (custom fields load later). */
export function parseStoredColumns(raw: string | null, defaults: readonly string[]): string[] {
  if (!raw) return [...defaults];
  try {
    const value: unknown = JSON.parse(raw);
    return Array.isArray(value) && value.every((item) => typeof item === "string") ? value : [...defaults];
  } catch {
    return [...defaults];
  }
}

export function useStoredColumns(storageKey: string, defaults: readonly string[]): [string[], (next: string[]) => void] {
  const raw = useSyncExternalStore(
    subscribe,
    () => window.localStorage.getItem(storageKey),
    () => null,
  );
  const visible = parseStoredColumns(raw, defaults);
  const setVisible = useCallback(
    (next: string[]) => {
      window.localStorage.setItem(storageKey, JSON.stringify(next));
      window.dispatchEvent(new Event(EVENT));
    },
    [storageKey],
  );
  return [visible, setVisible];
}
