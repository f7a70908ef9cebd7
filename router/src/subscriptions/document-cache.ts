/**
 * Parsed and validated documents shared by every socket operation with the same text: thousands of
 * clients subscribing with the same document hold one AST (with its token list, several KB) instead
 * of one each, and pay parsing and validation once. Bounded; the least recently used text goes first.
 */
import type { DocumentNode, GraphQLError, GraphQLSchema } from 'graphql';

export interface CachedDocument {
  /** The text, one string for every caller that sent it. */
  text: string;
  document: DocumentNode;
}

export class DocumentCache {
  private readonly max: number;
  private readonly documents = new Map<string, CachedDocument>();
  private readonly validations = new WeakMap<DocumentNode, WeakMap<GraphQLSchema, readonly GraphQLError[]>>();

  constructor(max = 1000) {
    this.max = max;
  }

  get size(): number {
    return this.documents.size;
  }

  /** The document of `text`; `parse` runs only for a text not seen recently (and may throw). */
  parse(text: string, parse: (text: string) => DocumentNode): CachedDocument {
    const cached = this.documents.get(text);
    if (cached) {
      this.documents.delete(text);
      this.documents.set(text, cached);
      return cached;
    }
    const entry = { text, document: parse(text) };
    if (this.documents.size >= this.max) this.documents.delete(this.documents.keys().next().value as string);
    this.documents.set(text, entry);
    return entry;
  }

  /** The validation errors of a cached document against `schema`, computed once per schema. */
  validate(
    schema: GraphQLSchema,
    document: DocumentNode,
    validate: (schema: GraphQLSchema, document: DocumentNode) => readonly GraphQLError[],
  ): readonly GraphQLError[] {
    let bySchema = this.validations.get(document);
    if (!bySchema) {
      bySchema = new WeakMap();
      this.validations.set(document, bySchema);
    }
    let errors = bySchema.get(schema);
    if (!errors) {
      errors = validate(schema, document);
      bySchema.set(schema, errors);
    }
    return errors;
  }
}
