"use client";

import { Copy, Pencil, Plus, X } from "lucide-react";
import { useCallback, useId, useRef, useState, type FocusEvent, type KeyboardEvent, type ReactNode } from "react";

import { Badge } from "@/components/ui/badge";
import { Checkbox } from "@/components/ui/checkbox";
import { DropdownMenu, DropdownMenuCheckboxItem, DropdownMenuContent, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { Select, type SelectOption } from "@/components/ui/select";
import { useToast } from "@/components/ui/toast";
import { cn } from "@/lib/cn";
import { formatDate, formatRelative } from "@/lib/format";
import type { ApiProblem } from "@/lib/api-errors";
import { amountDraft, CURRENCIES, moneyFromDraft, sameValue, type MoneyValue, type Parsed } from "@/features/records/custom-fields";
import { fieldError } from "@/features/records/use-record-data";

// Fields of a record page, edited where they are: click (or Enter) to edit, Enter or leaving the field
// saves, Escape cancels. The new value shows at once; when the api refuses it, the old value comes back,
// a toast says why and the message stays next to the field.

export type SaveResult = Promise<ApiProblem | null>;

const DISPLAY =
  "-mx-1.5 flex min-h-7 w-[calc(100%+0.75rem)] cursor-pointer items-center rounded-md px-1.5 py-1 text-left outline-none hover:bg-subtle focus-visible:ring-2 focus-visible:ring-accent/40";
const EDITOR =
  "h-7 w-full min-w-0 rounded-md border border-accent bg-canvas px-1.5 text-ink shadow-xs outline-none ring-3 ring-accent/15 aria-invalid:border-danger aria-invalid:ring-danger/15";

/** A value with the api's message about it underneath (`className`: the message's own spacing or weight). */
function WithError({ error, className, children }: { error?: string | null; className: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      {children}
      {error ? (
        <p role="alert" className={cn("pt-1 text-[13px] text-danger", className)}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A row of the details list: the label on the left, the value (and its error) on the right. */
export function FieldRow({ label, error, children }: { label: string; error?: string | null; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[minmax(6.5rem,8rem)_minmax(0,1fr)] items-start gap-x-3 py-0.5">
      <span className="truncate pt-1.5 text-[13px] text-ink-muted" title={label}>
        {label}
      </span>
      <WithError error={error} className="pb-0.5">
        {children}
      </WithError>
    </div>
  );
}

/** The "Created" row of a record's details: how long ago, the date on hover. */
export function CreatedRow({ at }: { at: string }) {
  return (
    <FieldRow label="Created">
      <div className="flex min-h-7 items-center py-1 text-ink-muted" title={formatDate(at)}>
        {formatRelative(at)}
      </div>
    </FieldRow>
  );
}

export function Empty({ children = "Empty" }: { children?: ReactNode }) {
  return <span className="text-ink-faint">{children}</span>;
}

/** Optimistic saving: `shown` is the value being saved until the api answers; a refusal rolls it back. */
export function useInlineSave<T>({
  value,
  label,
  errorKeys,
  onSave,
}: {
  value: T;
  label: string;
  errorKeys: readonly string[];
  onSave: (next: T) => SaveResult;
}) {
  const toast = useToast();
  const [pending, setPending] = useState<{ value: T } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const save = useCallback(
    async (next: T): Promise<boolean> => {
      setError(null);
      if (sameValue(next, value)) return true;
      setPending({ value: next });
      const problem = await onSave(next);
      setPending(null);
      if (!problem) return true;
      const message = fieldError(problem, errorKeys) ?? problem.message;
      setError(message);
      toast({ title: `${label} not saved`, description: message, tone: "error" });
      return false;
    },
    [value, onSave, errorKeys, label, toast],
  );
  return { shown: pending ? pending.value : value, saving: pending !== null, error, setError, save };
}

/**
 * The editing cycle every inline field shares: `start` opens the editor on a draft of the shown value,
 * `commit` (Enter, or the focus leaving) parses the draft and saves it (a refusal reopens the editor),
 * `cancel` (Escape) closes it and gives the focus back to the display button (`displayRef`).
 */
export function useInlineEditor<T, TDraft>({
  value,
  label,
  errorKeys,
  onSave,
  draftOf,
  parse,
}: {
  value: T;
  label: string;
  errorKeys: readonly string[];
  onSave: (next: T) => SaveResult;
  /** The draft a person starts editing from. */
  draftOf: (shown: T) => TDraft;
  /** The draft → the value to save, or why it is not one (shown next to the field, the editor stays). */
  parse: (draft: TDraft) => Parsed<T>;
}) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<TDraft>(() => draftOf(value));
  // The value when editing began: a teammate's change meanwhile does not touch the draft, it is shown.
  const [editedFrom, setEditedFrom] = useState<{ value: T } | null>(null);
  const changedMeanwhile = editing && editedFrom !== null && JSON.stringify(editedFrom.value) !== JSON.stringify(value);
  // Set while the editor closes, so the blur that closing causes does not save a second time.
  const closing = useRef(false);
  const displayRef = useRef<HTMLButtonElement>(null);
  const { shown, error, setError, save } = useInlineSave<T>({ value, label, errorKeys, onSave });

  function start() {
    setEditedFrom({ value });
    setDraft(draftOf(shown));
    setError(null);
    setEditing(true);
  }

  async function commit() {
    if (closing.current) return;
    const parsed = parse(draft);
    if (!parsed.ok) {
      setError(parsed.error);
      return;
    }
    closing.current = true;
    setEditing(false);
    const saved = await save(parsed.value);
    closing.current = false;
    if (!saved) setEditing(true);
  }

  function cancel() {
    closing.current = true;
    setEditing(false);
    setError(null);
    requestAnimationFrame(() => {
      closing.current = false;
      displayRef.current?.focus();
    });
  }

  function onKeyDown(event: KeyboardEvent<HTMLElement>) {
    if (event.key === "Enter") {
      event.preventDefault();
      void commit();
    } else if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      cancel();
    }
  }

  /** For an editor of several controls: saves when the focus leaves them all. */
  function onGroupBlur(event: FocusEvent<HTMLElement>) {
    if (leftGroup(event)) void commit();
  }

  return { editing, draft, setDraft, shown, error, displayRef, start, commit, onKeyDown, onGroupBlur, changedMeanwhile, value };
}

interface TextFieldProps {
  label: string;
  /** The value as the text a person edits ("" when empty). */
  value: string;
  /** Saves the (already parsed) value. */
  onSave: (value: unknown) => SaveResult;
  readOnly?: boolean;
  type?: "text" | "email" | "url" | "tel" | "number" | "date";
  /** Typed text → the api's value; defaults to the trimmed text, null when empty. */
  parse?: (draft: string) => Parsed<unknown>;
  /** How the value reads when not editing. */
  format?: (text: string) => ReactNode;
  placeholder?: string;
  errorKeys?: readonly string[];
  /** Bare: no row and label (the title of a page). */
  bare?: boolean;
  className?: string;
  /** Next to the value (a link out), outside the edit button. */
  trailing?: ReactNode;
}

function defaultParse(draft: string): Parsed<unknown> {
  const text = draft.trim();
  return { ok: true, value: text === "" ? null : text };
}

/** A text-like field: text, email, URL, phone, number or date. */
export function InlineText({
  label,
  value,
  onSave,
  readOnly,
  type = "text",
  parse = defaultParse,
  format,
  placeholder = "Empty",
  errorKeys = [],
  bare,
  className,
  trailing,
}: TextFieldProps) {
  const { editing, draft, setDraft, shown, error, displayRef, start, commit, onKeyDown, changedMeanwhile } = useInlineEditor<
    string,
    string
  >({
    value,
    label,
    errorKeys,
    onSave: (next) => {
      const parsed = parse(next);
      return onSave(parsed.ok ? parsed.value : null);
    },
    draftOf: (text) => text,
    // The text is saved (and parsed again on the way); only spaces around it are no change.
    parse: (text) => {
      const parsed = parse(text);
      return parsed.ok ? { ok: true, value: text.trim() === value.trim() ? value : text } : parsed;
    },
  });

  const text = shown.trim();
  const display = text ? (format ? format(text) : text) : <Empty>{placeholder}</Empty>;
  const body = readOnly ? (
    <div className={cn("flex min-h-7 items-center py-1 break-words", className)}>{display}</div>
  ) : editing ? (
    <>
    <input
      autoFocus
      type={type}
      aria-label={label}
      aria-invalid={error ? true : undefined}
      value={draft}
      onChange={(event) => setDraft(event.target.value)}
      onKeyDown={onKeyDown}
      onBlur={() => void commit()}
      className={cn(EDITOR, className)}
      inputMode={type === "number" ? "decimal" : undefined}
      step={type === "number" ? "any" : undefined}
    />
    {changedMeanwhile ? (
      <p role="status" className="pt-1 text-[13px] text-ink-muted">
        Changed by someone else to “{value.trim() || "empty"}”. Saving keeps yours; Escape takes theirs.
      </p>
    ) : null}
    </>
  ) : (
    <div className="flex min-w-0 items-center gap-1">
      <button
        ref={displayRef}
        type="button"
        onClick={start}
        aria-label={`${label}: ${text ? (typeof display === "string" ? display : text) : placeholder.toLowerCase()}`}
        className={cn(DISPLAY, trailing ? "w-auto min-w-0 flex-1" : null, className)}
      >
        {/* A record's name (the bare title) wraps so it can always be read whole; row values stay on one line. */}
        <span className={bare ? "min-w-0 break-words" : "min-w-0 truncate"}>{display}</span>
      </button>
      {text ? trailing : null}
    </div>
  );
  if (bare) {
    return (
      <WithError error={error} className="font-normal">
        {body}
      </WithError>
    );
  }
  return (
    <FieldRow label={label} error={error}>
      {body}
    </FieldRow>
  );
}

const NONE = "__none";

/** A choice from a short list (an owner, a stage, a SELECT custom field); saves as soon as it is chosen. */
export function InlineSelect({
  label,
  value,
  options,
  onSave,
  readOnly,
  clearable = true,
  noneLabel = "None",
  errorKeys = [],
  renderValue,
}: {
  label: string;
  value: string | null;
  options: readonly SelectOption[];
  onSave: (value: string | null) => SaveResult;
  readOnly?: boolean;
  clearable?: boolean;
  noneLabel?: string;
  errorKeys?: readonly string[];
  renderValue?: (option: SelectOption) => ReactNode;
}) {
  const { shown, error, save } = useInlineSave<string | null>({ value, label, errorKeys, onSave });
  const chosen = options.find((option) => option.value === shown);
  if (readOnly) {
    return (
      <FieldRow label={label}>
        <div className="flex min-h-7 items-center py-1">{chosen ? (renderValue?.(chosen) ?? chosen.label) : <Empty />}</div>
      </FieldRow>
    );
  }
  const all = clearable ? [{ value: NONE, label: noneLabel }, ...options] : options;
  return (
    <FieldRow label={label} error={error}>
      <Select
        aria-label={label}
        options={all}
        value={shown ?? ""}
        onValueChange={(next) => void save(next === NONE ? null : next)}
        placeholder="Empty"
        className="-mx-1.5 h-7 w-[calc(100%+0.75rem)] border-transparent px-1.5 shadow-none hover:bg-subtle focus-visible:border-transparent data-placeholder:text-ink-faint [&>span:last-child]:opacity-0 hover:[&>span:last-child]:opacity-100 focus-visible:[&>span:last-child]:opacity-100"
      />
    </FieldRow>
  );
}

/** A yes/no custom field: the checkbox saves on click. */
export function InlineBoolean({
  label,
  value,
  onSave,
  readOnly,
  errorKeys = [],
}: {
  label: string;
  value: boolean | null;
  onSave: (value: boolean) => SaveResult;
  readOnly?: boolean;
  errorKeys?: readonly string[];
}) {
  const { shown, error, save } = useInlineSave<boolean | null>({
    value,
    label,
    errorKeys,
    onSave: (next) => onSave(Boolean(next)),
  });
  const id = useId();
  return (
    <FieldRow label={label} error={error}>
      <div className="flex min-h-7 items-center gap-2 py-1">
        {readOnly ? (
          shown === null ? (
            <Empty />
          ) : shown ? (
            "Yes"
          ) : (
            "No"
          )
        ) : (
          <>
            <Checkbox id={id} aria-label={label} checked={shown === true} onCheckedChange={(checked) => void save(checked === true)} />
            <label htmlFor={id} className="cursor-pointer text-ink-muted select-none">
              {shown ? "Yes" : "No"}
            </label>
          </>
        )}
      </div>
    </FieldRow>
  );
}

/** Several choices (MULTI_SELECT): a menu of check boxes, saved when the menu closes. */
export function InlineMultiSelect({
  label,
  value,
  options,
  onSave,
  readOnly,
  errorKeys = [],
}: {
  label: string;
  value: readonly string[];
  options: readonly string[];
  onSave: (value: string[] | null) => SaveResult;
  readOnly?: boolean;
  errorKeys?: readonly string[];
}) {
  const { shown, error, save } = useInlineSave<readonly string[]>({
    value,
    label,
    errorKeys,
    onSave: (next) => onSave(next.length ? [...next] : null),
  });
  const [draft, setDraft] = useState<readonly string[] | null>(null);
  const current = draft ?? shown;
  const chips = current.length ? (
    <span className="flex flex-wrap gap-1">
      {current.map((item) => (
        <Badge key={item}>{item}</Badge>
      ))}
    </span>
  ) : (
    <Empty />
  );
  if (readOnly) {
    return (
      <FieldRow label={label}>
        <div className="flex min-h-7 items-center py-1">{chips}</div>
      </FieldRow>
    );
  }
  return (
    <FieldRow label={label} error={error}>
      <DropdownMenu
        onOpenChange={(open) => {
          if (open) setDraft(shown);
          else if (draft) {
            const next = options.filter((option) => draft.includes(option));
            setDraft(null);
            void save(next);
          }
        }}
      >
        <DropdownMenuTrigger className={DISPLAY} aria-label={`${label}: ${current.join(", ") || "empty"}`}>
          {chips}
        </DropdownMenuTrigger>
        <DropdownMenuContent align="start">
          {options.map((option) => (
            <DropdownMenuCheckboxItem
              key={option}
              checked={current.includes(option)}
              onSelect={(event) => event.preventDefault()}
              onCheckedChange={(checked) =>
                setDraft((list) => {
                  const base = list ?? shown;
                  return checked ? [...base, option] : base.filter((item) => item !== option);
                })
              }
            >
              {option}
            </DropdownMenuCheckboxItem>
          ))}
        </DropdownMenuContent>
      </DropdownMenu>
    </FieldRow>
  );
}

/** Leaves a group of controls (the focus went outside it): the list and money editors save then. */
function leftGroup(event: FocusEvent<HTMLElement>): boolean {
  const next = event.relatedTarget as Node | null;
  return !next || !event.currentTarget.contains(next);
}

/**
 * Emails and phones as what they are: a `mailto:` or `tel:` link and a copy button each. Editing starts
 * from the pencil, so following a link never opens the editor.
 */
function ContactLinks({ items, type }: { items: readonly string[]; type: "email" | "tel" }) {
  const toast = useToast();
  const copy = (item: string) => {
    navigator.clipboard.writeText(item).then(
      () => toast({ title: `Copied ${item}`, tone: "success" }),
      () => toast({ title: "Could not copy: your browser refused", tone: "error" }),
    );
  };
  return (
    <ul className="grid min-w-0 flex-1 gap-0.5 py-1">
      {items.map((item, index) => (
        <li key={`${item}-${index}`} className="flex min-w-0 items-center gap-1">
          <a
            href={type === "email" ? `mailto:${item}` : `tel:${item.replace(/[^\d+]/g, "")}`}
            className="min-w-0 truncate text-accent hover:underline"
            title={item}
          >
            {item}
          </a>
          <button
            type="button"
            onClick={() => copy(item)}
            aria-label={`Copy ${item}`}
            className="shrink-0 rounded p-0.5 text-ink-muted hover:bg-subtle hover:text-ink focus-visible:ring-2 focus-visible:ring-accent/40 focus-visible:outline-none"
          >
            <Copy className="size-3" aria-hidden />
          </button>
        </li>
      ))}
    </ul>
  );
}

/** A list of emails or phones: one input each, add and remove, saved when the focus leaves the list. */
export function InlineList({
  label,
  itemLabel,
  value,
  onSave,
  readOnly,
  type = "text",
  errorKeys = [],
  format,
}: {
  label: string;
  /** "Email" → "Add email", "Email 2". */
  itemLabel: string;
  value: readonly string[];
  onSave: (value: string[]) => SaveResult;
  readOnly?: boolean;
  type?: "email" | "tel" | "text";
  errorKeys?: readonly string[];
  format?: (item: string, index: number) => ReactNode;
}) {
  const { editing, draft, setDraft, shown, error, displayRef, start, onKeyDown, onGroupBlur } = useInlineEditor<readonly string[], string[]>({
    value,
    label,
    errorKeys,
    onSave: (next) => onSave([...next]),
    draftOf: (items) => (items.length ? [...items] : [""]),
    parse: (items) => ({ ok: true, value: items.map((item) => item.trim()).filter(Boolean) }),
  });

  const display = shown.length ? (
    <span className="grid min-w-0 gap-0.5">
      {shown.map((item, index) => (
        <span key={`${item}-${index}`} className="truncate">
          {format ? format(item, index) : item}
        </span>
      ))}
    </span>
  ) : (
    <Empty />
  );

  let body: ReactNode;
  if (readOnly) body = <div className="flex min-h-7 items-center py-1">{display}</div>;
  else if (editing)
    body = (
      <div
        className="grid gap-1.5 py-0.5"
        onKeyDown={onKeyDown}
        onBlur={onGroupBlur}
      >
        {draft.map((item, index) => (
          <div key={index} className="flex items-center gap-1">
            <input
              autoFocus={index === draft.length - 1}
              type={type}
              aria-label={index === 0 ? itemLabel : `${itemLabel} ${index + 1}`}
              aria-invalid={error ? true : undefined}
              value={item}
              onChange={(event) => setDraft((list) => list.map((old, at) => (at === index ? event.target.value : old)))}
              className={EDITOR}
            />
            <button
              type="button"
              aria-label={`Remove ${item || itemLabel.toLowerCase()}`}
              onClick={() => setDraft((list) => list.filter((_, at) => at !== index))}
              className="rounded-md p-1 text-ink-faint hover:bg-subtle hover:text-ink"
            >
              <X className="size-3.5" />
            </button>
          </div>
        ))}
        <button
          type="button"
          onClick={() => setDraft((list) => [...list, ""])}
          className="inline-flex w-fit items-center gap-1 rounded-md px-1 py-0.5 text-[13px] text-ink-muted hover:bg-subtle hover:text-ink"
        >
          <Plus className="size-3.5" />
          Add {itemLabel.toLowerCase()}
        </button>
      </div>
    );
  else if (shown.length && (type === "email" || type === "tel"))
    body = (
      <div className="group flex min-w-0 items-start gap-1">
        <ContactLinks items={shown} type={type} />
        <button
          ref={displayRef}
          type="button"
          onClick={start}
          aria-label={`Edit ${label.toLowerCase()}`}
          className="mt-0.5 shrink-0 rounded-md p-1 text-ink-muted hover:bg-subtle hover:text-ink focus-visible:ring-2 focus-visible:ring-accent/40 focus-visible:outline-none"
        >
          <Pencil className="size-3.5" aria-hidden />
        </button>
      </div>
    );
  else
    body = (
      <button
        ref={displayRef}
        type="button"
        onClick={start}
        aria-label={`${label}: ${shown.join(", ") || "empty"}`}
        className={DISPLAY}
      >
        {display}
      </button>
    );
  return (
    <FieldRow label={label} error={error}>
      {body}
    </FieldRow>
  );
}

/** An amount with its currency (a deal's amount, a CURRENCY custom field). */
export function InlineMoney({
  label,
  value,
  onSave,
  readOnly,
  format,
  errorKeys = [],
  defaultCurrency = "USD",
}: {
  label: string;
  value: MoneyValue | null;
  onSave: (value: MoneyValue | null) => SaveResult;
  readOnly?: boolean;
  format: (value: MoneyValue) => string;
  errorKeys?: readonly string[];
  defaultCurrency?: string;
}) {
  const { editing, draft, setDraft, shown, error, displayRef, start, onKeyDown, onGroupBlur } = useInlineEditor<
    MoneyValue | null,
    { amount: string; currency: string }
  >({
    value,
    label,
    errorKeys,
    onSave,
    draftOf: (money) => ({ amount: money ? amountDraft(money.amountMicros) : "", currency: money?.currency ?? defaultCurrency }),
    parse: ({ amount, currency }) => moneyFromDraft(amount, currency),
  });
  const { amount, currency } = draft;

  const text = shown ? format(shown) : "";
  let body: ReactNode;
  if (readOnly) body = <div className="flex min-h-7 items-center py-1 tabular-nums">{text || <Empty />}</div>;
  else if (editing)
    body = (
      <div
        className="flex gap-1.5"
        onKeyDown={onKeyDown}
        onBlur={onGroupBlur}
      >
        <input
          autoFocus
          inputMode="decimal"
          aria-label={label}
          aria-invalid={error ? true : undefined}
          value={amount}
          onChange={(event) => setDraft({ amount: event.target.value, currency })}
          placeholder="0"
          className={cn(EDITOR, "tabular-nums")}
        />
        <select
          aria-label={`${label} currency`}
          value={currency}
          onChange={(event) => setDraft({ amount, currency: event.target.value })}
          className="h-7 rounded-md border border-line bg-canvas px-1 text-[13px] outline-none focus-visible:border-accent"
        >
          {[...new Set([currency, ...CURRENCIES])].map((code) => (
            <option key={code} value={code}>
              {code}
            </option>
          ))}
        </select>
      </div>
    );
  else
    body = (
      <button ref={displayRef} type="button" onClick={start} aria-label={`${label}: ${text || "empty"}`} className={DISPLAY}>
        <span className="tabular-nums">{text || <Empty />}</span>
      </button>
    );
  return (
    <FieldRow label={label} error={error}>
      {body}
    </FieldRow>
  );
}
