"use client";

import { ExternalLink } from "lucide-react";

import {
  asMoney,
  customValue,
  draftFromValue,
  formatCustomValue,
  formatDay,
  valueFromDraft,
  type FieldDefinition,
} from "@/features/records/custom-fields";
import {
  InlineBoolean,
  InlineMoney,
  InlineMultiSelect,
  InlineSelect,
  InlineText,
  type SaveResult,
} from "@/features/records/inline-field";
import { formatMoney } from "@/lib/format";

const INPUT_TYPE = { TEXT: "text", NUMBER: "number", DATE: "date", URL: "url", EMAIL: "email" } as const;

function safeMoney(amountMicros: string, currency: string): string {
  try {
    return formatMoney(amountMicros, currency);
  } catch {
    return `${amountMicros} ${currency}`;
  }
}

/** One custom field of a record with the control its type needs. */
export function CustomFieldRow({
  definition,
  customFields,
  onSave,
  readOnly,
}: {
  definition: FieldDefinition;
  customFields: unknown;
  /** Saves `{ [key]: value }` (null unsets). */
  onSave: (key: string, value: unknown) => SaveResult;
  readOnly: boolean;
}) {
  const { key, label, type } = definition;
  const value = customValue(customFields, key);
  const save = (next: unknown) => onSave(key, next);
  const errorKeys = [`customFields.${key}`, "customFields"];
  const shownLabel = definition.required ? `${label} *` : label;
  switch (type) {
    case "BOOLEAN":
      return (
        <InlineBoolean
          label={shownLabel}
          value={typeof value === "boolean" ? value : null}
          onSave={save}
          readOnly={readOnly}
          errorKeys={errorKeys}
        />
      );
    case "SELECT":
      return (
        <InlineSelect
          label={shownLabel}
          value={typeof value === "string" ? value : null}
          options={(definition.options ?? []).map((option) => ({ value: option, label: option }))}
          onSave={save}
          readOnly={readOnly}
          clearable={!definition.required}
          errorKeys={errorKeys}
        />
      );
    case "MULTI_SELECT":
      return (
        <InlineMultiSelect
          label={shownLabel}
          value={Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : []}
          options={definition.options ?? []}
          onSave={save}
          readOnly={readOnly}
          errorKeys={errorKeys}
        />
      );
    case "CURRENCY":
      return (
        <InlineMoney
          label={shownLabel}
          value={asMoney(value)}
          onSave={save}
          readOnly={readOnly}
          errorKeys={errorKeys}
          format={(money) => safeMoney(money.amountMicros, money.currency)}
        />
      );
    default:
      return (
        <InlineText
          label={shownLabel}
          value={draftFromValue(value)}
          type={INPUT_TYPE[type]}
          parse={(draft) => valueFromDraft(type, draft)}
          onSave={save}
          readOnly={readOnly}
          errorKeys={errorKeys}
          format={(text) => {
            if (type === "URL") return text.replace(/^https?:\/\//, "");
            if (type === "DATE") return formatDay(text);
            if (type === "NUMBER") return formatCustomValue("NUMBER", Number(text));
            return text;
          }}
          trailing={
            type === "URL" && typeof value === "string" && value ? (
              <a
                href={value}
                target="_blank"
                rel="noreferrer noopener"
                aria-label={`Open ${label}`}
                className="rounded-md p-1 text-ink-faint hover:bg-subtle hover:text-accent"
              >
                <ExternalLink className="size-3.5" />
              </a>
            ) : null
          }
        />
      );
  }
}
