import { act, renderHook } from "@testing-library/react";
import { CombinedError } from "urql";
import { describe, expect, it } from "vitest";

import { useFormProblem } from "@/lib/use-form-problem";

function refusal(fieldErrors: { path: string[]; message: string }[]) {
  return new CombinedError({
    graphQLErrors: [{ message: "Some fields are not valid.", extensions: { code: "BAD_USER_INPUT", fieldErrors } }],
  });
}

describe("useFormProblem", () => {
  it("puts field errors under their fields and the message where no field took it", () => {
    const { result } = renderHook(() => useFormProblem());
    let taken: ReturnType<typeof result.current.take> = null;
    act(() => {
      taken = result.current.take(refusal([{ path: ["input", "email"], message: "value is not a valid email" }]));
    });

    expect(taken).toMatchObject({ code: "BAD_USER_INPUT", message: "Some fields are not valid." });
    expect(result.current.errors).toEqual({ email: "Value is not a valid email" });
    expect(result.current.formMessage(["email"])).toBeNull();
    expect(result.current.formMessage(["name"])).toBe("Some fields are not valid.");
    expect(result.current.formMessage([])).toBe("Some fields are not valid.");
    expect(result.current.formMessage()).toBeNull();
  });

  it("counts a custom field under its prefix, and clears on a good answer", () => {
    const { result } = renderHook(() => useFormProblem());
    act(() => {
      result.current.take(refusal([{ path: ["input", "customFields", "tier"], message: "required" }]));
    });
    expect(result.current.errors).toEqual({ "customFields.tier": "Required" });
    expect(result.current.formMessage(["name", "customFields."])).toBeNull();
    expect(result.current.formMessage(["name", "customFields"])).toBe("Some fields are not valid.");

    act(() => {
      expect(result.current.take(undefined)).toBeNull();
    });
    expect(result.current.problem).toBeNull();
    expect(result.current.formMessage()).toBeNull();
  });
});
