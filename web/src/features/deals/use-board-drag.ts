"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import {
  KeyboardSensor,
  MouseSensor,
  TouchSensor,
  closestCenter,
  getFirstCollision,
  pointerWithin,
  rectIntersection,
  useSensor,
  useSensors,
  type Announcements,
  type CollisionDetection,
  type KeyboardCoordinateGetter,
  type DragEndEvent,
  type DragOverEvent,
  type DragStartEvent,
  type UniqueIdentifier,
} from "@dnd-kit/core";
import { arrayMove } from "@dnd-kit/sortable";

import type { BoardDealFragment } from "@/gql/graphql";
import {
  columnOf,
  findDeal,
  layoutOf,
  moveInLayout,
  positionBetween,
  stepInLayout,
  type Arrow,
  type Board,
  type Layout,
} from "@/features/deals/board";

export interface Drag {
  id: string;
  fromStageId: string;
  fromIndex: number;
  layout: Layout;
  /** Lifted with the keyboard: the arrows move the card itself from column to column (see below). */
  keyboard: boolean;
}

const ARROWS = new Set<string>(["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight"]);

/**
 * Dragging cards across the board with the mouse, touch or the keyboard: the layout while a card is
 * lifted, where it lands, and what a screen reader hears. A drop calls `move` with the new place.
 */
export function useBoardDrag(
  board: Board | null,
  move: (deal: BoardDealFragment, toStageId: string, position: number | null) => Promise<void>,
) {
  const [drag, setDrag] = useState<Drag | null>(null);

  // Keyboard drags: dnd-kit's KeyboardSensor lifts (Space/Enter), drops and cancels (Escape), but its
  // arrow keys move by coordinates and, in a board that scrolls sideways, scroll the board instead of
  // moving the card. So the arrows move the card through the layout here, one column or one place at a
  // time, and the sensor is told there is nothing to move. They are heard from the moment of the lift:
  // the sensor itself starts listening only on a timer after it (so that the key that lifted is not
  // also its first move), and on a busy page an arrow pressed at once came before it and was lost.
  const dragRef = useRef<Drag | null>(null);
  const orderRef = useRef<string[]>([]);
  const namesRef = useRef<Map<string, string>>(new Map());
  const arrowsOff = useRef<(() => void) | null>(null);
  useEffect(() => {
    dragRef.current = drag;
    orderRef.current = (board ?? []).map((column) => column.id);
    namesRef.current = new Map((board ?? []).flatMap((column) => [[column.id, column.name] as const, ...column.deals.map((deal) => [deal.id, deal.name] as const)]));
  });
  useEffect(() => () => arrowsOff.current?.(), []);
  const [spoken, setSpoken] = useState("");
  const step = useCallback((arrow: Arrow) => {
    const current = dragRef.current;
    if (!current?.keyboard) return;
    const next = stepInLayout(current.layout, orderRef.current, current.id, arrow);
    const name = namesRef.current.get(current.id) ?? "The deal";
    if (!next) {
      setSpoken(`${name} cannot go further that way.`);
      return;
    }
    const moved = { ...current, layout: next.layout };
    dragRef.current = moved;
    setDrag(moved);
    setSpoken(
      `${name} is in ${namesRef.current.get(next.columnId) ?? "the next stage"}, ${next.index + 1} of ${next.layout[next.columnId]!.length}.`,
    );
  }, []);
  const listenToArrows = useCallback(
    (target: Document) => {
      arrowsOff.current?.();
      const onKeyDown = (event: KeyboardEvent) => {
        if (!ARROWS.has(event.code)) return;
        event.preventDefault();
        step(event.code as Arrow);
      };
      target.addEventListener("keydown", onKeyDown, true);
      arrowsOff.current = () => {
        target.removeEventListener("keydown", onKeyDown, true);
        arrowsOff.current = null;
      };
    },
    [step],
  );
  const keyboardCoordinates: KeyboardCoordinateGetter = useCallback((event) => {
    // The arrows were handled by listenToArrows' listener; the sensor only must not scroll with them.
    if (ARROWS.has(event.code)) event.preventDefault();
    return undefined;
  }, []);
  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 5 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 8 } }),
    useSensor(KeyboardSensor, { coordinateGetter: keyboardCoordinates }),
  );

  // Keep the lifted card in sight as it moves through the columns.
  const liftedId = drag?.keyboard ? drag.id : null;
  const liftedLayout = drag?.keyboard ? drag.layout : null;
  useEffect(() => {
    if (!liftedId || !liftedLayout) return;
    document
      .querySelector(`[data-deal-id="${CSS.escape(liftedId)}"]`)
      ?.scrollIntoView({ block: "nearest", inline: "nearest" });
  }, [liftedId, liftedLayout]);

  const dealsById = useMemo(
    () => new Map((board ?? []).flatMap((column) => column.deals.map((deal) => [deal.id, deal] as const))),
    [board],
  );
  const stageName = useCallback(
    (id: UniqueIdentifier | undefined) => {
      if (id === undefined || !board) return "";
      const key = String(id);
      const columnId = drag ? columnOf(drag.layout, key) : (findDeal(board, key)?.column.id ?? key);
      return board.find((column) => column.id === (columnId ?? key))?.name ?? "";
    },
    [board, drag],
  );

  // A card that just changed columns makes both columns change size, which can make the pointer seem to
  // be over the old column again; for one frame after a move the last target holds (dnd-kit's own recipe).
  const lastOverId = useRef<UniqueIdentifier | null>(null);
  const justMoved = useRef(false);
  const layout = drag?.layout;
  const keyboardDrag = drag?.keyboard ?? false;
  useEffect(() => {
    const frame = requestAnimationFrame(() => {
      justMoved.current = false;
    });
    return () => cancelAnimationFrame(frame);
  }, [layout]);

  const collisionDetection: CollisionDetection = useCallback(
    (args) => {
      if (!layout) return closestCenter(args);
      // A keyboard drag is placed by the layout alone: over itself, nothing shifts around it.
      if (keyboardDrag) return [{ id: args.active.id }];
      const pointer = pointerWithin(args);
      const hits = pointer.length > 0 ? pointer : rectIntersection(args);
      let overId = getFirstCollision(hits, "id");
      if (overId != null) {
        const inColumn = layout[String(overId)];
        if (inColumn && inColumn.length > 0) {
          // Over a column's free space: the nearest of its cards is the target.
          overId =
            closestCenter({
              ...args,
              droppableContainers: args.droppableContainers.filter((item) => inColumn.includes(String(item.id))),
            })[0]?.id ?? overId;
        }
        lastOverId.current = overId;
        return [{ id: overId }];
      }
      if (justMoved.current) lastOverId.current = args.active.id;
      return lastOverId.current != null ? [{ id: lastOverId.current }] : [];
    },
    [layout, keyboardDrag],
  );

  function dragStart({ active, activatorEvent }: DragStartEvent) {
    if (!board) return;
    const id = String(active.id);
    const found = findDeal(board, id);
    if (!found) return;
    const keyboard = activatorEvent instanceof KeyboardEvent;
    const next = { id, fromStageId: found.column.id, fromIndex: found.index, layout: layoutOf(board), keyboard };
    dragRef.current = next;
    setSpoken("");
    setDrag(next);
    if (keyboard && activatorEvent.target instanceof Node) listenToArrows(activatorEvent.target.ownerDocument ?? document);
  }

  function dragOver({ active, over }: DragOverEvent) {
    if (!over || dragRef.current?.keyboard) return;
    const overId = String(over.id);
    const below = Boolean(
      active.rect.current.translated && active.rect.current.translated.top > over.rect.top + over.rect.height / 2,
    );
    setDrag((current) => {
      if (!current) return current;
      const from = columnOf(current.layout, current.id);
      const to = columnOf(current.layout, overId);
      if (!from || !to || from === to) return current;
      justMoved.current = true;
      const ids = current.layout[to]!;
      const index = overId === to ? ids.length : ids.indexOf(overId) + (below ? 1 : 0);
      return { ...current, layout: moveInLayout(current.layout, current.id, to, index) };
    });
  }

  function dragEnd({ over }: DragEndEvent) {
    const current = dragRef.current ?? drag;
    arrowsOff.current?.();
    dragRef.current = null;
    setDrag(null);
    if (!current || !over || !board) return;
    let layout = current.layout;
    const toStageId = columnOf(layout, current.id);
    if (!toStageId) return;
    const overId = String(over.id);
    const ids = layout[toStageId]!;
    if (overId !== toStageId && overId !== current.id && ids.includes(overId)) {
      layout = { ...layout, [toStageId]: arrayMove(ids, ids.indexOf(current.id), ids.indexOf(overId)) };
    }
    const finalIds = layout[toStageId]!;
    const index = finalIds.indexOf(current.id);
    if (toStageId === current.fromStageId && index === current.fromIndex) return;
    const deal = dealsById.get(current.id);
    if (!deal) return;
    const before = finalIds[index - 1];
    const after = finalIds[index + 1];
    const position = positionBetween(
      before ? dealsById.get(before)?.position : undefined,
      after ? dealsById.get(after)?.position : undefined,
    );
    void move(deal, toStageId, position);
  }

  const announcements: Announcements = {
    onDragStart: ({ active }) =>
      `Picked up ${dealsById.get(String(active.id))?.name ?? "the deal"} in ${stageName(active.id)}. Move it with the arrow keys, drop it with Space, cancel with Escape.`,
    // Over itself (the moment it is picked up) is not news.
    onDragOver: ({ active, over }) =>
      over && over.id !== active.id
        ? `${dealsById.get(String(active.id))?.name ?? "The deal"} is over ${stageName(over.id)}.`
        : undefined,
    onDragEnd: ({ active, over }) =>
      over
        ? `${dealsById.get(String(active.id))?.name ?? "The deal"} dropped in ${stageName(over.id)}.`
        : `${dealsById.get(String(active.id))?.name ?? "The deal"} dropped where it was.`,
    onDragCancel: ({ active }) => `Moving ${dealsById.get(String(active.id))?.name ?? "the deal"} was cancelled.`,
  };

  function dragCancel() {
    arrowsOff.current?.();
    dragRef.current = null;
    setDrag(null);
  }

  return {
    drag,
    dealsById,
    liftedId,
    spoken,
    context: {
      sensors,
      collisionDetection,
      onDragStart: dragStart,
      onDragOver: dragOver,
      onDragEnd: dragEnd,
      onDragCancel: dragCancel,
      accessibility: {
        announcements,
        screenReaderInstructions: {
          draggable:
            "To move a deal, press Space or Enter on its handle, use the arrow keys to choose a stage and a place, then press Space or Enter to drop it. Escape cancels.",
        },
      },
    },
  };
}
