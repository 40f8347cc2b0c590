import type { FormEvent, ReactNode } from "react";

import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { cn } from "@/lib/cn";

/**
 * A form in a card above a list it adds to (an invitation, an API key): a heading, what the form does, its
 * own error, then its fields in one row from `sm` (`columns`, e.g. `sm:grid-cols-[1fr_10rem_auto]`) ending
 * with the submit button, lined up with the inputs under their labels.
 */
export function FormCard({
  title,
  description,
  error,
  columns,
  submitting,
  submit,
  onSubmit,
  children,
}: {
  title: string;
  description: ReactNode;
  error: ReactNode;
  columns: string;
  submitting: boolean;
  /** The submit button's icon and words. */
  submit: ReactNode;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  children: ReactNode;
}) {
  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-3 rounded-lg border border-line bg-surface p-4">
      <div>
        <h2 className="font-semibold">{title}</h2>
        <p className="text-ink-muted">{description}</p>
      </div>
      <FormError>{error}</FormError>
      <div className={cn("grid items-start gap-3", columns)}>
        {children}
        <Button type="submit" variant="primary" loading={submitting} className="sm:mt-[22px]">
          {submit}
        </Button>
      </div>
    </form>
  );
}
