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

export const AddMemberDocument = graphql(`
  mutation AddMember($email: String!, $role: Role!) {
    addMember(email: $email, role: $role) {
      ...MemberRow
    }
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
