import { graphql } from "@/gql";

export const MembersDocument = graphql(`
  query Members {
    members {
      id
      role
      joinedAt
      user {
        id
        name
        email
      }
    }
  }
`);

export const AddMemberDocument = graphql(`
  mutation AddMember($email: String!, $role: Role!) {
    addMember(email: $email, role: $role) {
      id
      role
      joinedAt
      user {
        id
        name
        email
      }
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
