"use client";

import { History, Mail } from "lucide-react";
import { useMemo, useState } from "react";

import { EmailThreads } from "@/features/email-threads/email-threads";
import { EmailThreadSheet } from "@/features/email-threads/thread-sheet";
import type { FieldDefinition } from "@/features/records/custom-fields";
import { RecordTabs } from "@/features/records/record-layout";
import type { SubjectType } from "@/features/timeline/describe";
import { Timeline } from "@/features/timeline/timeline";

const THREAD_FILTER_KEYS: Record<SubjectType, "contactId" | "companyId" | "dealId"> = {
  contact: "contactId",
  company: "companyId",
  deal: "dealId",
};

/** The main column of a record page: its timeline and its email threads, and the thread open in a panel. */
export function RecordActivity({
  subject,
  name,
  definitions,
  currency,
  knownCompanies,
}: {
  subject: { type: SubjectType; id: string };
  /** The record's name, for "No emails with …". */
  name: string;
  definitions: readonly FieldDefinition[];
  currency?: string | null;
  knownCompanies: Record<string, string>;
}) {
  const [thread, setThread] = useState<{ id: string; emailId?: string } | null>(null);
  const threadFilter = useMemo(() => ({ [THREAD_FILTER_KEYS[subject.type]]: subject.id }), [subject.type, subject.id]);
  return (
    <>
      <RecordTabs
        defaultTab="timeline"
        tabs={[
          {
            value: "timeline",
            label: "Timeline",
            icon: History,
            content: (
              <Timeline
                subject={subject}
                customFields={definitions}
                currency={currency}
                knownCompanies={knownCompanies}
                onOpenEmail={(threadId, emailId) => setThread({ id: threadId, emailId })}
              />
            ),
          },
          {
            value: "emails",
            label: "Emails",
            icon: Mail,
            content: <EmailThreads filter={threadFilter} noun={name} onOpen={(threadId) => setThread({ id: threadId })} />,
          },
        ]}
      />
      <EmailThreadSheet threadId={thread?.id ?? null} focusEmailId={thread?.emailId} onClose={() => setThread(null)} />
    </>
  );
}
