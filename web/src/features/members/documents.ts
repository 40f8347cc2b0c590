import { graphql } from "@/gql";

export const MemberRowFields = graphql(`
  fragment MemberRow on Member {
    id
    role
    joinedAt
    user {
      id
      name
      email
    }
  }
`);

export const MembersDocument = graphql(`
  query Members {
    members {
      ...MemberRow
    }
  }
`);

export const InvitationRowFields = graphql(`
  fragment InvitationRow on Invitation {
    id
    email
    role
    expiresAt
    mailed
    invitedBy {
      ...MemberName
    }
  }
`);

export const InvitationsDocument = graphql(`
  query Invitations {
    invitations {
      ...InvitationRow
    }
  }
`);

export const InviteMemberDocument = graphql(`
  mutation InviteMember($email: String!, $role: Role!) {
    inviteMember(email: $email, role: $role) {
      ...InvitationRow
      link
    }
  }
`);

export const RevokeInvitationDocument = graphql(`
  mutation RevokeInvitation($id: UUID!) {
    revokeInvitation(id: $id)
  }
`);

export const UpdateMemberRoleDocument = graphql(`
  mutation UpdateMemberRole($memberId: UUID!, $role: Role!) {
    updateMemberRole(memberId: $memberId, role: $role) {
      id
      role
    }
  }
`);

export const RemoveMemberDocument = graphql(`
  mutation RemoveMember($memberId: UUID!) {
    removeMember(memberId: $memberId)
  }
`);
