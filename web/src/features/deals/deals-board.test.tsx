import { act, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import type { BoardDealFragment } from "@/gql/graphql";
import type { Board, Column } from "@/features/deals/board";
import { BoardColumns } from "@/features/deals/deals-board";
import { boardDeal } from "@/features/deals/board-deal.fixture";

function column(id: string, name: string, deals: BoardDealFragment[]): Column {
  return { id, name, kind: "OPEN", probability: 0.5, count: deals.length, totals: [], deals, hasNextPage: false, endCursor: null };
}

const board: Board = [
  column("proposal", "Proposal", [boardDeal("p1", "proposal", 1, { name: "Proposal 01" }), boardDeal("p2", "proposal", 2, { name: "Proposal 02" })]),
  column("negotiation", "Negotiation", []),
];

function renderBoard() {
  const move = vi.fn(async () => {});
  render(<BoardColumns board={board} movable move={move} loadingMore={null} loadMore={() => {}} />);
  return { move, announcer: () => document.getElementById("deals-board-announcer")! };
}

describe("moving a card with the keyboard", () => {
  // dnd-kit's timers run when the test says (inside act), not after it.
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(async () => {
    await act(async () => {
      vi.runOnlyPendingTimers();
    });
    vi.useRealTimers();
  });

  it("hears an arrow pressed at once after the lift, before dnd-kit's sensor listens", async () => {
    const { move, announcer } = renderBoard();
    const handle = screen.getByRole("button", { name: "Move Proposal 02" });
    handle.focus();
    fireEvent.keyDown(handle, { code: "Space", key: " " });
    // In the same task as the lift: dnd-kit's KeyboardSensor starts listening on a timer, not yet run.
    fireEvent.keyDown(document.activeElement ?? document, { code: "ArrowRight", key: "ArrowRight" });
    expect(announcer()).toHaveTextContent("Proposal 02 is in Negotiation, 1 of 1.");
    // Escape puts it back: nothing is moved.
    await act(async () => {
      vi.runOnlyPendingTimers();
    });
    fireEvent.keyDown(document.activeElement ?? document, { code: "Escape", key: "Escape" });
    await act(async () => {
      vi.runOnlyPendingTimers();
    });
    expect(move).not.toHaveBeenCalled();
  });

  it("moves once per arrow, says when it cannot go further, and drops where the arrows put it", async () => {
    const { move, announcer } = renderBoard();
    const handle = screen.getByRole("button", { name: "Move Proposal 01" });
    handle.focus();
    fireEvent.keyDown(handle, { code: "Space", key: " " });
    await act(async () => {
      vi.runAllTimers(); // the sensor now listens too: an arrow must still move the card one step only
    });
    fireEvent.keyDown(document.activeElement ?? document, { code: "ArrowRight", key: "ArrowRight" });
    expect(announcer()).toHaveTextContent("Proposal 01 is in Negotiation, 1 of 1.");
    fireEvent.keyDown(document.activeElement ?? document, { code: "ArrowRight", key: "ArrowRight" });
    expect(announcer()).toHaveTextContent("Proposal 01 cannot go further that way.");
    fireEvent.keyDown(document.activeElement ?? document, { code: "Space", key: " " });
    await act(async () => {
      vi.runAllTimers();
    });
    expect(move).toHaveBeenCalledTimes(1);
    expect(move).toHaveBeenCalledWith(expect.objectContaining({ id: "p1" }), "negotiation", null);
    // After the drop the arrows are the page's again.
    fireEvent.keyDown(document.body, { code: "ArrowLeft", key: "ArrowLeft" });
    expect(announcer()).toHaveTextContent("Proposal 01 cannot go further that way.");
  });
});
