import { describe, expect, it } from "vitest";

import { replyRecipients, replySubject, splitAddresses } from "@/features/email-threads/compose";

const participant = (role: "FROM" | "TO" | "CC", address: string) => ({ role, address, name: null, contact: null });

describe("compose", () => {
  it("splits addresses on commas, semicolons and spaces", () => {
    expect(splitAddresses(" a@x.com, b@y.com;c@z.com  d@w.com ")).toEqual(["a@x.com", "b@y.com", "c@z.com", "d@w.com"]);
    expect(splitAddresses("")).toEqual([]);
  });

  it("adds Re: once", () => {
    expect(replySubject("Proposal")).toBe("Re: Proposal");
    expect(replySubject("RE: Proposal")).toBe("RE: Proposal");
    expect(replySubject(null)).toBe("Re: ");
  });

  it("replies to the sender, and to everyone but me with reply all", () => {
    const inbound = {
      direction: "INBOUND" as const,
      participants: [
        participant("FROM", "peter@client.com"),
        participant("TO", "me@acme.com"),
        participant("TO", "joanna@client.com"),
        participant("CC", "boss@client.com"),
      ],
    };
    expect(replyRecipients(inbound, ["ME@acme.com"], false)).toEqual({ to: ["peter@client.com"], cc: [] });
    expect(replyRecipients(inbound, ["me@acme.com"], true)).toEqual({
      to: ["peter@client.com"],
      cc: ["joanna@client.com", "boss@client.com"],
    });
  });

  it("continues to the recipients of a message I sent", () => {
    const outbound = {
      direction: "OUTBOUND" as const,
      participants: [participant("FROM", "me@acme.com"), participant("TO", "peter@client.com"), participant("CC", "boss@client.com")],
    };
    expect(replyRecipients(outbound, ["me@acme.com"], false)).toEqual({ to: ["peter@client.com"], cc: [] });
    expect(replyRecipients(outbound, ["me@acme.com"], true)).toEqual({ to: ["peter@client.com"], cc: ["boss@client.com"] });
  });
});
