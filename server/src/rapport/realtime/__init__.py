"""Real-time: GraphQL subscriptions over WebSocket (graphql-transport-ws), fed by the outbox relay's
Redis channels. See docs/design.md, "Real-time"."""
