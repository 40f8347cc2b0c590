import { describe, expect, it } from "vitest";

import { keyFromLabel, optionsFromText } from "@/features/settings/custom-fields-settings";
import { EMPTY_FORM, mailboxInput, smtpHostFor, smtpSummary } from "@/features/settings/email/connect-mailbox-sheet";
import { formatBytes } from "@/features/settings/email/quarantine-section";
import { stageNames } from "@/features/settings/pipelines-settings";
import { percent } from "@/features/settings/stage-row";

describe("keyFromLabel", () => {
  it("makes an api key from a label", () => {
    expect(keyFromLabel("Contract tier")).toBe("contract_tier");
    expect(keyFromLabel("  Décision — maker? ")).toBe("decision_maker");
    expect(keyFromLabel("2nd phone")).toBe("nd_phone");
    expect(keyFromLabel("")).toBe("");
  });
});

describe("optionsFromText", () => {
  it("keeps one trimmed option per line, without blanks or repeats", () => {
    expect(optionsFromText(" Gold\n\nSilver \ngold\nBronze\n")).toEqual(["Gold", "Silver", "Bronze"]);
  });
});

describe("stageNames", () => {
  it("splits on lines and commas", () => {
    expect(stageNames("Lead\nQualified, Demo\n\n")).toEqual(["Lead", "Qualified", "Demo"]);
  });
});

describe("percent", () => {
  it("shows probabilities as whole percentages", () => {
    expect(percent(0.25)).toBe("25");
    expect(percent(0.333)).toBe("33");
    expect(percent(1)).toBe("100");
  });
});

describe("mailboxInput", () => {
  const form = { ...EMPTY_FORM, address: " ada@example.com ", host: "imap.example.com", port: "993", tls: true, password: "pw", folders: "" };
  it("uses the address as user name and INBOX (null) when left blank; SMTP at smtp. of the IMAP domain with the IMAP login", () => {
    expect(mailboxInput(form)).toEqual({
      address: "ada@example.com",
      host: "imap.example.com",
      port: 993,
      tls: true,
      username: "ada@example.com",
      password: "pw",
      folders: null,
      smtpHost: "smtp.example.com",
      smtpPort: 587,
      smtpSecurity: "STARTTLS",
      smtpUsername: null,
      smtpPassword: null,
    });
  });
  it("sends the SMTP settings typed, and none when sending is off", () => {
    const typed = { ...form, smtpHost: " mail.example.net ", smtpPort: "465", smtpSecurity: "TLS" as const, smtpUsername: " ada ", smtpPassword: " s3cret " };
    expect(mailboxInput(typed)).toMatchObject({
      smtpHost: "mail.example.net",
      smtpPort: 465,
      smtpSecurity: "TLS",
      smtpUsername: "ada",
      smtpPassword: " s3cret ",
    });
    expect(mailboxInput({ ...typed, send: false })).toMatchObject({
      smtpHost: null,
      smtpPort: null,
      smtpSecurity: null,
      smtpUsername: null,
      smtpPassword: null,
    });
  });
  it("falls back to the usual port of the security when the port is not a number", () => {
    expect(mailboxInput({ ...form, smtpPort: "", smtpSecurity: "NONE" }).smtpPort).toBe(25);
  });
  it("splits folders on commas", () => {
    expect(mailboxInput({ ...form, folders: "INBOX, Sent ,Archive" }).folders).toEqual(["INBOX", "Sent", "Archive"]);
  });
});

describe("formatBytes", () => {
  it("reads like a file size", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1536)).toBe("1.5 KB");
    expect(formatBytes(25 * 1024 * 1024)).toBe("25 MB");
  });
});

describe("smtpHostFor", () => {
  it("pairs imap. with smtp., else keeps the host", () => {
    expect(smtpHostFor(" IMAP.Example.com ")).toBe("smtp.example.com");
    expect(smtpHostFor("imaps.example.com")).toBe("smtp.example.com");
    expect(smtpHostFor("mail.example.com")).toBe("mail.example.com");
    expect(smtpHostFor("127.0.0.1")).toBe("127.0.0.1");
    expect(smtpHostFor("")).toBe("");
  });
});

describe("smtpSummary", () => {
  it("says what would be used, typed or derived", () => {
    expect(smtpSummary({ ...EMPTY_FORM, host: "imap.example.com" })).toBe("Through smtp.example.com:587, STARTTLS");
    expect(smtpSummary({ ...EMPTY_FORM, host: "imap.example.com", smtpHost: "out.example.com", smtpPort: "2525", smtpSecurity: "NONE" })).toBe(
      "Through out.example.com:2525, unencrypted",
    );
    expect(smtpSummary({ ...EMPTY_FORM, send: false })).toBe("Off: this mailbox only syncs");
    expect(smtpSummary(EMPTY_FORM)).toBe("Through the SMTP server of your provider");
  });
});
