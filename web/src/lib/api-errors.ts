// Turns GraphQL errors from the api into something a form can show: one message, and a message per field.
// The api sends `extensions.code` and, for BAD_USER_INPUT, `extensions.fieldErrors: [{ path, message }]`.

export interface GraphQLErrorLike {
  message: string;
  extensions?: Record<string, unknown> | null;
}

export interface ApiProblem {
  code: string;
  /** A sentence for a person, shown above the form (or in a toast). */
  message: string;
  /** By field name, e.g. `email`, `emails`, `customFields.tier`; the leading `input` is dropped. */
  fieldErrors: Record<string, string>;
}

const FRIENDLY: Record<string, string> = {
  UNAUTHENTICATED: "Your session has ended. Please sign in again.",
  FORBIDDEN: "Your role in this workspace does not allow that.",
  NOT_FOUND: "That no longer exists. It may have been deleted.",
  RATE_LIMITED: "Too many requests. Please wait a moment and try again.",
  INTERNAL_SERVER_ERROR: "Something went wrong on our side. Please try again.",
  NETWORK: "Rapport cannot be reached. Check your connection and try again.",
};

/** `["input", "emails", 0]` → `"emails"`; `["input", "customFields", "tier"]` → `"customFields.tier"`. */
export function fieldKey(path: readonly unknown[]): string {
  const parts = path.filter((part): part is string => typeof part === "string");
  if (parts.length > 1 && (parts[0] === "input" || parts[0] === "inputs")) parts.shift();
  return parts.join(".");
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function problemFromErrors(errors: readonly GraphQLErrorLike[]): ApiProblem {
  const first = errors[0];
  if (!first) return { code: "INTERNAL_SERVER_ERROR", message: FRIENDLY.INTERNAL_SERVER_ERROR!, fieldErrors: {} };
  const code = typeof first.extensions?.code === "string" ? first.extensions.code : "INTERNAL_SERVER_ERROR";
  const fieldErrors: Record<string, string> = {};
  for (const error of errors) {
    const list = error.extensions?.fieldErrors;
    if (!Array.isArray(list)) continue;
    for (const item of list as { path?: unknown; message?: unknown }[]) {
      if (!Array.isArray(item.path) || typeof item.message !== "string") continue;
      const key = fieldKey(item.path);
      fieldErrors[key] ??= capitalise(item.message);
    }
  }
  const message =
    code === "BAD_USER_INPUT" || code === "CONFLICT" || code === "UNAUTHENTICATED" || code === "FORBIDDEN"
      ? first.message
      : (FRIENDLY[code] ?? first.message);
  return { code, message, fieldErrors };
}

export function networkProblem(): ApiProblem {
  return { code: "NETWORK", message: FRIENDLY.NETWORK!, fieldErrors: {} };
}

/** From an urql CombinedError (or anything with graphQLErrors / networkError). */
export function problemFromCombined(error: {
  graphQLErrors: readonly GraphQLErrorLike[];
  networkError?: Error | undefined;
}): ApiProblem {
  if (error.graphQLErrors.length > 0) return problemFromErrors(error.graphQLErrors);
  return networkProblem();
}
