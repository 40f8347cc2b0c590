import { describe, expect, it } from "vitest";

import { fieldKey, problemFromCombined, problemFromErrors } from "@/lib/api-errors";

describe("problemFromErrors", () => {
  it("keys field errors by field name without the input prefix", () => {
    const problem = problemFromErrors([
      {
        message: "Some fields are not valid.",
        extensions: {
          code: "BAD_USER_INPUT",
          fieldErrors: [
            { path: ["input", "emails", 0], message: "value is not a valid email address" },
            { path: ["input", "customFields", "tier"], message: "not one of the options" },
            { path: ["password"], message: "String should have at least 8 characters" },
          ],
        },
      },
    ]);
    expect(problem).toEqual({
      code: "BAD_USER_INPUT",
      message: "Some fields are not valid.",
      fieldErrors: {
        emails: "Value is not a valid email address",
        "customFields.tier": "Not one of the options",
        password: "String should have at least 8 characters",
      },
    });
  });

  it("keeps the api's sentence for expected errors and replaces internal ones", () => {
    expect(problemFromErrors([{ message: "An account with this email already exists; sign in instead.", extensions: { code: "CONFLICT" } }]).message).toBe(
      "An account with this email already exists; sign in instead.",
    );
    expect(problemFromErrors([{ message: "boom", extensions: { code: "INTERNAL_SERVER_ERROR" } }]).message).toBe(
      "Something went wrong on our side. Please try again.",
    );
  });

  it("names a network failure", () => {
    expect(problemFromCombined({ graphQLErrors: [], networkError: new Error("fetch failed") }).code).toBe("NETWORK");
  });

  it("builds keys from paths", () => {
    expect(fieldKey(["input"])).toBe("input");
    expect(fieldKey(["inputs", 2, "name"])).toBe("name");
  });
});
