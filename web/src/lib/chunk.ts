/**
 * Code fetched on first use and kept (a popup's chunk): `load()` fetches it once, and again on the next use
 * after a failure (the server went away); `current` is what it gave, once it has, for a first render.
 */
export function chunk<T>(fetch: () => Promise<T>): { readonly current: T | null; load: () => Promise<T> } {
  let current: T | null = null;
  let loading: Promise<T> | null = null;
  return {
    get current() {
      return current;
    },
    load() {
      loading ??= fetch()
        .then((value) => (current = value))
        .catch((error: unknown) => {
          loading = null;
          throw error;
        });
      return loading;
    },
  };
}
