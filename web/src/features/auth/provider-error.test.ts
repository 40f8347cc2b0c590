import { describe, expect, it } from "vitest";

import { providerErrorMessage } from "@/features/auth/provider-error";

describe("providerErrorMessage", () => {
  it("explains each reason the api sends back", () => {
    expect(providerErrorMessage("denied")).toBe("Sign-in was cancelled at the provider.");
    expect(providerErrorMessage("email_unverified")).toBe(
      "Your provider does not confirm that this email address is yours, so Rapport cannot sign you in with it. Sign in with your password instead.",
    );
  });

  it("says nothing without a reason and never echoes an unknown one", () => {
    expect(providerErrorMessage(undefined)).toBeUndefined();
    expect(providerErrorMessage("")).toBeUndefined();
    expect(providerErrorMessage("<script>alert(1)</script>")).toBe(
      "Signing in with the provider did not work. Please try again.",
    );
    expect(providerErrorMessage("toString")).toBe("Signing in with the provider did not work. Please try again.");
  });
});
