import "@testing-library/jest-dom/vitest";
import { cleanup, configure } from "@testing-library/react";
import { afterEach } from "vitest";

afterEach(() => cleanup());

// findBy* and waitFor give up after 1 s by default: a loaded CI machine can take longer to render. A bound
// for a stuck test, not a measure of speed.
configure({ asyncUtilTimeout: 10_000 });

// jsdom lays nothing out; cmdk measures its list and scrolls the active option into view.
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};
Element.prototype.scrollIntoView ??= function scrollIntoView() {};
