import { graphql } from "@/gql";

// The files attached to a record (the record pages' Files section).

export const RecordFilesDocument = graphql(`
  query RecordFiles($targetId: UUID!) {
    files(targetId: $targetId) {
      ...FileLink
      contentType
      size
      createdAt
    }
  }
`);

export const DeleteFileDocument = graphql(`
  mutation DeleteFile($id: UUID!) {
    deleteFile(id: $id)
  }
`);
