import { describe, expect, it } from "vitest";

import { keyFromLabel, optionsFromText } from "@/features/settings/custom-fields-settings";
import { mailboxInput } from "@/features/settings/email/connect-mailbox-sheet";
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
  const form = { address: " ada@example.com ", host: "imap.example.com", port: "993", tls: true, username: "", password: "pw", folders: "" };
  it("uses the address as user name and INBOX (null) when left blank", () => {
    expect(mailboxInput(form)).toEqual({
      address: "ada@example.com",
      host: "imap.example.com",
      port: 993,
      tls: true,
      username: "ada@example.com",
      password: "pw",
      folders: null,
    });
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
