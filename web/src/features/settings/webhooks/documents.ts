import { graphql } from "@/gql";

export const SettingsWebhookEndpointFields = graphql(`
  fragment SettingsWebhookEndpoint on WebhookEndpoint {
    id
    url
    events
    enabled
    description
    createdAt
    failingSince
    disabledReason
    previousSecretExpiresAt
  }
`);

export const SettingsWebhookDeliveryFields = graphql(`
  fragment SettingsWebhookDelivery on WebhookDelivery {
    id
    eventType
    state
    attempts
    lastStatus
    lastError
    lastResponse
    lastDurationMs
    lastAttemptAt
    nextAttemptAt
    createdAt
  }
`);

export const WebhookEndpointsDocument = graphql(`
  query WebhookEndpoints {
    webhookEndpoints {
      ...SettingsWebhookEndpoint
    }
  }
`);

export const WebhookDeliveriesDocument = graphql(`
  query WebhookDeliveries($endpointId: UUID!, $first: Int!) {
    webhookDeliveries(endpointId: $endpointId, first: $first) {
      edges {
        node {
          ...SettingsWebhookDelivery
        }
      }
    }
  }
`);

export const CreateWebhookEndpointDocument = graphql(`
  mutation CreateWebhookEndpoint($url: String!, $events: [String!]!, $description: String) {
    createWebhookEndpoint(url: $url, events: $events, description: $description) {
      secret
      endpoint {
        ...SettingsWebhookEndpoint
      }
    }
  }
`);

export const UpdateWebhookEndpointDocument = graphql(`
  mutation UpdateWebhookEndpoint($id: UUID!, $enabled: Boolean) {
    updateWebhookEndpoint(id: $id, enabled: $enabled) {
      ...SettingsWebhookEndpoint
    }
  }
`);

export const RotateWebhookSecretDocument = graphql(`
  mutation RotateWebhookSecret($id: UUID!) {
    rotateWebhookSecret(id: $id) {
      secret
      endpoint {
        ...SettingsWebhookEndpoint
      }
    }
  }
`);

export const DeleteWebhookEndpointDocument = graphql(`
  mutation DeleteWebhookEndpoint($id: UUID!) {
    deleteWebhookEndpoint(id: $id)
  }
`);

export const SendTestWebhookDocument = graphql(`
  mutation SendTestWebhook($endpointId: UUID!) {
    sendTestWebhook(endpointId: $endpointId) {
      ...SettingsWebhookDelivery
    }
  }
`);

export const RetryWebhookDeliveryDocument = graphql(`
  mutation RetryWebhookDelivery($id: UUID!) {
    retryWebhookDelivery(id: $id) {
      ...SettingsWebhookDelivery
    }
  }
`);
