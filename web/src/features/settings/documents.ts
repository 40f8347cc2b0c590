import { graphql } from "@/gql";

// Profile

export const UpdateProfileDocument = graphql(`
  mutation UpdateProfile($name: String!) {
    updateProfile(name: $name) {
      id
      name
      email
    }
  }
`);

// Pipelines and stages

export const SettingsStageFields = graphql(`
  fragment SettingsStage on Stage {
    id
    name
    kind
    position
    probability
    dealCount
  }
`);

export const SettingsPipelineFields = graphql(`
  fragment SettingsPipeline on Pipeline {
    id
    name
    isDefault
    stages {
      ...SettingsStage
    }
  }
`);

export const SettingsPipelinesDocument = graphql(`
  query SettingsPipelines {
    pipelines {
      ...SettingsPipeline
    }
  }
`);

export const CreatePipelineDocument = graphql(`
  mutation CreatePipeline($name: String!, $stages: [String!]!) {
    createPipeline(name: $name, stages: $stages) {
      ...SettingsPipeline
    }
  }
`);

export const UpdatePipelineDocument = graphql(`
  mutation UpdatePipeline($id: UUID!, $name: String!, $isDefault: Boolean!) {
    updatePipeline(id: $id, name: $name, isDefault: $isDefault) {
      id
      name
      isDefault
    }
  }
`);

export const DeletePipelineDocument = graphql(`
  mutation DeletePipeline($id: UUID!) {
    deletePipeline(id: $id)
  }
`);

export const AddStageDocument = graphql(`
  mutation AddStage($pipelineId: UUID!, $input: StageInput!) {
    addStage(pipelineId: $pipelineId, input: $input) {
      ...SettingsStage
    }
  }
`);

export const UpdateStageDocument = graphql(`
  mutation UpdateStage($id: UUID!, $input: StageInput!) {
    updateStage(id: $id, input: $input) {
      ...SettingsStage
    }
  }
`);

export const ReorderStagesDocument = graphql(`
  mutation ReorderStages($pipelineId: UUID!, $stageIds: [UUID!]!) {
    reorderStages(pipelineId: $pipelineId, stageIds: $stageIds) {
      id
      stages {
        ...SettingsStage
      }
    }
  }
`);

export const DeleteStageDocument = graphql(`
  mutation DeleteStage($id: UUID!) {
    deleteStage(id: $id)
  }
`);

// Custom fields

export const SettingsFieldFields = graphql(`
  fragment SettingsField on FieldDefinition {
    id
    objectType
    key
    label
    type
    options
    required
  }
`);

export const SettingsFieldsDocument = graphql(`
  query SettingsFields($objectType: ObjectType) {
    fieldDefinitions(objectType: $objectType) {
      ...SettingsField
    }
  }
`);

export const CreateFieldDocument = graphql(`
  mutation CreateField($input: FieldDefinitionInput!) {
    createFieldDefinition(input: $input) {
      ...SettingsField
    }
  }
`);

export const UpdateFieldDocument = graphql(`
  mutation UpdateField($id: UUID!, $input: FieldDefinitionUpdateInput!) {
    updateFieldDefinition(id: $id, input: $input) {
      ...SettingsField
    }
  }
`);

export const DeleteFieldDocument = graphql(`
  mutation DeleteField($id: UUID!) {
    deleteFieldDefinition(id: $id)
  }
`);

// Email

export const SettingsInboundFields = graphql(`
  fragment SettingsInbound on InboundEmail {
    address
    token
  }
`);

export const SettingsInboundEmailDocument = graphql(`
  query SettingsInboundEmail {
    inboundEmail {
      ...SettingsInbound
    }
  }
`);

export const RotateInboundTokenDocument = graphql(`
  mutation RotateInboundToken {
    rotateInboundToken {
      ...SettingsInbound
    }
  }
`);

export const SettingsAutoCreateDocument = graphql(`
  query SettingsAutoCreate {
    contactAutoCreate
  }
`);

export const SetAutoCreateDocument = graphql(`
  mutation SetAutoCreate($policy: AutoCreatePolicy!) {
    setContactAutoCreate(policy: $policy)
  }
`);

export const SettingsMailboxFields = graphql(`
  fragment SettingsMailbox on Mailbox {
    id
    address
    state
    lastSyncAt
    messageCount
    lastError
    host
    port
    tls
    username
    folders
  }
`);

export const SettingsMailboxesDocument = graphql(`
  query SettingsMailboxes {
    mailboxes {
      ...SettingsMailbox
    }
  }
`);

export const ConnectMailboxDocument = graphql(`
  mutation ConnectMailbox($input: MailboxInput!) {
    connectMailbox(input: $input) {
      ...SettingsMailbox
    }
  }
`);

export const DisconnectMailboxDocument = graphql(`
  mutation DisconnectMailbox($id: UUID!) {
    disconnectMailbox(id: $id)
  }
`);

export const SettingsQuarantineDocument = graphql(`
  query SettingsQuarantine($first: Int!) {
    quarantinedEmails(first: $first) {
      id
      receivedAt
      reason
      size
      source
    }
  }
`);

// Lost reasons

export const SettingsLostReasonsDocument = graphql(`
  query SettingsLostReasons {
    lostReasons
  }
`);

export const SetLostReasonsDocument = graphql(`
  mutation SetLostReasons($reasons: [String!]!) {
    setLostReasons(reasons: $reasons)
  }
`);

// Email templates

export const SettingsEmailTemplateFields = graphql(`
  fragment SettingsEmailTemplate on EmailTemplate {
    id
    name
    subject
    body
    shared
    createdBy {
      id
      user {
        id
        name
        email
      }
    }
  }
`);

export const SettingsEmailTemplatesDocument = graphql(`
  query SettingsEmailTemplates {
    emailTemplates {
      ...SettingsEmailTemplate
    }
    fieldDefinitions {
      id
      objectType
      key
      label
    }
  }
`);

export const CreateEmailTemplateDocument = graphql(`
  mutation CreateEmailTemplate($name: String!, $subject: String!, $body: String!, $shared: Boolean!) {
    createEmailTemplate(name: $name, subject: $subject, body: $body, shared: $shared) {
      ...SettingsEmailTemplate
    }
  }
`);

export const UpdateEmailTemplateDocument = graphql(`
  mutation UpdateEmailTemplate($id: UUID!, $name: String!, $subject: String!, $body: String!, $shared: Boolean!) {
    updateEmailTemplate(id: $id, name: $name, subject: $subject, body: $body, shared: $shared) {
      ...SettingsEmailTemplate
    }
  }
`);

export const DeleteEmailTemplateDocument = graphql(`
  mutation DeleteEmailTemplate($id: UUID!) {
    deleteEmailTemplate(id: $id)
  }
`);
