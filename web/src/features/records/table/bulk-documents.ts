import { graphql } from "@/gql";

// Undoing a bulk change of any record list (the toast's Undo after a bulk edit or delete).

export const UndoBulkDocument = graphql(`
  mutation UndoBulk($id: UUID!) {
    undoBulk(id: $id) {
      ...BulkOutcome
    }
  }
`);
