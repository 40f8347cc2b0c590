import { graphql } from "@/gql";

/** What every app page needs: who is signed in, where, and with which role. Run by the (app) layout. */
export const ViewerDocument = graphql(`
  query Viewer {
    me {
      id
      name
      email
    }
    workspace {
      id
      name
    }
    workspaces {
      id
      name
    }
    members {
      id
      role
      user {
        id
      }
    }
  }
`);
