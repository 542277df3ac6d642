import { cursorCodec, deriveCursorKey, requestCursors } from "./cursor-seal";

const keys = deriveCursorKey("a-server-secret-of-at-least-32-bytes!!");
const ID = "0b7e6a4c-1f3e-4c55-9a57-2a1f3f6d9e01";

describe("opaque cursors", () => {
  const codec = cursorCodec(keys, "AGENT:1|customers:NAME:ASC");

  it("round-trips a position and carries nothing readable", () => {
    const cursor = codec.encode({ value: "Zhang Wei", id: ID });
    expect(codec.decode(cursor)).toEqual({ value: "Zhang Wei", id: ID });
    const raw = Buffer.from(cursor, "base64url").toString("latin1");
    expect(raw).not.toContain("Zhang");
    expect(raw).not.toContain(ID);
    expect(cursor).toBe(codec.encode({ value: "Zhang Wei", id: ID })); // synthetic nonce: stable
    expect(cursor).not.toBe(codec.encode({ value: "Zhang Wej", id: ID }));
  });

  it("does not open for another viewer, list or order, nor with another key", () => {
    const cursor = codec.encode({ value: 42, id: ID });
    for (const other of [
      cursorCodec(keys, "AGENT:2|customers:NAME:ASC"),
      cursorCodec(keys, "MARKETING:1|customers:NAME:ASC"),
      cursorCodec(keys, "AGENT:1|customers:NAME:DESC"),
      cursorCodec(keys, "AGENT:1|customers:CREATED_AT:ASC"),
      cursorCodec(deriveCursorKey("another-server-secret-of-32-bytes!!!!"), "AGENT:1|customers:NAME:ASC"),
    ]) {
      expect(() => other.decode(cursor)).toThrow("Invalid cursor");
    }
  });

  it("hands a position sealed before only to the viewer and list it was sealed for (the sealed-cursor cache)", () => {
    const cursor = codec.encode({ value: 7, id: ID });
    for (const other of [cursorCodec(keys, "AGENT:2|customers:NAME:ASC"), cursorCodec(keys, "AGENT:1|customers:NAME:DESC")]) {
      const theirs = other.encode({ value: 7, id: ID });
      expect(theirs).not.toBe(cursor);
      expect(other.decode(theirs)).toEqual({ value: 7, id: ID });
      expect(() => codec.decode(theirs)).toThrow("Invalid cursor");
    }
    // another key: its own cursors, never the cache of the first
    const rekeyed = cursorCodec(deriveCursorKey("another-server-secret-of-32-bytes!!!!"), "AGENT:1|customers:NAME:ASC");
    expect(rekeyed.encode({ value: 7, id: ID })).not.toBe(cursor);
    expect(codec.encode({ value: 7, id: ID })).toBe(cursor);
  });

  it("refuses tampered and malformed cursors with the same BAD_USER_INPUT", () => {
    const cursor = codec.encode({ value: "2026-01-01T00:00:00.000Z", id: ID });
    const bytes = Buffer.from(cursor, "base64url");
    for (let i = 0; i < bytes.length; i += 7) {
      const flipped = Buffer.from(bytes);
      flipped[i] ^= 1;
      expect(() => codec.decode(flipped.toString("base64url"))).toThrow("Invalid cursor");
    }
    const legacy = Buffer.from(JSON.stringify([123, ID])).toString("base64url");
    for (const bad of ["", "x", "not a cursor", "%%%", legacy, "A".repeat(2000), cursor.slice(0, -2)]) {
      try {
        codec.decode(bad);
        throw new Error(`accepted ${bad}`);
      } catch (err) {
        expect((err as { extensions?: { code?: string } }).extensions?.code ?? (err as { code?: string }).code).toBe("BAD_USER_INPUT");
        expect((err as Error).message).toBe("Invalid cursor");
      }
    }
  });

  it("keeps one codec per list in a request", () => {
    const cursors = requestCursors(keys, "ADMIN:9");
    expect(cursors.list("a")).toBe(cursors.list("a"));
    expect(() => cursors.list("b").decode(cursors.list("a").encode({ value: null, id: ID }))).toThrow("Invalid cursor");
  });
});
