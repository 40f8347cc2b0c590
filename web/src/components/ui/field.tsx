import { useId, type ReactElement, type ReactNode } from "react";
import { Slot } from "radix-ui";

import { Button, type ButtonProps } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { cn } from "@/lib/cn";

export interface FieldProps {
  label: string;
  /** The message under the field, e.g. from ApiProblem.fieldErrors; marks the control aria-invalid. */
  error?: string | undefined;
  hint?: ReactNode;
  className?: string;
  /** One control (Input, Textarea, SelectTrigger…); it receives id, aria-invalid and aria-describedby. */
  children: ReactElement;
}

/** A labelled form control with its error message, wired for screen readers. */
export function Field({ label, error, hint, className, children }: FieldProps) {
  const id = useId();
  const messageId = `${id}-message`;
  return (
    <div className={cn("grid gap-1.5", className)}>
      <Label htmlFor={id}>{label}</Label>
      <Slot.Root id={id} aria-invalid={error ? true : undefined} aria-describedby={error || hint ? messageId : undefined}>
        {children}
      </Slot.Root>
      {error ? (
        <FieldError id={messageId}>{error}</FieldError>
      ) : hint ? (
        <p id={messageId} className="text-[13px] text-ink-muted">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** One field's error under it (nothing when there is none): for controls that a `Field` does not wrap. */
export function FieldError({ id, children }: { id?: string; children: ReactNode }) {
  if (!children) return null;
  return (
    <p id={id} role="alert" className="text-[13px] text-danger">
      {children}
    </p>
  );
}

/** A form-level message (the api's sentence when it is not about one field). */
export function FormError({ children }: { children: ReactNode }) {
  if (!children) return null;
  return (
    <div role="alert" className="rounded-md border border-danger/20 bg-danger-soft px-3 py-2 text-[13px] text-danger-strong">
      {children}
    </div>
  );
}

/** A form's submit button, at the end of its own row; `loading` while the form is sent. */
export function FormSubmit({
  variant = "primary",
  loading,
  children,
}: {
  variant?: ButtonProps["variant"];
  loading: boolean;
  children: ReactNode;
}) {
  return (
    <div className="flex justify-end">
      <Button type="submit" variant={variant} loading={loading}>
        {children}
      </Button>
    </div>
  );
}
