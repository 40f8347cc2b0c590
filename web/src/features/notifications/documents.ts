import { graphql } from "@/gql";

export const NotificationFields = graphql(`
  fragment NotificationItem on Notification {
    id
    kind
    title
    targetType
    targetId
    createdAt
    readAt
  }
`);

/** The bell: the unread count and the latest notifications. */
export const NotificationsDocument = graphql(`
  query Notifications($first: Int!) {
    notifications(first: $first) {
      unreadCount
      edges {
        node {
          ...NotificationItem
        }
      }
    }
  }
`);

export const MarkNotificationsReadDocument = graphql(`
  mutation MarkNotificationsRead($ids: [UUID!]!) {
    markNotificationsRead(ids: $ids) {
      unreadCount
      notifications {
        ...NotificationItem
      }
    }
  }
`);

/** Yours, as they are made: the bell loads again and a toast shows. */
export const NotificationAddedDocument = graphql(`
  subscription NotificationAdded($after: String) {
    notificationAdded(after: $after) {
      ...NotificationItem
    }
  }
`);
