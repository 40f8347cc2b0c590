import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { ToastProvider } from "@/components/ui/toast";
import { InlineText } from "@/features/records/inline-field";

function renderField(onSave: (value: unknown) => Promise<null | { code: string; message: string; fieldErrors: Record<string, string> }>) {
  return render(
    <ToastProvider>
      <InlineText label="Job title" value="Analyst" onSave={onSave} errorKeys={["jobTitle"]} />
    </ToastProvider>,
  );
}

describe("InlineText", () => {
  it("edits on click and saves on Enter, showing the new value at once", async () => {
    let resolve: (value: null) => void = () => {};
    const onSave = vi.fn(() => new Promise<null>((done) => (resolve = done)));
    renderField(onSave);
    await userEvent.click(screen.getByRole("button", { name: "Job title: Analyst" }));
    const input = screen.getByRole("textbox", { name: "Job title" });
    await userEvent.clear(input);
    await userEvent.type(input, "Engineer{Enter}");
    expect(onSave).toHaveBeenCalledWith("Engineer");
    expect(screen.getByRole("button", { name: "Job title: Engineer" })).toBeInTheDocument();
    resolve(null);
  });

  it("cancels on Escape without saving", async () => {
    const onSave = vi.fn(async () => null);
    renderField(onSave);
    await userEvent.click(screen.getByRole("button", { name: "Job title: Analyst" }));
    await userEvent.type(screen.getByRole("textbox", { name: "Job title" }), " typo{Escape}");
    expect(onSave).not.toHaveBeenCalled();
    expect(screen.getByRole("button", { name: "Job title: Analyst" })).toBeInTheDocument();
  });

  it("rolls back and shows the api's message next to the field when it refuses", async () => {
    const onSave = vi.fn(async () => ({ code: "BAD_USER_INPUT", message: "Invalid.", fieldErrors: { jobTitle: "Too long" } }));
    renderField(onSave);
    await userEvent.click(screen.getByRole("button", { name: "Job title: Analyst" }));
    await userEvent.type(screen.getByRole("textbox", { name: "Job title" }), " and more{Enter}");
    expect(await screen.findByRole("alert")).toHaveTextContent("Too long");
    // The editor stays open with the rejected text; Escape restores the saved value.
    expect(screen.getByRole("textbox", { name: "Job title" })).toHaveValue("Analyst and more");
    await userEvent.keyboard("{Escape}");
    expect(screen.getByRole("button", { name: "Job title: Analyst" })).toBeInTheDocument();
  });

  it("does not save when nothing changed", async () => {
    const onSave = vi.fn(async () => null);
    renderField(onSave);
    await userEvent.click(screen.getByRole("button", { name: "Job title: Analyst" }));
    await userEvent.keyboard("{Enter}");
    expect(onSave).not.toHaveBeenCalled();
  });
});
