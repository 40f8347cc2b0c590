import { graphql } from "@/gql";

// Two-factor sign-in, the password, sessions, and the workspace's MFA rule.

export const SecurityDocument = graphql(`
  query Security {
    me {
      id
      mfaEnabled
    }
    mfaRecoveryCodesLeft
  }
`);

export const StartMfaEnrollmentDocument = graphql(`
  mutation StartMfaEnrollment {
    startMfaEnrollment {
      secret
      otpauthUri
    }
  }
`);

export const ConfirmMfaEnrollmentDocument = graphql(`
  mutation ConfirmMfaEnrollment($code: String!) {
    confirmMfaEnrollment(code: $code)
  }
`);

export const DisableMfaDocument = graphql(`
  mutation DisableMfa($password: String!, $code: String!) {
    disableMfa(password: $password, code: $code)
  }
`);

export const ChangePasswordDocument = graphql(`
  mutation ChangePassword($current: String!, $new: String!) {
    changePassword(current: $current, new: $new)
  }
`);

export const SignOutEverywhereDocument = graphql(`
  mutation SignOutEverywhere {
    signOutEverywhere
  }
`);

export const WorkspaceMfaDocument = graphql(`
  query WorkspaceMfa {
    workspace {
      id
      mfaRequired
    }
  }
`);

export const SetWorkspaceMfaRequiredDocument = graphql(`
  mutation SetWorkspaceMfaRequired($required: Boolean!) {
    setWorkspaceMfaRequired(required: $required) {
      id
      mfaRequired
    }
  }
`);

// API keys

/** An API key as its row shows it (never its secret). */
export const ApiKeyRowFields = graphql(`
  fragment ApiKeyRow on ApiKey {
    id
    name
    prefix
    role
    createdAt
    expiresAt
    lastUsedAt
  }
`);

export const ApiKeysDocument = graphql(`
  query ApiKeys {
    apiKeys {
      ...ApiKeyRow
      createdBy {
        ...MemberName
      }
    }
  }
`);

export const CreateApiKeyDocument = graphql(`
  mutation CreateApiKey($name: String!, $role: Role!, $expiresAt: DateTime) {
    createApiKey(name: $name, role: $role, expiresAt: $expiresAt) {
      secret
      apiKey {
        ...ApiKeyRow
      }
    }
  }
`);

export const RevokeApiKeyDocument = graphql(`
  mutation RevokeApiKey($id: UUID!) {
    revokeApiKey(id: $id)
  }
`);
