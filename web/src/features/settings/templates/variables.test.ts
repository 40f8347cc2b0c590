import { describe, expect, it } from "vitest";

import { canEditTemplate } from "@/features/settings/templates/templates-settings";
import { insertAt, usedVariables, variableGroups } from "@/features/settings/templates/variables";

describe("variableGroups", () => {
  it("lists the built-in variables, then custom fields by key under their record", () => {
    const groups = variableGroups([
      { objectType: "CONTACT", key: "tier", label: "Tier" },
      { objectType: "CONTACT", key: "birthday", label: "Birthday" },
      { objectType: "DEAL", key: "source", label: "Source" },
    ]);
    expect(groups.map((group) => group.title)).toEqual(["Contact", "Company", "Deal", "You"]);
    expect(groups[0]!.variables.map((variable) => variable.token)).toEqual([
      "{{contact.firstName}}",
      "{{contact.lastName}}",
      "{{contact.name}}",
      "{{contact.email}}",
      "{{contact.jobTitle}}",
      "{{contact.birthday}}",
      "{{contact.tier}}",
    ]);
    expect(groups[1]!.variables.map((variable) => variable.token)).toEqual(["{{company.name}}", "{{company.domain}}"]);
    expect(groups[2]!.variables.map((variable) => variable.token)).toEqual(["{{deal.name}}", "{{deal.source}}"]);
    expect(groups[3]!.variables).toEqual([{ token: "{{member.email}}", label: "Your email" }]);
  });
});

describe("insertAt", () => {
  it("replaces the selection and puts the caret after the insert", () => {
    expect(insertAt("Hi ,", 3, 3, "{{contact.firstName}}")).toEqual({ text: "Hi {{contact.firstName}},", caret: 24 });
    expect(insertAt("Hi NAME!", 3, 7, "X")).toEqual({ text: "Hi X!", caret: 4 });
    expect(insertAt("ab", 10, 12, "c")).toEqual({ text: "abc", caret: 3 });
  });
});

describe("usedVariables", () => {
  it("finds each variable once, spaces inside removed", () => {
    expect(usedVariables("Hi {{ contact.firstName }}, {{company.name}} and {{contact.firstName}} {{nope}}")).toEqual([
      "{{contact.firstName}}",
      "{{company.name}}",
    ]);
  });
});

describe("canEditTemplate", () => {
  const mine = { shared: false, createdBy: { id: "me" } } as Parameters<typeof canEditTemplate>[0];
  const theirsShared = { shared: true, createdBy: { id: "them" } } as Parameters<typeof canEditTemplate>[0];
  it("lets the author, and admins for a shared one", () => {
    expect(canEditTemplate(mine, "me", false)).toBe(true);
    expect(canEditTemplate(theirsShared, "me", false)).toBe(false);
    expect(canEditTemplate(theirsShared, "me", true)).toBe(true);
    expect(canEditTemplate({ ...theirsShared, shared: false }, "me", true)).toBe(false);
  });
});
