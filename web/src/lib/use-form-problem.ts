"use client";

import { useCallback, useState } from "react";
import type { CombinedError } from "urql";

import { problemFromCombined, type ApiProblem } from "@/lib/api-errors";

/**
 * How every form shows what the api refused. `errors` are the answer's `extensions.fieldErrors` keyed by
 * input field (`email`, `customFields.tier`): put each on its `<Field error>`. `formMessage(fields)` is
 * the message for the form's `<FormError>`: shown unless one of `fields` has an error of its own (a
 * field ending in "." stands for all under it, "customFields."); without `fields`, unless any has.
 */
export function useFormProblem() {
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  /** Keeps the problem of an answer's error (and returns it), or clears the last one (null). */
  const take = useCallback((error: CombinedError | undefined): ApiProblem | null => {
    const next = error ? problemFromCombined(error) : null;
    setProblem(next);
    return next;
  }, []);
  const errors = problem?.fieldErrors ?? {};
  function formMessage(fields?: readonly string[]): string | null {
    if (!problem) return null;
    const keys = Object.keys(errors);
    const placed = fields
      ? keys.some((key) => fields.some((field) => (field.endsWith(".") ? key.startsWith(field) : key === field)))
      : keys.length > 0;
    return placed ? null : problem.message;
  }
  return { problem, errors, setProblem, take, formMessage };
}
