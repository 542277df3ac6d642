/**
 * A value of an answer already written as JSON text (by the statement that read it, see
 * src/graphql/compiled/read-text.ts): the answer writer (src/http/graphql-answer.ts) writes the
 * text as it is. Anything else that stringifies the answer gets the same value through `toJSON`.
 */
export class JsonText {
  constructor(readonly text: string) {}

  toJSON(): unknown {
    return JSON.parse(this.text);
  }
}
