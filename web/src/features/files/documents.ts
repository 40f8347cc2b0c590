import { graphql } from "@/gql";

// The files attached to a record (the record pages' Files section).

export const RecordFilesDocument = graphql(`
  query RecordFiles($targetId: UUID!) {
    files(targetId: $targetId) {
      id
      filename
      contentType
      size
      createdAt
      downloadUrl
    }
  }
`);

export const DeleteFileDocument = graphql(`
  mutation DeleteFile($id: UUID!) {
    deleteFile(id: $id)
  }
`);
