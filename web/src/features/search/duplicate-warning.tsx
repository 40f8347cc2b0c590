"use client";

import Link from "next/link";
import { TriangleAlert } from "lucide-react";
import { useQuery } from "urql";

import { useDebounced } from "@/lib/use-debounced";
import { ContactDuplicatesDocument } from "@/features/search/documents";

export interface ContactDraft {
  firstName: string;
  lastName: string;
  email: string;
}

/** While a contact is being created: the existing contacts it likely duplicates, with why. */
export function DuplicateWarning({ draft }: { draft: ContactDraft }) {
  const settled = useDebounced(draft, 300);
  const email = settled.email.trim();
  const named = settled.firstName.trim() !== "" && settled.lastName.trim() !== "";
  const [result] = useQuery({
    query: ContactDuplicatesDocument,
    variables: {
      firstName: settled.firstName.trim() || null,
      lastName: settled.lastName.trim() || null,
      emails: email.includes("@") ? [email] : [],
    },
    pause: !named && !email.includes("@"),
  });
  const candidates = (named || email.includes("@") ? result.data?.contactDuplicates : null) ?? [];
  if (candidates.length === 0) return null;
  return (
    <div role="status" className="grid gap-1 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-[13px] text-amber-900">
      <p className="flex items-center gap-1.5 font-medium">
        <TriangleAlert className="size-4" /> This may be a contact you already have
      </p>
      <ul className="grid gap-0.5">
        {candidates.map((candidate) =>
          candidate.records.map((record) =>
            record.__typename === "Contact" ? (
              <li key={record.id}>
                <Link href={`/contacts/${record.id}`} className="font-medium underline">
                  {record.name}
                </Link>
                {record.emails[0] ? ` (${record.emails[0]})` : ""} — {candidate.reasons.join(", ")}
              </li>
            ) : null,
          ),
        )}
      </ul>
    </div>
  );
}
