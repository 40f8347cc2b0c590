import { render, screen } from "@testing-library/react";
import Link from "next/link";
import { describe, expect, it } from "vitest";

import { Button } from "./button";

describe("Button", () => {
  it("with asChild renders its one child (a link) with the button's look", () => {
    render(
      <Button asChild variant="primary">
        <Link href="/deals">Go to deals</Link>
      </Button>,
    );
    const link = screen.getByRole("link", { name: "Go to deals" });
    expect(link).toHaveAttribute("href", "/deals");
    expect(link.className).toContain("bg-accent");
  });

  it("shows a spinner while loading and is disabled", () => {
    render(<Button loading>Save</Button>);
    const button = screen.getByRole("button", { name: "Save" });
    expect(button).toBeDisabled();
    expect(button).toHaveAttribute("aria-busy", "true");
    expect(button.querySelector(".animate-spin")).not.toBeNull();
  });
});
