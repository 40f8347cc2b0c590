import { describe, expect, it } from "vitest";

import { frameDocument, hasRemoteImages } from "@/features/email-threads/thread-sheet";

const PIXEL = '<p>Hello</p><img src="https://tracker.example/open.gif?id=42" width="1" height="1">';

describe("remote images in an email", () => {
  it("are noticed in img tags and in styles", () => {
    expect(hasRemoteImages(PIXEL)).toBe(true);
    expect(hasRemoteImages('<img src="//tracker.example/p.gif">')).toBe(true);
    expect(hasRemoteImages('<div style="background:url(https://tracker.example/p.gif)">x</div>')).toBe(true);
    expect(hasRemoteImages('<img src="cid:logo@example" alt="logo">')).toBe(false);
    expect(hasRemoteImages("<p>https://example.com is a link, not an image</p>")).toBe(false);
  });

  it("load nothing until the reader asks", () => {
    const blocked = frameDocument(PIXEL, false);
    const shown = frameDocument(PIXEL, true);

    expect(blocked.startsWith(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data: cid:">`,
    )).toBe(true);
    expect(shown.startsWith(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data: cid: https: http:">`,
    )).toBe(true);
    expect(blocked.endsWith(PIXEL)).toBe(true);
  });
});
