"use client";

import { useRef, useState, type KeyboardEvent } from "react";

import { Textarea } from "@/components/ui/input";
import { useMembers } from "@/features/records/use-record-data";
import { mentionOf } from "@/features/timeline/mentions";

/**
 * A note's text box: typing "@" and a few letters offers the matching members; picking one writes the
 * mention (`@[Name](mention:<id>)`), and the member is notified when the note is saved.
 */
export function MentionTextarea({
  value,
  onChange,
  onSubmit,
  label,
  placeholder,
  invalid,
  className,
}: {
  value: string;
  onChange: (value: string) => void;
  onSubmit?: () => void;
  label: string;
  placeholder?: string;
  invalid?: boolean;
  className?: string;
}) {
  const members = useMembers();
  const ref = useRef<HTMLTextAreaElement>(null);
  const [caret, setCaret] = useState(0);
  const before = value.slice(0, caret);
  const typed = /(?:^|\s)@([\p{L}\p{N}._-]{0,30})$/u.exec(before);
  const query = typed ? (typed[1] ?? "").toLowerCase() : null;
  const matches =
    query === null
      ? []
      : members.members.filter((member) => member.user.name.toLowerCase().includes(query)).slice(0, 6);

  function pick(member: { id: string; user: { name: string } }) {
    if (!typed) return;
    const start = caret - (typed[1] ?? "").length - 1;
    const mention = `${mentionOf({ id: member.id, name: member.user.name })} `;
    const next = value.slice(0, start) + mention + value.slice(caret);
    onChange(next);
    const position = start + mention.length;
    setCaret(position);
    requestAnimationFrame(() => {
      ref.current?.focus();
      ref.current?.setSelectionRange(position, position);
    });
  }

  function keyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && (event.metaKey || event.ctrlKey)) {
      event.preventDefault();
      onSubmit?.();
    }
  }

  return (
    <div className="grid gap-1.5">
      <Textarea
        ref={ref}
        aria-label={label}
        value={value}
        onChange={(event) => {
          onChange(event.target.value);
          setCaret(event.target.selectionStart ?? event.target.value.length);
        }}
        onSelect={(event) => setCaret(event.currentTarget.selectionStart ?? 0)}
        onKeyDown={keyDown}
        aria-invalid={invalid ? true : undefined}
        placeholder={placeholder}
        className={className}
      />
      {matches.length ? (
        <div role="group" aria-label="Mention a member" className="flex flex-wrap gap-1.5">
          {matches.map((member) => (
            <button
              key={member.id}
              type="button"
              onClick={() => pick(member)}
              className="cursor-pointer rounded-md border border-line bg-surface px-2 py-1 text-[13px] hover:border-accent hover:text-accent"
            >
              @{member.user.name}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
