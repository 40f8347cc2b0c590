"use client";

import { Select as SelectPrimitive } from "radix-ui";
import { Check, ChevronDown } from "lucide-react";
import { useEffect, useRef } from "react";

import { SELECT_TRIGGER_CLASS, type SelectProps } from "@/components/ui/select";
import { cn } from "@/lib/cn";

/**
 * The select itself (radix-ui's Select): a chunk of its own, which `Select` (select.tsx) loads when its
 * trigger is first hovered, focused or pressed, and renders in its place, open when it was pressed.
 */
export function SelectPopup({
  options,
  placeholder,
  id,
  className,
  "aria-label": ariaLabel,
  "aria-invalid": ariaInvalid,
  "aria-describedby": ariaDescribedBy,
  focus = false,
  ...props
}: SelectProps & { focus?: boolean }) {
  const trigger = useRef<HTMLButtonElement>(null);
  // It takes the place of a trigger that had the focus: the focus stays on the trigger.
  useEffect(() => {
    if (focus) trigger.current?.focus();
  }, [focus]);
  return (
    <SelectPrimitive.Root {...props}>
      <SelectPrimitive.Trigger
        ref={trigger}
        id={id}
        aria-label={ariaLabel}
        aria-invalid={ariaInvalid}
        aria-describedby={ariaDescribedBy}
        className={cn(SELECT_TRIGGER_CLASS, className)}
      >
        <SelectPrimitive.Value placeholder={placeholder} />
        <SelectPrimitive.Icon>
          <ChevronDown className="size-4 text-ink-muted" />
        </SelectPrimitive.Icon>
      </SelectPrimitive.Trigger>
      <SelectPrimitive.Portal>
        <SelectPrimitive.Content
          position="popper"
          sideOffset={4}
          className="z-50 max-h-72 min-w-(--radix-select-trigger-width) overflow-hidden rounded-lg bg-canvas p-1 shadow-pop"
        >
          <SelectPrimitive.Viewport>
            {options.map((option) => (
              <SelectPrimitive.Item
                key={option.value}
                value={option.value}
                className="relative flex cursor-pointer items-center rounded-md py-1.5 pr-8 pl-2 outline-none select-none data-highlighted:bg-subtle"
              >
                <SelectPrimitive.ItemText>{option.label}</SelectPrimitive.ItemText>
                <SelectPrimitive.ItemIndicator className="absolute right-2">
                  <Check className="size-4 text-accent" />
                </SelectPrimitive.ItemIndicator>
              </SelectPrimitive.Item>
            ))}
          </SelectPrimitive.Viewport>
        </SelectPrimitive.Content>
      </SelectPrimitive.Portal>
    </SelectPrimitive.Root>
  );
}
