import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Users } from "lucide-react";

describe("Field", () => {
  it("labels its control and announces the error", () => {
    render(
      <Field label="Email" error="Value is not a valid email address">
        <Input name="email" />
      </Field>,
    );
    const input = screen.getByLabelText("Email");
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(input).toHaveAccessibleDescription("Value is not a valid email address");
    expect(screen.getByRole("alert")).toHaveTextContent("Value is not a valid email address");
  });

  it("shows a hint when there is no error", () => {
    render(
      <Field label="Password" hint="At least 8 characters.">
        <Input name="password" type="password" />
      </Field>,
    );
    expect(screen.getByLabelText("Password")).not.toHaveAttribute("aria-invalid");
    expect(screen.getByLabelText("Password")).toHaveAccessibleDescription("At least 8 characters.");
  });
});

describe("EmptyState", () => {
  it("says what to do and offers the action", async () => {
    const onClick = vi.fn();
    render(
      <EmptyState
        icon={Users}
        title="No contacts yet"
        description="Add the first one."
        action={<Button onClick={onClick}>New contact</Button>}
      />,
    );
    expect(screen.getByRole("heading", { name: "No contacts yet" })).toBeVisible();
    await userEvent.click(screen.getByRole("button", { name: "New contact" }));
    expect(onClick).toHaveBeenCalledOnce();
  });
});

describe("Button", () => {
  it("is busy and disabled while loading", () => {
    render(<Button loading>Save</Button>);
    expect(screen.getByRole("button", { name: "Save" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Save" })).toHaveAttribute("aria-busy", "true");
  });
});
