import { describe, expect, it } from "vitest";

import { participantSummary } from "@/features/email-threads/email-threads";

const person = (role: "FROM" | "TO" | "CC" | "BCC", address: string, name: string | null = null, contact: string | null = null) => ({
  role,
  address,
  name,
  contact: contact ? { id: "c", name: contact } : null,
});

describe("participantSummary", () => {
  it("names senders first, by contact or display name, and the viewer as me", () => {
    const thread = {
      emails: [
        {
          id: "1",
          snippet: "",
          direction: "INBOUND" as const,
          participants: [
            person("TO", "ada@example.com", "Ada"),
            person("FROM", "charles@babbage.example", "C. Babbage", "Charles Babbage"),
            person("CC", "mary@somerville.example"),
            person("BCC", "secret@example.com"),
          ],
        },
      ],
    };
    expect(participantSummary(thread, "Ada@example.com")).toBe("Charles, me, mary@somerville.example");
    expect(participantSummary(thread, "x@example.com", 2)).toBe("Charles, Ada and 1 other");
  });
});
