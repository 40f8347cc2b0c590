import { graphql } from "@/gql";

// CSV import (the mapping screen) and export (the list's Export button).

export const StartImportDocument = graphql(`
  mutation StartImport($fileId: UUID!, $objectType: ObjectType!, $mapping: JSON!, $upsertBy: String) {
    startImport(fileId: $fileId, objectType: $objectType, mapping: $mapping, upsertBy: $upsertBy) {
      id
      state
    }
  }
`);

export const ImportJobDocument = graphql(`
  query ImportJob($id: UUID!) {
    importJob(id: $id) {
      id
      state
      totalRows
      processedRows
      createdCount
      updatedCount
      errorCount
      error
      errorsFile {
        ...FileLink
      }
    }
  }
`);

export const UndoImportDocument = graphql(`
  mutation UndoImport($id: UUID!) {
    undoImport(id: $id) {
      id
      state
    }
  }
`);

export const StartExportDocument = graphql(`
  mutation StartExport($objectType: ObjectType!, $filter: JSON, $ids: [UUID!]) {
    startExport(objectType: $objectType, filter: $filter, ids: $ids) {
      id
      state
    }
  }
`);

export const ExportJobDocument = graphql(`
  query ExportJob($id: UUID!) {
    exportJob(id: $id) {
      id
      state
      rowCount
      file {
        ...FileLink
      }
    }
  }
`);
