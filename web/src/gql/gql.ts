/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query AuditEvents($first: Int!, $after: String) {\n    auditEvents(first: $first, after: $after) {\n      edges {\n        node {\n          id\n          action\n          ip\n          userAgent\n          occurredAt\n          details\n          actor {\n            id\n            user {\n              id\n              name\n              email\n            }\n          }\n        }\n      }\n      pageInfo {\n        ...PageEnd\n      }\n    }\n  }\n": typeof types.AuditEventsDocument,
    "\n  fragment SessionFields on AuthPayload {\n    accessToken\n    refreshToken\n    expiresAt\n    mfaRequired\n    mfaToken\n    mfaEnrollmentRequired\n    workspace {\n      id\n    }\n  }\n": typeof types.SessionFieldsFragmentDoc,
    "\n  mutation SignIn($input: SignInInput!) {\n    signIn(input: $input) {\n      ...SessionFields\n    }\n  }\n": typeof types.SignInDocument,
    "\n  mutation VerifyMfa($mfaToken: String!, $code: String!) {\n    verifyMfa(mfaToken: $mfaToken, code: $code) {\n      ...SessionFields\n    }\n  }\n": typeof types.VerifyMfaDocument,
    "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      ...SessionFields\n    }\n  }\n": typeof types.SignUpDocument,
    "\n  mutation Refresh($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) {\n      ...SessionFields\n    }\n  }\n": typeof types.RefreshDocument,
    "\n  mutation SignOut($refreshToken: String!) {\n    signOut(refreshToken: $refreshToken)\n  }\n": typeof types.SignOutDocument,
    "\n  mutation SwitchWorkspace($workspaceId: UUID!) {\n    switchWorkspace(workspaceId: $workspaceId) {\n      ...SessionFields\n    }\n  }\n": typeof types.SwitchWorkspaceDocument,
    "\n  mutation CreateWorkspace($name: String!) {\n    createWorkspace(name: $name) {\n      ...SessionFields\n    }\n  }\n": typeof types.CreateWorkspaceDocument,
    "\n  mutation AcceptInvitation($token: String!, $name: String, $password: String) {\n    acceptInvitation(token: $token, name: $name, password: $password) {\n      ...SessionFields\n    }\n  }\n": typeof types.AcceptInvitationDocument,
    "\n  mutation ResetPassword($token: String!, $password: String!) {\n    resetPassword(token: $token, password: $password) {\n      ...SessionFields\n    }\n  }\n": typeof types.ResetPasswordDocument,
    "\n  mutation RequestPasswordReset($email: String!) {\n    requestPasswordReset(email: $email)\n  }\n": typeof types.RequestPasswordResetDocument,
    "\n  query InvitationPreview($token: String!) {\n    invitation(token: $token) {\n      email\n      role\n      workspaceName\n      expiresAt\n    }\n  }\n": typeof types.InvitationPreviewDocument,
    "\n  query SignedInEmail {\n    me {\n      email\n    }\n  }\n": typeof types.SignedInEmailDocument,
    "\n  query AuthProviders {\n    authProviders {\n      id\n      label\n      startUrl\n    }\n  }\n": typeof types.AuthProvidersDocument,
    "\n  query PaletteSearch($query: String!, $first: Int!) {\n    search(query: $query, first: $first) {\n      degraded\n      degradedReason\n      edges {\n        cursor\n        node {\n          type\n          snippet\n          node {\n            ...SearchHitTarget\n            ... on Contact {\n              emails\n            }\n            ... on Company {\n              domain\n            }\n            ... on Activity {\n              body\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.PaletteSearchDocument,
    "\n  fragment CompanyChoice on Company {\n    id\n    name\n    domain\n  }\n": typeof types.CompanyChoiceFragmentDoc,
    "\n  fragment CompanyRow on Company {\n    id\n    name\n    domain\n    industry\n    employees\n    customFields\n    contactCount\n    dealCount\n    createdAt\n    lastActivityAt\n    owner {\n      ...MemberName\n    }\n  }\n": typeof types.CompanyRowFragmentDoc,
    "\n  query CompaniesList($first: Int!, $after: String, $filter: CompanyFilter, $orderBy: [CompanyOrder!]) {\n    companies(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      pageInfo {\n        ...PageEnd\n      }\n      edges {\n        node {\n          ...CompanyRow\n        }\n      }\n    }\n  }\n": typeof types.CompaniesListDocument,
    "\n  mutation CreateCompany($input: CompanyInput!) {\n    createCompany(input: $input) {\n      ...CompanyRow\n    }\n  }\n": typeof types.CreateCompanyDocument,
    "\n  mutation UpdateCompany($id: UUID!, $input: CompanyInput!) {\n    updateCompany(id: $id, input: $input) {\n      ...CompanyRow\n    }\n  }\n": typeof types.UpdateCompanyDocument,
    "\n  mutation DeleteCompany($id: UUID!) {\n    deleteCompany(id: $id)\n  }\n": typeof types.DeleteCompanyDocument,
    "\n  mutation RestoreCompany($id: UUID!) {\n    restoreCompany(id: $id) {\n      id\n      name\n    }\n  }\n": typeof types.RestoreCompanyDocument,
    "\n  query CompanySearch($filter: CompanyFilter, $first: Int! = 20) {\n    companies(first: $first, filter: $filter, orderBy: [{ field: NAME, direction: ASC_NULLS_LAST }]) {\n      edges {\n        node {\n          ...CompanyChoice\n        }\n      }\n    }\n  }\n": typeof types.CompanySearchDocument,
    "\n  mutation BulkUpdateCompanies($ids: [UUID!], $filter: CompanyFilter, $input: CompanyInput!) {\n    bulkUpdateCompanies(ids: $ids, filter: $filter, input: $input) {\n      ...BulkOutcome\n    }\n  }\n": typeof types.BulkUpdateCompaniesDocument,
    "\n  mutation BulkDeleteCompanies($ids: [UUID!], $filter: CompanyFilter) {\n    bulkDeleteCompanies(ids: $ids, filter: $filter) {\n      ...BulkOutcome\n    }\n  }\n": typeof types.BulkDeleteCompaniesDocument,
    "\n  fragment ContactCore on Contact {\n    id\n    name\n    firstName\n    lastName\n    emails\n    phones\n    jobTitle\n    createdAt\n    company {\n      id\n      name\n    }\n  }\n": typeof types.ContactCoreFragmentDoc,
    "\n  fragment ContactRow on Contact {\n    ...ContactCore\n    customFields\n    updatedAt\n    lastActivityAt\n    owner {\n      ...MemberName\n    }\n  }\n": typeof types.ContactRowFragmentDoc,
    "\n  query ContactsList($first: Int!, $after: String, $filter: ContactFilter, $orderBy: [ContactOrder!]) {\n    contacts(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      pageInfo {\n        ...PageEnd\n      }\n      edges {\n        node {\n          ...ContactRow\n        }\n      }\n    }\n  }\n": typeof types.ContactsListDocument,
    "\n  mutation CreateContact($input: ContactInput!) {\n    createContact(input: $input) {\n      ...ContactRow\n    }\n  }\n": typeof types.CreateContactDocument,
    "\n  mutation UpdateContact($id: UUID!, $input: ContactInput!) {\n    updateContact(id: $id, input: $input) {\n      ...ContactRow\n    }\n  }\n": typeof types.UpdateContactDocument,
    "\n  mutation DeleteContact($id: UUID!) {\n    deleteContact(id: $id)\n  }\n": typeof types.DeleteContactDocument,
    "\n  mutation RestoreContact($id: UUID!) {\n    restoreContact(id: $id) {\n      id\n      name\n    }\n  }\n": typeof types.RestoreContactDocument,
    "\n  query ContactSearch($filter: ContactFilter) {\n    contacts(first: 20, filter: $filter, orderBy: [{ field: NAME, direction: ASC_NULLS_LAST }]) {\n      edges {\n        node {\n          id\n          name\n          emails\n        }\n      }\n    }\n  }\n": typeof types.ContactSearchDocument,
    "\n  mutation BulkUpdateContacts($ids: [UUID!], $filter: ContactFilter, $input: ContactInput!) {\n    bulkUpdateContacts(ids: $ids, filter: $filter, input: $input) {\n      ...BulkOutcome\n    }\n  }\n": typeof types.BulkUpdateContactsDocument,
    "\n  mutation BulkDeleteContacts($ids: [UUID!], $filter: ContactFilter) {\n    bulkDeleteContacts(ids: $ids, filter: $filter) {\n      ...BulkOutcome\n    }\n  }\n": typeof types.BulkDeleteContactsDocument,
    "\n  query Dashboard($pipelineId: UUID, $months: Int!) {\n    contacts(first: 0) {\n      totalCount\n    }\n    companies(first: 0) {\n      totalCount\n    }\n    deals(first: 0) {\n      totalCount\n    }\n    pipelines {\n      id\n      name\n      isDefault\n    }\n    dealStats(pipelineId: $pipelineId) {\n      pipeline {\n        id\n        name\n      }\n      byStage {\n        stage {\n          id\n          name\n          kind\n          probability\n        }\n        count\n        amount {\n          ...MoneyAmount\n        }\n        weightedAmount {\n          ...MoneyAmount\n        }\n      }\n      lostReasons {\n        reason\n        count\n      }\n      closedByMonth(months: $months) {\n        month\n        won\n        lost\n        wonAmount {\n          ...MoneyAmount\n        }\n      }\n    }\n  }\n": typeof types.DashboardDocument,
    "\n  query MyTasks($assigneeId: UUID!, $first: Int!) {\n    tasks(first: $first, assigneeId: $assigneeId, done: false) {\n      totalCount\n      edges {\n        node {\n          id\n          body\n          dueAt\n          subjectType\n          subjectId\n          subjectName\n        }\n      }\n    }\n  }\n": typeof types.MyTasksDocument,
    "\n  fragment BoardDeal on Deal {\n    id\n    name\n    position\n    status\n    lostReason\n    customFields\n    expectedCloseDate\n    createdAt\n    lastActivityAt\n    amount {\n      ...MoneyAmount\n    }\n    stage {\n      id\n      name\n      kind\n    }\n    company {\n      id\n      name\n    }\n    owner {\n      ...MemberName\n    }\n  }\n": typeof types.BoardDealFragmentDoc,
    "\n  fragment BoardDealPage on DealConnection {\n    pageInfo {\n      ...PageEnd\n    }\n    edges {\n      node {\n        ...BoardDeal\n      }\n    }\n  }\n": typeof types.BoardDealPageFragmentDoc,
    "\n  fragment BoardStage on Stage {\n    id\n    name\n    kind\n    position\n    probability\n    dealCount\n    totalAmount {\n      ...MoneyAmount\n    }\n  }\n": typeof types.BoardStageFragmentDoc,
    "\n  query DealsBoard($pipelineId: UUID!, $first: Int!) {\n    pipeline(id: $pipelineId) {\n      id\n      name\n      stages {\n        ...BoardStage\n        deals(first: $first) {\n          ...BoardDealPage\n        }\n      }\n    }\n  }\n": typeof types.DealsBoardDocument,
    "\n  query StageDealsPage($stageId: UUID!, $first: Int!, $after: String) {\n    stage(id: $stageId) {\n      id\n      deals(first: $first, after: $after) {\n        ...BoardDealPage\n      }\n    }\n  }\n": typeof types.StageDealsPageDocument,
    "\n  fragment BoardStageFigures on Stage {\n    id\n    dealCount\n    totalAmount {\n      ...MoneyAmount\n    }\n  }\n": typeof types.BoardStageFiguresFragmentDoc,
    "\n  fragment BoardStageCards on Stage {\n    id\n    deals(first: $first, after: $after) {\n      pageInfo {\n        ...PageEnd\n      }\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n": typeof types.BoardStageCardsFragmentDoc,
    "\n  query DealsTable($first: Int!, $after: String, $filter: DealFilter, $orderBy: [DealOrder!]) {\n    deals(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      ...BoardDealPage\n    }\n  }\n": typeof types.DealsTableDocument,
    "\n  mutation MoveDeal($id: UUID!, $stageId: UUID!, $position: Float) {\n    moveDeal(id: $id, stageId: $stageId, position: $position) {\n      ...BoardDeal\n    }\n  }\n": typeof types.MoveDealDocument,
    "\n  mutation CreateDeal($input: DealInput!) {\n    createDeal(input: $input) {\n      ...BoardDeal\n    }\n  }\n": typeof types.CreateDealDocument,
    "\n  query PipelineDealCount($pipelineId: UUID!) {\n    deals(first: 0, filter: { pipelineId: { eq: $pipelineId } }) {\n      totalCount\n    }\n  }\n": typeof types.PipelineDealCountDocument,
    "\n  mutation BulkUpdateDeals($ids: [UUID!], $filter: DealFilter, $input: DealInput!) {\n    bulkUpdateDeals(ids: $ids, filter: $filter, input: $input) {\n      ...BulkOutcome\n    }\n  }\n": typeof types.BulkUpdateDealsDocument,
    "\n  mutation BulkDeleteDeals($ids: [UUID!], $filter: DealFilter) {\n    bulkDeleteDeals(ids: $ids, filter: $filter) {\n      ...BulkOutcome\n    }\n  }\n": typeof types.BulkDeleteDealsDocument,
    "\n  query LostReasons {\n    lostReasons\n  }\n": typeof types.LostReasonsDocument,
    "\n  mutation SetDealLostReason($id: UUID!, $input: DealInput!) {\n    updateDeal(id: $id, input: $input) {\n      id\n      status\n      lostReason\n    }\n  }\n": typeof types.SetDealLostReasonDocument,
    "\n  fragment Participant on EmailParticipant {\n    role\n    address\n    name\n    contact {\n      id\n      name\n    }\n  }\n": typeof types.ParticipantFragmentDoc,
    "\n  query EmailThreads($first: Int!, $after: String, $filter: EmailThreadFilter) {\n    emailThreads(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        ...PageEnd\n      }\n      edges {\n        node {\n          id\n          subject\n          messageCount\n          lastMessageAt\n          emails {\n            id\n            snippet\n            direction\n            participants {\n              ...Participant\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.EmailThreadsDocument,
    "\n  fragment EmailMessage on Email {\n    id\n    subject\n    sentAt\n    receivedAt\n    direction\n    snippet\n    text\n    html\n    messageId\n    outboundState\n    sendError\n    participants {\n      ...Participant\n    }\n    attachments {\n      id\n      filename\n      contentType\n      size\n      downloadUrl\n    }\n  }\n": typeof types.EmailMessageFragmentDoc,
    "\n  query EmailThread($id: UUID!) {\n    emailThread(id: $id) {\n      id\n      subject\n      messageCount\n      lastMessageAt\n      emails {\n        ...EmailMessage\n      }\n    }\n  }\n": typeof types.EmailThreadDocument,
    "\n  query InboundAddress {\n    inboundEmail {\n      address\n    }\n  }\n": typeof types.InboundAddressDocument,
    "\n  query SendingMailboxes {\n    mailboxes {\n      id\n      address\n      state\n      canSend\n    }\n    emailTemplates {\n      id\n      name\n    }\n  }\n": typeof types.SendingMailboxesDocument,
    "\n  query RenderEmailTemplate($id: UUID!, $targetId: UUID) {\n    renderEmailTemplate(id: $id, targetId: $targetId) {\n      subject\n      body\n    }\n  }\n": typeof types.RenderEmailTemplateDocument,
    "\n  mutation SendEmail($input: SendEmailInput!) {\n    sendEmail(input: $input) {\n      ...EmailMessage\n      thread {\n        id\n        messageCount\n      }\n    }\n  }\n": typeof types.SendEmailDocument,
    "\n  mutation RetrySendEmail($id: UUID!) {\n    retrySendEmail(id: $id) {\n      id\n      outboundState\n      sendError\n    }\n  }\n": typeof types.RetrySendEmailDocument,
    "\n  query RecordFiles($targetId: UUID!) {\n    files(targetId: $targetId) {\n      ...FileLink\n      contentType\n      size\n      createdAt\n    }\n  }\n": typeof types.RecordFilesDocument,
    "\n  mutation DeleteFile($id: UUID!) {\n    deleteFile(id: $id)\n  }\n": typeof types.DeleteFileDocument,
    "\n  mutation StartImport($fileId: UUID!, $objectType: ObjectType!, $mapping: JSON!, $upsertBy: String) {\n    startImport(fileId: $fileId, objectType: $objectType, mapping: $mapping, upsertBy: $upsertBy) {\n      id\n      state\n    }\n  }\n": typeof types.StartImportDocument,
    "\n  query ImportJob($id: UUID!) {\n    importJob(id: $id) {\n      id\n      state\n      totalRows\n      processedRows\n      createdCount\n      updatedCount\n      errorCount\n      error\n      errorsFile {\n        ...FileLink\n      }\n    }\n  }\n": typeof types.ImportJobDocument,
    "\n  mutation UndoImport($id: UUID!) {\n    undoImport(id: $id) {\n      id\n      state\n    }\n  }\n": typeof types.UndoImportDocument,
    "\n  mutation StartExport($objectType: ObjectType!, $filter: JSON, $ids: [UUID!]) {\n    startExport(objectType: $objectType, filter: $filter, ids: $ids) {\n      id\n      state\n    }\n  }\n": typeof types.StartExportDocument,
    "\n  query ExportJob($id: UUID!) {\n    exportJob(id: $id) {\n      id\n      state\n      rowCount\n      file {\n        ...FileLink\n      }\n    }\n  }\n": typeof types.ExportJobDocument,
    "\n  subscription DealMoved($pipelineId: UUID!, $after: String) {\n    dealMoved(pipelineId: $pipelineId, after: $after) {\n      eventId\n      position\n      toStage {\n        id\n      }\n      deal {\n        ...BoardDeal\n      }\n    }\n  }\n": typeof types.DealMovedDocument,
    "\n  subscription DealChanged($after: String) {\n    recordChanged(objectType: DEAL, after: $after) {\n      eventId\n      kind\n      id\n      objectType\n      record {\n        ... on Deal {\n          ...BoardDeal\n        }\n      }\n    }\n  }\n": typeof types.DealChangedDocument,
    "\n  subscription RecordsChanged($objectType: ObjectType!, $after: String) {\n    recordChanged(objectType: $objectType, after: $after) {\n      eventId\n      kind\n      id\n      objectType\n      actor {\n        id\n        user {\n          id\n        }\n      }\n    }\n  }\n": typeof types.RecordsChangedDocument,
    "\n  subscription RecordChanged($id: UUID!, $after: String) {\n    recordChanged(id: $id, after: $after) {\n      eventId\n      kind\n      id\n      objectType\n      changedFields\n      actor {\n        ...MemberName\n      }\n      record {\n        ... on Contact {\n          ...ContactDetail\n        }\n        ... on Company {\n          ...CompanyDetail\n        }\n        ... on Deal {\n          ...DealDetail\n        }\n      }\n    }\n  }\n": typeof types.RecordChangedDocument,
    "\n  subscription TimelineChanged($targetId: UUID!, $after: String) {\n    timelineChanged(targetId: $targetId, after: $after) {\n      eventId\n      kind\n      id\n    }\n  }\n": typeof types.TimelineChangedDocument,
    "\n  fragment MemberRow on Member {\n    id\n    role\n    joinedAt\n    user {\n      id\n      name\n      email\n    }\n  }\n": typeof types.MemberRowFragmentDoc,
    "\n  query Members {\n    members {\n      ...MemberRow\n    }\n  }\n": typeof types.MembersDocument,
    "\n  fragment InvitationRow on Invitation {\n    id\n    email\n    role\n    expiresAt\n    mailed\n    invitedBy {\n      ...MemberName\n    }\n  }\n": typeof types.InvitationRowFragmentDoc,
    "\n  query Invitations {\n    invitations {\n      ...InvitationRow\n    }\n  }\n": typeof types.InvitationsDocument,
    "\n  mutation InviteMember($email: String!, $role: Role!) {\n    inviteMember(email: $email, role: $role) {\n      ...InvitationRow\n      link\n    }\n  }\n": typeof types.InviteMemberDocument,
    "\n  mutation RevokeInvitation($id: UUID!) {\n    revokeInvitation(id: $id)\n  }\n": typeof types.RevokeInvitationDocument,
    "\n  mutation UpdateMemberRole($memberId: UUID!, $role: Role!) {\n    updateMemberRole(memberId: $memberId, role: $role) {\n      id\n      role\n    }\n  }\n": typeof types.UpdateMemberRoleDocument,
    "\n  mutation RemoveMember($memberId: UUID!) {\n    removeMember(memberId: $memberId)\n  }\n": typeof types.RemoveMemberDocument,
    "\n  fragment NotificationItem on Notification {\n    id\n    kind\n    title\n    targetType\n    targetId\n    createdAt\n    readAt\n  }\n": typeof types.NotificationItemFragmentDoc,
    "\n  query Notifications($first: Int!) {\n    notifications(first: $first) {\n      unreadCount\n      edges {\n        node {\n          ...NotificationItem\n        }\n      }\n    }\n  }\n": typeof types.NotificationsDocument,
    "\n  mutation MarkNotificationsRead($ids: [UUID!]!) {\n    markNotificationsRead(ids: $ids) {\n      unreadCount\n      notifications {\n        ...NotificationItem\n      }\n    }\n  }\n": typeof types.MarkNotificationsReadDocument,
    "\n  subscription NotificationAdded($after: String) {\n    notificationAdded(after: $after) {\n      ...NotificationItem\n    }\n  }\n": typeof types.NotificationAddedDocument,
    "\n  query PipelineOptions {\n    pipelines {\n      id\n      name\n      isDefault\n      stages {\n        id\n        name\n        kind\n        position\n      }\n    }\n  }\n": typeof types.PipelineOptionsDocument,
    "\n  fragment LinkedDeal on Deal {\n    id\n    name\n    status\n    expectedCloseDate\n    amount {\n      ...MoneyAmount\n    }\n    stage {\n      id\n      name\n    }\n  }\n": typeof types.LinkedDealFragmentDoc,
    "\n  fragment LinkedDeals on DealConnection {\n    totalCount\n    edges {\n      node {\n        ...LinkedDeal\n      }\n    }\n  }\n": typeof types.LinkedDealsFragmentDoc,
    "\n  fragment LinkedContact on Contact {\n    id\n    name\n    emails\n    jobTitle\n  }\n": typeof types.LinkedContactFragmentDoc,
    "\n  fragment ContactDetail on Contact {\n    id\n    firstName\n    lastName\n    name\n    emails\n    phones\n    jobTitle\n    customFields\n    createdAt\n    updatedAt\n    dealCount\n    company {\n      ...CompanyChoice\n    }\n    owner {\n      ...MemberName\n    }\n  }\n": typeof types.ContactDetailFragmentDoc,
    "\n  query ContactRecord($id: UUID!) {\n    contact(id: $id) {\n      ...ContactDetail\n      deals(first: 50) {\n        ...LinkedDeals\n      }\n    }\n  }\n": typeof types.ContactRecordDocument,
    "\n  mutation UpdateContactDetail($id: UUID!, $input: ContactInput!) {\n    updateContact(id: $id, input: $input) {\n      ...ContactDetail\n    }\n  }\n": typeof types.UpdateContactDetailDocument,
    "\n  fragment CompanyDetail on Company {\n    id\n    name\n    domain\n    industry\n    employees\n    customFields\n    createdAt\n    updatedAt\n    contactCount\n    dealCount\n    owner {\n      ...MemberName\n    }\n  }\n": typeof types.CompanyDetailFragmentDoc,
    "\n  query CompanyRecord($id: UUID!) {\n    company(id: $id) {\n      ...CompanyDetail\n      contacts(first: 50) {\n        totalCount\n        edges {\n          node {\n            ...LinkedContact\n          }\n        }\n      }\n      deals(first: 50) {\n        ...LinkedDeals\n      }\n    }\n  }\n": typeof types.CompanyRecordDocument,
    "\n  mutation UpdateCompanyDetail($id: UUID!, $input: CompanyInput!) {\n    updateCompany(id: $id, input: $input) {\n      ...CompanyDetail\n    }\n  }\n": typeof types.UpdateCompanyDetailDocument,
    "\n  fragment DealDetail on Deal {\n    id\n    name\n    status\n    closedAt\n    lostReason\n    customFields\n    createdAt\n    updatedAt\n    expectedCloseDate\n    amount {\n      ...MoneyAmount\n    }\n    pipeline {\n      id\n      name\n    }\n    stage {\n      id\n      name\n      kind\n    }\n    company {\n      ...CompanyChoice\n    }\n    owner {\n      ...MemberName\n    }\n    contacts {\n      role\n      contact {\n        ...LinkedContact\n      }\n    }\n  }\n": typeof types.DealDetailFragmentDoc,
    "\n  query DealRecord($id: UUID!) {\n    deal(id: $id) {\n      ...DealDetail\n    }\n  }\n": typeof types.DealRecordDocument,
    "\n  mutation UpdateDealDetail($id: UUID!, $input: DealInput!) {\n    updateDeal(id: $id, input: $input) {\n      ...DealDetail\n    }\n  }\n": typeof types.UpdateDealDetailDocument,
    "\n  mutation SetDealContact($dealId: UUID!, $contactId: UUID!, $role: String) {\n    setDealContact(dealId: $dealId, contactId: $contactId, role: $role) {\n      ...DealDetail\n    }\n  }\n": typeof types.SetDealContactDocument,
    "\n  mutation RemoveDealContact($dealId: UUID!, $contactId: UUID!) {\n    removeDealContact(dealId: $dealId, contactId: $contactId) {\n      ...DealDetail\n    }\n  }\n": typeof types.RemoveDealContactDocument,
    "\n  mutation DeleteDealRecord($id: UUID!) {\n    deleteDeal(id: $id)\n  }\n": typeof types.DeleteDealRecordDocument,
    "\n  mutation RestoreDealRecord($id: UUID!) {\n    restoreDeal(id: $id) {\n      id\n      name\n    }\n  }\n": typeof types.RestoreDealRecordDocument,
    "\n  mutation UndoBulk($id: UUID!) {\n    undoBulk(id: $id) {\n      ...BulkOutcome\n    }\n  }\n": typeof types.UndoBulkDocument,
    "\n  fragment SavedView on SavedView {\n    id\n    name\n    shared\n    state\n    owner {\n      id\n    }\n  }\n": typeof types.SavedViewFragmentDoc,
    "\n  query SavedViews($objectType: ObjectType!) {\n    savedViews(objectType: $objectType) {\n      ...SavedView\n    }\n  }\n": typeof types.SavedViewsDocument,
    "\n  mutation SaveView($name: String!, $objectType: ObjectType!, $state: JSON!, $shared: Boolean!) {\n    saveView(name: $name, objectType: $objectType, state: $state, shared: $shared) {\n      ...SavedView\n    }\n  }\n": typeof types.SaveViewDocument,
    "\n  mutation DeleteView($id: UUID!) {\n    deleteView(id: $id)\n  }\n": typeof types.DeleteViewDocument,
    "\n  fragment SearchHit on SearchResult {\n    type\n    score\n    snippet\n    matchedBy\n    node {\n      ...SearchHitTarget\n    }\n  }\n": typeof types.SearchHitFragmentDoc,
    "\n  query SearchResults($query: String!, $types: [SearchType!], $first: Int!, $after: String) {\n    search(query: $query, types: $types, first: $first, after: $after) {\n      degraded\n      degradedReason\n      pageInfo {\n        ...PageEnd\n      }\n      edges {\n        cursor\n        node {\n          ...SearchHit\n        }\n      }\n    }\n  }\n": typeof types.SearchResultsDocument,
    "\n  query DuplicateCandidates($objectType: ObjectType!) {\n    duplicateCandidates(objectType: $objectType, first: 50) {\n      score\n      reasons\n      records {\n        __typename\n        ... on Contact {\n          ...ContactCore\n        }\n        ... on Company {\n          id\n          name\n          domain\n          industry\n          createdAt\n        }\n      }\n    }\n  }\n": typeof types.DuplicateCandidatesDocument,
    "\n  mutation MergeContacts($primaryId: UUID!, $duplicateIds: [UUID!]!) {\n    mergeContacts(primaryId: $primaryId, duplicateIds: $duplicateIds) {\n      id\n      name\n    }\n  }\n": typeof types.MergeContactsDocument,
    "\n  mutation MergeCompanies($primaryId: UUID!, $duplicateIds: [UUID!]!) {\n    mergeCompanies(primaryId: $primaryId, duplicateIds: $duplicateIds) {\n      id\n      name\n    }\n  }\n": typeof types.MergeCompaniesDocument,
    "\n  mutation UndoMerge($id: UUID!) {\n    undoMerge(id: $id) {\n      __typename\n      ... on Contact {\n        id\n        name\n      }\n      ... on Company {\n        id\n        name\n      }\n    }\n  }\n": typeof types.UndoMergeDocument,
    "\n  query ContactDuplicates($firstName: String, $lastName: String, $emails: [String!]) {\n    contactDuplicates(firstName: $firstName, lastName: $lastName, emails: $emails, first: 3) {\n      score\n      reasons\n      records {\n        __typename\n        ... on Contact {\n          id\n          name\n          emails\n        }\n      }\n    }\n  }\n": typeof types.ContactDuplicatesDocument,
    "\n  query SimilarRecords($id: UUID!, $first: Int!) {\n    similar(id: $id, first: $first) {\n      ...SearchHit\n    }\n  }\n": typeof types.SimilarRecordsDocument,
    "\n  query Security {\n    me {\n      id\n      mfaEnabled\n    }\n    mfaRecoveryCodesLeft\n  }\n": typeof types.SecurityDocument,
    "\n  mutation StartMfaEnrollment {\n    startMfaEnrollment {\n      secret\n      otpauthUri\n    }\n  }\n": typeof types.StartMfaEnrollmentDocument,
    "\n  mutation ConfirmMfaEnrollment($code: String!) {\n    confirmMfaEnrollment(code: $code)\n  }\n": typeof types.ConfirmMfaEnrollmentDocument,
    "\n  mutation DisableMfa($password: String!, $code: String!) {\n    disableMfa(password: $password, code: $code)\n  }\n": typeof types.DisableMfaDocument,
    "\n  mutation ChangePassword($current: String!, $new: String!) {\n    changePassword(current: $current, new: $new)\n  }\n": typeof types.ChangePasswordDocument,
    "\n  mutation SignOutEverywhere {\n    signOutEverywhere\n  }\n": typeof types.SignOutEverywhereDocument,
    "\n  query WorkspaceMfa {\n    workspace {\n      id\n      mfaRequired\n    }\n  }\n": typeof types.WorkspaceMfaDocument,
    "\n  mutation SetWorkspaceMfaRequired($required: Boolean!) {\n    setWorkspaceMfaRequired(required: $required) {\n      id\n      mfaRequired\n    }\n  }\n": typeof types.SetWorkspaceMfaRequiredDocument,
    "\n  fragment ApiKeyRow on ApiKey {\n    id\n    name\n    prefix\n    role\n    createdAt\n    expiresAt\n    lastUsedAt\n  }\n": typeof types.ApiKeyRowFragmentDoc,
    "\n  query ApiKeys {\n    apiKeys {\n      ...ApiKeyRow\n      createdBy {\n        ...MemberName\n      }\n    }\n  }\n": typeof types.ApiKeysDocument,
    "\n  mutation CreateApiKey($name: String!, $role: Role!, $expiresAt: DateTime) {\n    createApiKey(name: $name, role: $role, expiresAt: $expiresAt) {\n      secret\n      apiKey {\n        ...ApiKeyRow\n      }\n    }\n  }\n": typeof types.CreateApiKeyDocument,
    "\n  mutation RevokeApiKey($id: UUID!) {\n    revokeApiKey(id: $id)\n  }\n": typeof types.RevokeApiKeyDocument,
    "\n  mutation UpdateProfile($name: String!) {\n    updateProfile(name: $name) {\n      id\n      name\n      email\n    }\n  }\n": typeof types.UpdateProfileDocument,
    "\n  fragment SettingsStage on Stage {\n    id\n    name\n    kind\n    position\n    probability\n    dealCount\n  }\n": typeof types.SettingsStageFragmentDoc,
    "\n  fragment SettingsPipeline on Pipeline {\n    id\n    name\n    isDefault\n    stages {\n      ...SettingsStage\n    }\n  }\n": typeof types.SettingsPipelineFragmentDoc,
    "\n  query SettingsPipelines {\n    pipelines {\n      ...SettingsPipeline\n    }\n  }\n": typeof types.SettingsPipelinesDocument,
    "\n  mutation CreatePipeline($name: String!, $stages: [String!]!) {\n    createPipeline(name: $name, stages: $stages) {\n      ...SettingsPipeline\n    }\n  }\n": typeof types.CreatePipelineDocument,
    "\n  mutation UpdatePipeline($id: UUID!, $name: String!, $isDefault: Boolean!) {\n    updatePipeline(id: $id, name: $name, isDefault: $isDefault) {\n      id\n      name\n      isDefault\n    }\n  }\n": typeof types.UpdatePipelineDocument,
    "\n  mutation DeletePipeline($id: UUID!) {\n    deletePipeline(id: $id)\n  }\n": typeof types.DeletePipelineDocument,
    "\n  mutation AddStage($pipelineId: UUID!, $input: StageInput!) {\n    addStage(pipelineId: $pipelineId, input: $input) {\n      ...SettingsStage\n    }\n  }\n": typeof types.AddStageDocument,
    "\n  mutation UpdateStage($id: UUID!, $input: StageInput!) {\n    updateStage(id: $id, input: $input) {\n      ...SettingsStage\n    }\n  }\n": typeof types.UpdateStageDocument,
    "\n  mutation ReorderStages($pipelineId: UUID!, $stageIds: [UUID!]!) {\n    reorderStages(pipelineId: $pipelineId, stageIds: $stageIds) {\n      id\n      stages {\n        ...SettingsStage\n      }\n    }\n  }\n": typeof types.ReorderStagesDocument,
    "\n  mutation DeleteStage($id: UUID!) {\n    deleteStage(id: $id)\n  }\n": typeof types.DeleteStageDocument,
    "\n  fragment SettingsField on FieldDefinition {\n    id\n    objectType\n    key\n    label\n    type\n    options\n    required\n  }\n": typeof types.SettingsFieldFragmentDoc,
    "\n  query SettingsFields($objectType: ObjectType) {\n    fieldDefinitions(objectType: $objectType) {\n      ...SettingsField\n    }\n  }\n": typeof types.SettingsFieldsDocument,
    "\n  mutation CreateField($input: FieldDefinitionInput!) {\n    createFieldDefinition(input: $input) {\n      ...SettingsField\n    }\n  }\n": typeof types.CreateFieldDocument,
    "\n  mutation UpdateField($id: UUID!, $input: FieldDefinitionUpdateInput!) {\n    updateFieldDefinition(id: $id, input: $input) {\n      ...SettingsField\n    }\n  }\n": typeof types.UpdateFieldDocument,
    "\n  mutation DeleteField($id: UUID!) {\n    deleteFieldDefinition(id: $id)\n  }\n": typeof types.DeleteFieldDocument,
    "\n  fragment SettingsInbound on InboundEmail {\n    address\n    token\n  }\n": typeof types.SettingsInboundFragmentDoc,
    "\n  query SettingsInboundEmail {\n    inboundEmail {\n      ...SettingsInbound\n    }\n  }\n": typeof types.SettingsInboundEmailDocument,
    "\n  mutation RotateInboundToken {\n    rotateInboundToken {\n      ...SettingsInbound\n    }\n  }\n": typeof types.RotateInboundTokenDocument,
    "\n  query SettingsAutoCreate {\n    contactAutoCreate\n  }\n": typeof types.SettingsAutoCreateDocument,
    "\n  mutation SetAutoCreate($policy: AutoCreatePolicy!) {\n    setContactAutoCreate(policy: $policy)\n  }\n": typeof types.SetAutoCreateDocument,
    "\n  fragment SettingsMailbox on Mailbox {\n    id\n    address\n    state\n    lastSyncAt\n    messageCount\n    lastError\n    host\n    port\n    tls\n    username\n    folders\n  }\n": typeof types.SettingsMailboxFragmentDoc,
    "\n  query SettingsMailboxes {\n    mailboxes {\n      ...SettingsMailbox\n    }\n  }\n": typeof types.SettingsMailboxesDocument,
    "\n  mutation ConnectMailbox($input: MailboxInput!) {\n    connectMailbox(input: $input) {\n      ...SettingsMailbox\n    }\n  }\n": typeof types.ConnectMailboxDocument,
    "\n  mutation DisconnectMailbox($id: UUID!) {\n    disconnectMailbox(id: $id)\n  }\n": typeof types.DisconnectMailboxDocument,
    "\n  query SettingsQuarantine($first: Int!) {\n    quarantinedEmails(first: $first) {\n      id\n      receivedAt\n      reason\n      size\n      source\n    }\n  }\n": typeof types.SettingsQuarantineDocument,
    "\n  query SettingsLostReasons {\n    lostReasons\n  }\n": typeof types.SettingsLostReasonsDocument,
    "\n  mutation SetLostReasons($reasons: [String!]!) {\n    setLostReasons(reasons: $reasons)\n  }\n": typeof types.SetLostReasonsDocument,
    "\n  fragment SettingsEmailTemplate on EmailTemplate {\n    id\n    name\n    subject\n    body\n    shared\n    createdBy {\n      id\n      user {\n        id\n        name\n        email\n      }\n    }\n  }\n": typeof types.SettingsEmailTemplateFragmentDoc,
    "\n  query SettingsEmailTemplates {\n    emailTemplates {\n      ...SettingsEmailTemplate\n    }\n    fieldDefinitions {\n      id\n      objectType\n      key\n      label\n    }\n  }\n": typeof types.SettingsEmailTemplatesDocument,
    "\n  mutation CreateEmailTemplate($name: String!, $subject: String!, $body: String!, $shared: Boolean!) {\n    createEmailTemplate(name: $name, subject: $subject, body: $body, shared: $shared) {\n      ...SettingsEmailTemplate\n    }\n  }\n": typeof types.CreateEmailTemplateDocument,
    "\n  mutation UpdateEmailTemplate($id: UUID!, $name: String!, $subject: String!, $body: String!, $shared: Boolean!) {\n    updateEmailTemplate(id: $id, name: $name, subject: $subject, body: $body, shared: $shared) {\n      ...SettingsEmailTemplate\n    }\n  }\n": typeof types.UpdateEmailTemplateDocument,
    "\n  mutation DeleteEmailTemplate($id: UUID!) {\n    deleteEmailTemplate(id: $id)\n  }\n": typeof types.DeleteEmailTemplateDocument,
    "\n  fragment SettingsWebhookEndpoint on WebhookEndpoint {\n    id\n    url\n    events\n    enabled\n    description\n    createdAt\n    failingSince\n    disabledReason\n    previousSecretExpiresAt\n  }\n": typeof types.SettingsWebhookEndpointFragmentDoc,
    "\n  fragment SettingsWebhookDelivery on WebhookDelivery {\n    id\n    eventType\n    state\n    attempts\n    lastStatus\n    lastError\n    lastResponse\n    lastDurationMs\n    lastAttemptAt\n    nextAttemptAt\n    createdAt\n  }\n": typeof types.SettingsWebhookDeliveryFragmentDoc,
    "\n  query WebhookEndpoints {\n    webhookEndpoints {\n      ...SettingsWebhookEndpoint\n    }\n  }\n": typeof types.WebhookEndpointsDocument,
    "\n  query WebhookDeliveries($endpointId: UUID!, $first: Int!) {\n    webhookDeliveries(endpointId: $endpointId, first: $first) {\n      edges {\n        node {\n          ...SettingsWebhookDelivery\n        }\n      }\n    }\n  }\n": typeof types.WebhookDeliveriesDocument,
    "\n  mutation CreateWebhookEndpoint($url: String!, $events: [String!]!, $description: String) {\n    createWebhookEndpoint(url: $url, events: $events, description: $description) {\n      secret\n      endpoint {\n        ...SettingsWebhookEndpoint\n      }\n    }\n  }\n": typeof types.CreateWebhookEndpointDocument,
    "\n  mutation UpdateWebhookEndpoint($id: UUID!, $enabled: Boolean) {\n    updateWebhookEndpoint(id: $id, enabled: $enabled) {\n      ...SettingsWebhookEndpoint\n    }\n  }\n": typeof types.UpdateWebhookEndpointDocument,
    "\n  mutation RotateWebhookSecret($id: UUID!) {\n    rotateWebhookSecret(id: $id) {\n      secret\n      endpoint {\n        ...SettingsWebhookEndpoint\n      }\n    }\n  }\n": typeof types.RotateWebhookSecretDocument,
    "\n  mutation DeleteWebhookEndpoint($id: UUID!) {\n    deleteWebhookEndpoint(id: $id)\n  }\n": typeof types.DeleteWebhookEndpointDocument,
    "\n  mutation SendTestWebhook($endpointId: UUID!) {\n    sendTestWebhook(endpointId: $endpointId) {\n      ...SettingsWebhookDelivery\n    }\n  }\n": typeof types.SendTestWebhookDocument,
    "\n  mutation RetryWebhookDelivery($id: UUID!) {\n    retryWebhookDelivery(id: $id) {\n      ...SettingsWebhookDelivery\n    }\n  }\n": typeof types.RetryWebhookDeliveryDocument,
    "\n  query Viewer {\n    me {\n      id\n      name\n      email\n    }\n    workspace {\n      id\n      name\n    }\n    workspaces {\n      id\n      name\n    }\n    members {\n      id\n      role\n      user {\n        id\n      }\n    }\n  }\n": typeof types.ViewerDocument,
    "\n  query SystemStatus {\n    systemStatus {\n      emergency\n      readOnly\n      message\n    }\n  }\n": typeof types.SystemStatusDocument,
    "\n  query TaskList($first: Int!, $after: String, $filter: TaskFilter) {\n    tasks(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        ...PageEnd\n      }\n      edges {\n        node {\n          id\n          body\n          dueAt\n          done\n          doneAt\n          subjectType\n          subjectId\n          subjectName\n          assignee {\n            ...MemberName\n          }\n        }\n      }\n    }\n  }\n": typeof types.TaskListDocument,
    "\n  mutation RescheduleTask($id: UUID!, $dueAt: DateTime, $assigneeId: UUID) {\n    updateTask(id: $id, dueAt: $dueAt, assigneeId: $assigneeId) {\n      id\n      dueAt\n      assignee {\n        ...MemberName\n      }\n    }\n  }\n": typeof types.RescheduleTaskDocument,
    "\n  query Agenda {\n    agenda(first: 10) {\n      id\n      title\n      occurredAt\n      endsAt\n      subjectType\n      subjectId\n      subjectName\n    }\n  }\n": typeof types.AgendaDocument,
    "\n  fragment TimelineEntry on Activity {\n    id\n    kind\n    occurredAt\n    summary\n    changes\n    body\n    subjectType\n    subjectId\n    subjectName\n    dueAt\n    done\n    doneAt\n    callOutcome\n    durationSeconds\n    title\n    endsAt\n    editedAt\n    canEdit\n    attendeeContacts {\n      id\n      name\n    }\n    attendeeMembers {\n      ...MemberName\n    }\n    actor {\n      ...MemberName\n    }\n    assignee {\n      ...MemberName\n    }\n    email {\n      id\n      subject\n      snippet\n      direction\n      thread {\n        id\n      }\n    }\n  }\n": typeof types.TimelineEntryFragmentDoc,
    "\n  fragment TimelinePage on ActivityConnection {\n    totalCount\n    pageInfo {\n      ...PageEnd\n    }\n    edges {\n      node {\n        ...TimelineEntry\n      }\n    }\n  }\n": typeof types.TimelinePageFragmentDoc,
    "\n  query ContactTimeline($id: UUID!, $first: Int!, $after: String) {\n    contact(id: $id) {\n      id\n      timeline(first: $first, after: $after) {\n        ...TimelinePage\n      }\n    }\n  }\n": typeof types.ContactTimelineDocument,
    "\n  query CompanyTimeline($id: UUID!, $first: Int!, $after: String) {\n    company(id: $id) {\n      id\n      timeline(first: $first, after: $after) {\n        ...TimelinePage\n      }\n    }\n  }\n": typeof types.CompanyTimelineDocument,
    "\n  query DealTimeline($id: UUID!, $first: Int!, $after: String) {\n    deal(id: $id) {\n      id\n      timeline(first: $first, after: $after) {\n        ...TimelinePage\n      }\n    }\n  }\n": typeof types.DealTimelineDocument,
    "\n  mutation AddNote($targetId: UUID!, $body: String!) {\n    addNote(targetId: $targetId, body: $body) {\n      ...TimelineEntry\n    }\n  }\n": typeof types.AddNoteDocument,
    "\n  mutation AddTask($targetId: UUID!, $body: String!, $dueAt: DateTime, $assigneeId: UUID) {\n    addTask(targetId: $targetId, body: $body, dueAt: $dueAt, assigneeId: $assigneeId) {\n      ...TimelineEntry\n    }\n  }\n": typeof types.AddTaskDocument,
    "\n  mutation CompleteTask($id: UUID!) {\n    completeTask(id: $id) {\n      ...TimelineEntry\n    }\n  }\n": typeof types.CompleteTaskDocument,
    "\n  mutation ReopenTask($id: UUID!) {\n    updateTask(id: $id, done: false) {\n      ...TimelineEntry\n    }\n  }\n": typeof types.ReopenTaskDocument,
    "\n  mutation LogCall($input: LogCallInput!) {\n    logCall(input: $input) {\n      ...TimelineEntry\n    }\n  }\n": typeof types.LogCallDocument,
    "\n  mutation LogMeeting($input: LogMeetingInput!) {\n    logMeeting(input: $input) {\n      ...TimelineEntry\n    }\n  }\n": typeof types.LogMeetingDocument,
    "\n  mutation UpdateNote($id: UUID!, $body: String!) {\n    updateNote(id: $id, body: $body) {\n      ...TimelineEntry\n    }\n  }\n": typeof types.UpdateNoteDocument,
    "\n  mutation DeleteNote($id: UUID!) {\n    deleteNote(id: $id)\n  }\n": typeof types.DeleteNoteDocument,
    "\n  mutation UpdateCall($id: UUID!, $input: UpdateCallInput!) {\n    updateCall(id: $id, input: $input) {\n      ...TimelineEntry\n    }\n  }\n": typeof types.UpdateCallDocument,
    "\n  mutation DeleteCall($id: UUID!) {\n    deleteCall(id: $id)\n  }\n": typeof types.DeleteCallDocument,
    "\n  mutation UpdateMeeting($id: UUID!, $input: UpdateMeetingInput!) {\n    updateMeeting(id: $id, input: $input) {\n      ...TimelineEntry\n    }\n  }\n": typeof types.UpdateMeetingDocument,
    "\n  mutation DeleteMeeting($id: UUID!) {\n    deleteMeeting(id: $id)\n  }\n": typeof types.DeleteMeetingDocument,
    "\n  query AttendeeContacts($name: String) {\n    contacts(first: 20, filter: { name: { contains: $name } }) {\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n": typeof types.AttendeeContactsDocument,
    "\n  query TimelineCompanyName($id: UUID!) {\n    company(id: $id) {\n      id\n      name\n    }\n  }\n": typeof types.TimelineCompanyNameDocument,
    "\n  fragment MemberName on Member {\n    id\n    user {\n      id\n      name\n    }\n  }\n": typeof types.MemberNameFragmentDoc,
    "\n  fragment PageEnd on PageInfo {\n    hasNextPage\n    endCursor\n  }\n": typeof types.PageEndFragmentDoc,
    "\n  fragment SearchHitTarget on SearchHit {\n    __typename\n    ... on Contact {\n      id\n      name\n    }\n    ... on Company {\n      id\n      name\n    }\n    ... on Deal {\n      id\n      name\n    }\n    ... on EmailThread {\n      id\n      subject\n    }\n    ... on Activity {\n      id\n      subjectType\n      subjectId\n      subjectName\n    }\n  }\n": typeof types.SearchHitTargetFragmentDoc,
    "\n  fragment MoneyAmount on Money {\n    amountMicros\n    currency\n  }\n": typeof types.MoneyAmountFragmentDoc,
    "\n  fragment FileLink on File {\n    id\n    filename\n    downloadUrl\n  }\n": typeof types.FileLinkFragmentDoc,
    "\n  fragment BulkOutcome on BulkResult {\n    id\n    matched\n    updated\n    errors {\n      id\n      code\n      message\n    }\n  }\n": typeof types.BulkOutcomeFragmentDoc,
};
const documents: Documents = {
    "\n  query AuditEvents($first: Int!, $after: String) {\n    auditEvents(first: $first, after: $after) {\n      edges {\n        node {\n          id\n          action\n          ip\n          userAgent\n          occurredAt\n          details\n          actor {\n            id\n            user {\n              id\n              name\n              email\n            }\n          }\n        }\n      }\n      pageInfo {\n        ...PageEnd\n      }\n    }\n  }\n": types.AuditEventsDocument,
    "\n  fragment SessionFields on AuthPayload {\n    accessToken\n    refreshToken\n    expiresAt\n    mfaRequired\n    mfaToken\n    mfaEnrollmentRequired\n    workspace {\n      id\n    }\n  }\n": types.SessionFieldsFragmentDoc,
    "\n  mutation SignIn($input: SignInInput!) {\n    signIn(input: $input) {\n      ...SessionFields\n    }\n  }\n": types.SignInDocument,
    "\n  mutation VerifyMfa($mfaToken: String!, $code: String!) {\n    verifyMfa(mfaToken: $mfaToken, code: $code) {\n      ...SessionFields\n    }\n  }\n": types.VerifyMfaDocument,
    "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      ...SessionFields\n    }\n  }\n": types.SignUpDocument,
    "\n  mutation Refresh($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) {\n      ...SessionFields\n    }\n  }\n": types.RefreshDocument,
    "\n  mutation SignOut($refreshToken: String!) {\n    signOut(refreshToken: $refreshToken)\n  }\n": types.SignOutDocument,
    "\n  mutation SwitchWorkspace($workspaceId: UUID!) {\n    switchWorkspace(workspaceId: $workspaceId) {\n      ...SessionFields\n    }\n  }\n": types.SwitchWorkspaceDocument,
    "\n  mutation CreateWorkspace($name: String!) {\n    createWorkspace(name: $name) {\n      ...SessionFields\n    }\n  }\n": types.CreateWorkspaceDocument,
    "\n  mutation AcceptInvitation($token: String!, $name: String, $password: String) {\n    acceptInvitation(token: $token, name: $name, password: $password) {\n      ...SessionFields\n    }\n  }\n": types.AcceptInvitationDocument,
    "\n  mutation ResetPassword($token: String!, $password: String!) {\n    resetPassword(token: $token, password: $password) {\n      ...SessionFields\n    }\n  }\n": types.ResetPasswordDocument,
    "\n  mutation RequestPasswordReset($email: String!) {\n    requestPasswordReset(email: $email)\n  }\n": types.RequestPasswordResetDocument,
    "\n  query InvitationPreview($token: String!) {\n    invitation(token: $token) {\n      email\n      role\n      workspaceName\n      expiresAt\n    }\n  }\n": types.InvitationPreviewDocument,
    "\n  query SignedInEmail {\n    me {\n      email\n    }\n  }\n": types.SignedInEmailDocument,
    "\n  query AuthProviders {\n    authProviders {\n      id\n      label\n      startUrl\n    }\n  }\n": types.AuthProvidersDocument,
    "\n  query PaletteSearch($query: String!, $first: Int!) {\n    search(query: $query, first: $first) {\n      degraded\n      degradedReason\n      edges {\n        cursor\n        node {\n          type\n          snippet\n          node {\n            ...SearchHitTarget\n            ... on Contact {\n              emails\n            }\n            ... on Company {\n              domain\n            }\n            ... on Activity {\n              body\n            }\n          }\n        }\n      }\n    }\n  }\n": types.PaletteSearchDocument,
    "\n  fragment CompanyChoice on Company {\n    id\n    name\n    domain\n  }\n": types.CompanyChoiceFragmentDoc,
    "\n  fragment CompanyRow on Company {\n    id\n    name\n    domain\n    industry\n    employees\n    customFields\n    contactCount\n    dealCount\n    createdAt\n    lastActivityAt\n    owner {\n      ...MemberName\n    }\n  }\n": types.CompanyRowFragmentDoc,
    "\n  query CompaniesList($first: Int!, $after: String, $filter: CompanyFilter, $orderBy: [CompanyOrder!]) {\n    companies(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      pageInfo {\n        ...PageEnd\n      }\n      edges {\n        node {\n          ...CompanyRow\n        }\n      }\n    }\n  }\n": types.CompaniesListDocument,
    "\n  mutation CreateCompany($input: CompanyInput!) {\n    createCompany(input: $input) {\n      ...CompanyRow\n    }\n  }\n": types.CreateCompanyDocument,
    "\n  mutation UpdateCompany($id: UUID!, $input: CompanyInput!) {\n    updateCompany(id: $id, input: $input) {\n      ...CompanyRow\n    }\n  }\n": types.UpdateCompanyDocument,
    "\n  mutation DeleteCompany($id: UUID!) {\n    deleteCompany(id: $id)\n  }\n": types.DeleteCompanyDocument,
    "\n  mutation RestoreCompany($id: UUID!) {\n    restoreCompany(id: $id) {\n      id\n      name\n    }\n  }\n": types.RestoreCompanyDocument,
    "\n  query CompanySearch($filter: CompanyFilter, $first: Int! = 20) {\n    companies(first: $first, filter: $filter, orderBy: [{ field: NAME, direction: ASC_NULLS_LAST }]) {\n      edges {\n        node {\n          ...CompanyChoice\n        }\n      }\n    }\n  }\n": types.CompanySearchDocument,
    "\n  mutation BulkUpdateCompanies($ids: [UUID!], $filter: CompanyFilter, $input: CompanyInput!) {\n    bulkUpdateCompanies(ids: $ids, filter: $filter, input: $input) {\n      ...BulkOutcome\n    }\n  }\n": types.BulkUpdateCompaniesDocument,
    "\n  mutation BulkDeleteCompanies($ids: [UUID!], $filter: CompanyFilter) {\n    bulkDeleteCompanies(ids: $ids, filter: $filter) {\n      ...BulkOutcome\n    }\n  }\n": types.BulkDeleteCompaniesDocument,
    "\n  fragment ContactCore on Contact {\n    id\n    name\n    firstName\n    lastName\n    emails\n    phones\n    jobTitle\n    createdAt\n    company {\n      id\n      name\n    }\n  }\n": types.ContactCoreFragmentDoc,
    "\n  fragment ContactRow on Contact {\n    ...ContactCore\n    customFields\n    updatedAt\n    lastActivityAt\n    owner {\n      ...MemberName\n    }\n  }\n": types.ContactRowFragmentDoc,
    "\n  query ContactsList($first: Int!, $after: String, $filter: ContactFilter, $orderBy: [ContactOrder!]) {\n    contacts(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      pageInfo {\n        ...PageEnd\n      }\n      edges {\n        node {\n          ...ContactRow\n        }\n      }\n    }\n  }\n": types.ContactsListDocument,
    "\n  mutation CreateContact($input: ContactInput!) {\n    createContact(input: $input) {\n      ...ContactRow\n    }\n  }\n": types.CreateContactDocument,
    "\n  mutation UpdateContact($id: UUID!, $input: ContactInput!) {\n    updateContact(id: $id, input: $input) {\n      ...ContactRow\n    }\n  }\n": types.UpdateContactDocument,
    "\n  mutation DeleteContact($id: UUID!) {\n    deleteContact(id: $id)\n  }\n": types.DeleteContactDocument,
    "\n  mutation RestoreContact($id: UUID!) {\n    restoreContact(id: $id) {\n      id\n      name\n    }\n  }\n": types.RestoreContactDocument,
    "\n  query ContactSearch($filter: ContactFilter) {\n    contacts(first: 20, filter: $filter, orderBy: [{ field: NAME, direction: ASC_NULLS_LAST }]) {\n      edges {\n        node {\n          id\n          name\n          emails\n        }\n      }\n    }\n  }\n": types.ContactSearchDocument,
    "\n  mutation BulkUpdateContacts($ids: [UUID!], $filter: ContactFilter, $input: ContactInput!) {\n    bulkUpdateContacts(ids: $ids, filter: $filter, input: $input) {\n      ...BulkOutcome\n    }\n  }\n": types.BulkUpdateContactsDocument,
    "\n  mutation BulkDeleteContacts($ids: [UUID!], $filter: ContactFilter) {\n    bulkDeleteContacts(ids: $ids, filter: $filter) {\n      ...BulkOutcome\n    }\n  }\n": types.BulkDeleteContactsDocument,
    "\n  query Dashboard($pipelineId: UUID, $months: Int!) {\n    contacts(first: 0) {\n      totalCount\n    }\n    companies(first: 0) {\n      totalCount\n    }\n    deals(first: 0) {\n      totalCount\n    }\n    pipelines {\n      id\n      name\n      isDefault\n    }\n    dealStats(pipelineId: $pipelineId) {\n      pipeline {\n        id\n        name\n      }\n      byStage {\n        stage {\n          id\n          name\n          kind\n          probability\n        }\n        count\n        amount {\n          ...MoneyAmount\n        }\n        weightedAmount {\n          ...MoneyAmount\n        }\n      }\n      lostReasons {\n        reason\n        count\n      }\n      closedByMonth(months: $months) {\n        month\n        won\n        lost\n        wonAmount {\n          ...MoneyAmount\n        }\n      }\n    }\n  }\n": types.DashboardDocument,
    "\n  query MyTasks($assigneeId: UUID!, $first: Int!) {\n    tasks(first: $first, assigneeId: $assigneeId, done: false) {\n      totalCount\n      edges {\n        node {\n          id\n          body\n          dueAt\n          subjectType\n          subjectId\n          subjectName\n        }\n      }\n    }\n  }\n": types.MyTasksDocument,
    "\n  fragment BoardDeal on Deal {\n    id\n    name\n    position\n    status\n    lostReason\n    customFields\n    expectedCloseDate\n    createdAt\n    lastActivityAt\n    amount {\n      ...MoneyAmount\n    }\n    stage {\n      id\n      name\n      kind\n    }\n    company {\n      id\n      name\n    }\n    owner {\n      ...MemberName\n    }\n  }\n": types.BoardDealFragmentDoc,
    "\n  fragment BoardDealPage on DealConnection {\n    pageInfo {\n      ...PageEnd\n    }\n    edges {\n      node {\n        ...BoardDeal\n      }\n    }\n  }\n": types.BoardDealPageFragmentDoc,
    "\n  fragment BoardStage on Stage {\n    id\n    name\n    kind\n    position\n    probability\n    dealCount\n    totalAmount {\n      ...MoneyAmount\n    }\n  }\n": types.BoardStageFragmentDoc,
    "\n  query DealsBoard($pipelineId: UUID!, $first: Int!) {\n    pipeline(id: $pipelineId) {\n      id\n      name\n      stages {\n        ...BoardStage\n        deals(first: $first) {\n          ...BoardDealPage\n        }\n      }\n    }\n  }\n": types.DealsBoardDocument,
    "\n  query StageDealsPage($stageId: UUID!, $first: Int!, $after: String) {\n    stage(id: $stageId) {\n      id\n      deals(first: $first, after: $after) {\n        ...BoardDealPage\n      }\n    }\n  }\n": types.StageDealsPageDocument,
    "\n  fragment BoardStageFigures on Stage {\n    id\n    dealCount\n    totalAmount {\n      ...MoneyAmount\n    }\n  }\n": types.BoardStageFiguresFragmentDoc,
    "\n  fragment BoardStageCards on Stage {\n    id\n    deals(first: $first, after: $after) {\n      pageInfo {\n        ...PageEnd\n      }\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n": types.BoardStageCardsFragmentDoc,
    "\n  query DealsTable($first: Int!, $after: String, $filter: DealFilter, $orderBy: [DealOrder!]) {\n    deals(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      ...BoardDealPage\n    }\n  }\n": types.DealsTableDocument,
    "\n  mutation MoveDeal($id: UUID!, $stageId: UUID!, $position: Float) {\n    moveDeal(id: $id, stageId: $stageId, position: $position) {\n      ...BoardDeal\n    }\n  }\n": types.MoveDealDocument,
    "\n  mutation CreateDeal($input: DealInput!) {\n    createDeal(input: $input) {\n      ...BoardDeal\n    }\n  }\n": types.CreateDealDocument,
    "\n  query PipelineDealCount($pipelineId: UUID!) {\n    deals(first: 0, filter: { pipelineId: { eq: $pipelineId } }) {\n      totalCount\n    }\n  }\n": types.PipelineDealCountDocument,
    "\n  mutation BulkUpdateDeals($ids: [UUID!], $filter: DealFilter, $input: DealInput!) {\n    bulkUpdateDeals(ids: $ids, filter: $filter, input: $input) {\n      ...BulkOutcome\n    }\n  }\n": types.BulkUpdateDealsDocument,
    "\n  mutation BulkDeleteDeals($ids: [UUID!], $filter: DealFilter) {\n    bulkDeleteDeals(ids: $ids, filter: $filter) {\n      ...BulkOutcome\n    }\n  }\n": types.BulkDeleteDealsDocument,
    "\n  query LostReasons {\n    lostReasons\n  }\n": types.LostReasonsDocument,
    "\n  mutation SetDealLostReason($id: UUID!, $input: DealInput!) {\n    updateDeal(id: $id, input: $input) {\n      id\n      status\n      lostReason\n    }\n  }\n": types.SetDealLostReasonDocument,
    "\n  fragment Participant on EmailParticipant {\n    role\n    address\n    name\n    contact {\n      id\n      name\n    }\n  }\n": types.ParticipantFragmentDoc,
    "\n  query EmailThreads($first: Int!, $after: String, $filter: EmailThreadFilter) {\n    emailThreads(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        ...PageEnd\n      }\n      edges {\n        node {\n          id\n          subject\n          messageCount\n          lastMessageAt\n          emails {\n            id\n            snippet\n            direction\n            participants {\n              ...Participant\n            }\n          }\n        }\n      }\n    }\n  }\n": types.EmailThreadsDocument,
    "\n  fragment EmailMessage on Email {\n    id\n    subject\n    sentAt\n    receivedAt\n    direction\n    snippet\n    text\n    html\n    messageId\n    outboundState\n    sendError\n    participants {\n      ...Participant\n    }\n    attachments {\n      id\n      filename\n      contentType\n      size\n      downloadUrl\n    }\n  }\n": types.EmailMessageFragmentDoc,
    "\n  query EmailThread($id: UUID!) {\n    emailThread(id: $id) {\n      id\n      subject\n      messageCount\n      lastMessageAt\n      emails {\n        ...EmailMessage\n      }\n    }\n  }\n": types.EmailThreadDocument,
    "\n  query InboundAddress {\n    inboundEmail {\n      address\n    }\n  }\n": types.InboundAddressDocument,
    "\n  query SendingMailboxes {\n    mailboxes {\n      id\n      address\n      state\n      canSend\n    }\n    emailTemplates {\n      id\n      name\n    }\n  }\n": types.SendingMailboxesDocument,
    "\n  query RenderEmailTemplate($id: UUID!, $targetId: UUID) {\n    renderEmailTemplate(id: $id, targetId: $targetId) {\n      subject\n      body\n    }\n  }\n": types.RenderEmailTemplateDocument,
    "\n  mutation SendEmail($input: SendEmailInput!) {\n    sendEmail(input: $input) {\n      ...EmailMessage\n      thread {\n        id\n        messageCount\n      }\n    }\n  }\n": types.SendEmailDocument,
    "\n  mutation RetrySendEmail($id: UUID!) {\n    retrySendEmail(id: $id) {\n      id\n      outboundState\n      sendError\n    }\n  }\n": types.RetrySendEmailDocument,
    "\n  query RecordFiles($targetId: UUID!) {\n    files(targetId: $targetId) {\n      ...FileLink\n      contentType\n      size\n      createdAt\n    }\n  }\n": types.RecordFilesDocument,
    "\n  mutation DeleteFile($id: UUID!) {\n    deleteFile(id: $id)\n  }\n": types.DeleteFileDocument,
    "\n  mutation StartImport($fileId: UUID!, $objectType: ObjectType!, $mapping: JSON!, $upsertBy: String) {\n    startImport(fileId: $fileId, objectType: $objectType, mapping: $mapping, upsertBy: $upsertBy) {\n      id\n      state\n    }\n  }\n": types.StartImportDocument,
    "\n  query ImportJob($id: UUID!) {\n    importJob(id: $id) {\n      id\n      state\n      totalRows\n      processedRows\n      createdCount\n      updatedCount\n      errorCount\n      error\n      errorsFile {\n        ...FileLink\n      }\n    }\n  }\n": types.ImportJobDocument,
    "\n  mutation UndoImport($id: UUID!) {\n    undoImport(id: $id) {\n      id\n      state\n    }\n  }\n": types.UndoImportDocument,
    "\n  mutation StartExport($objectType: ObjectType!, $filter: JSON, $ids: [UUID!]) {\n    startExport(objectType: $objectType, filter: $filter, ids: $ids) {\n      id\n      state\n    }\n  }\n": types.StartExportDocument,
    "\n  query ExportJob($id: UUID!) {\n    exportJob(id: $id) {\n      id\n      state\n      rowCount\n      file {\n        ...FileLink\n      }\n    }\n  }\n": types.ExportJobDocument,
    "\n  subscription DealMoved($pipelineId: UUID!, $after: String) {\n    dealMoved(pipelineId: $pipelineId, after: $after) {\n      eventId\n      position\n      toStage {\n        id\n      }\n      deal {\n        ...BoardDeal\n      }\n    }\n  }\n": types.DealMovedDocument,
    "\n  subscription DealChanged($after: String) {\n    recordChanged(objectType: DEAL, after: $after) {\n      eventId\n      kind\n      id\n      objectType\n      record {\n        ... on Deal {\n          ...BoardDeal\n        }\n      }\n    }\n  }\n": types.DealChangedDocument,
    "\n  subscription RecordsChanged($objectType: ObjectType!, $after: String) {\n    recordChanged(objectType: $objectType, after: $after) {\n      eventId\n      kind\n      id\n      objectType\n      actor {\n        id\n        user {\n          id\n        }\n      }\n    }\n  }\n": types.RecordsChangedDocument,
    "\n  subscription RecordChanged($id: UUID!, $after: String) {\n    recordChanged(id: $id, after: $after) {\n      eventId\n      kind\n      id\n      objectType\n      changedFields\n      actor {\n        ...MemberName\n      }\n      record {\n        ... on Contact {\n          ...ContactDetail\n        }\n        ... on Company {\n          ...CompanyDetail\n        }\n        ... on Deal {\n          ...DealDetail\n        }\n      }\n    }\n  }\n": types.RecordChangedDocument,
    "\n  subscription TimelineChanged($targetId: UUID!, $after: String) {\n    timelineChanged(targetId: $targetId, after: $after) {\n      eventId\n      kind\n      id\n    }\n  }\n": types.TimelineChangedDocument,
    "\n  fragment MemberRow on Member {\n    id\n    role\n    joinedAt\n    user {\n      id\n      name\n      email\n    }\n  }\n": types.MemberRowFragmentDoc,
    "\n  query Members {\n    members {\n      ...MemberRow\n    }\n  }\n": types.MembersDocument,
    "\n  fragment InvitationRow on Invitation {\n    id\n    email\n    role\n    expiresAt\n    mailed\n    invitedBy {\n      ...MemberName\n    }\n  }\n": types.InvitationRowFragmentDoc,
    "\n  query Invitations {\n    invitations {\n      ...InvitationRow\n    }\n  }\n": types.InvitationsDocument,
    "\n  mutation InviteMember($email: String!, $role: Role!) {\n    inviteMember(email: $email, role: $role) {\n      ...InvitationRow\n      link\n    }\n  }\n": types.InviteMemberDocument,
    "\n  mutation RevokeInvitation($id: UUID!) {\n    revokeInvitation(id: $id)\n  }\n": types.RevokeInvitationDocument,
    "\n  mutation UpdateMemberRole($memberId: UUID!, $role: Role!) {\n    updateMemberRole(memberId: $memberId, role: $role) {\n      id\n      role\n    }\n  }\n": types.UpdateMemberRoleDocument,
    "\n  mutation RemoveMember($memberId: UUID!) {\n    removeMember(memberId: $memberId)\n  }\n": types.RemoveMemberDocument,
    "\n  fragment NotificationItem on Notification {\n    id\n    kind\n    title\n    targetType\n    targetId\n    createdAt\n    readAt\n  }\n": types.NotificationItemFragmentDoc,
    "\n  query Notifications($first: Int!) {\n    notifications(first: $first) {\n      unreadCount\n      edges {\n        node {\n          ...NotificationItem\n        }\n      }\n    }\n  }\n": types.NotificationsDocument,
    "\n  mutation MarkNotificationsRead($ids: [UUID!]!) {\n    markNotificationsRead(ids: $ids) {\n      unreadCount\n      notifications {\n        ...NotificationItem\n      }\n    }\n  }\n": types.MarkNotificationsReadDocument,
    "\n  subscription NotificationAdded($after: String) {\n    notificationAdded(after: $after) {\n      ...NotificationItem\n    }\n  }\n": types.NotificationAddedDocument,
    "\n  query PipelineOptions {\n    pipelines {\n      id\n      name\n      isDefault\n      stages {\n        id\n        name\n        kind\n        position\n      }\n    }\n  }\n": types.PipelineOptionsDocument,
    "\n  fragment LinkedDeal on Deal {\n    id\n    name\n    status\n    expectedCloseDate\n    amount {\n      ...MoneyAmount\n    }\n    stage {\n      id\n      name\n    }\n  }\n": types.LinkedDealFragmentDoc,
    "\n  fragment LinkedDeals on DealConnection {\n    totalCount\n    edges {\n      node {\n        ...LinkedDeal\n      }\n    }\n  }\n": types.LinkedDealsFragmentDoc,
    "\n  fragment LinkedContact on Contact {\n    id\n    name\n    emails\n    jobTitle\n  }\n": types.LinkedContactFragmentDoc,
    "\n  fragment ContactDetail on Contact {\n    id\n    firstName\n    lastName\n    name\n    emails\n    phones\n    jobTitle\n    customFields\n    createdAt\n    updatedAt\n    dealCount\n    company {\n      ...CompanyChoice\n    }\n    owner {\n      ...MemberName\n    }\n  }\n": types.ContactDetailFragmentDoc,
    "\n  query ContactRecord($id: UUID!) {\n    contact(id: $id) {\n      ...ContactDetail\n      deals(first: 50) {\n        ...LinkedDeals\n      }\n    }\n  }\n": types.ContactRecordDocument,
    "\n  mutation UpdateContactDetail($id: UUID!, $input: ContactInput!) {\n    updateContact(id: $id, input: $input) {\n      ...ContactDetail\n    }\n  }\n": types.UpdateContactDetailDocument,
    "\n  fragment CompanyDetail on Company {\n    id\n    name\n    domain\n    industry\n    employees\n    customFields\n    createdAt\n    updatedAt\n    contactCount\n    dealCount\n    owner {\n      ...MemberName\n    }\n  }\n": types.CompanyDetailFragmentDoc,
    "\n  query CompanyRecord($id: UUID!) {\n    company(id: $id) {\n      ...CompanyDetail\n      contacts(first: 50) {\n        totalCount\n        edges {\n          node {\n            ...LinkedContact\n          }\n        }\n      }\n      deals(first: 50) {\n        ...LinkedDeals\n      }\n    }\n  }\n": types.CompanyRecordDocument,
    "\n  mutation UpdateCompanyDetail($id: UUID!, $input: CompanyInput!) {\n    updateCompany(id: $id, input: $input) {\n      ...CompanyDetail\n    }\n  }\n": types.UpdateCompanyDetailDocument,
    "\n  fragment DealDetail on Deal {\n    id\n    name\n    status\n    closedAt\n    lostReason\n    customFields\n    createdAt\n    updatedAt\n    expectedCloseDate\n    amount {\n      ...MoneyAmount\n    }\n    pipeline {\n      id\n      name\n    }\n    stage {\n      id\n      name\n      kind\n    }\n    company {\n      ...CompanyChoice\n    }\n    owner {\n      ...MemberName\n    }\n    contacts {\n      role\n      contact {\n        ...LinkedContact\n      }\n    }\n  }\n": types.DealDetailFragmentDoc,
    "\n  query DealRecord($id: UUID!) {\n    deal(id: $id) {\n      ...DealDetail\n    }\n  }\n": types.DealRecordDocument,
    "\n  mutation UpdateDealDetail($id: UUID!, $input: DealInput!) {\n    updateDeal(id: $id, input: $input) {\n      ...DealDetail\n    }\n  }\n": types.UpdateDealDetailDocument,
    "\n  mutation SetDealContact($dealId: UUID!, $contactId: UUID!, $role: String) {\n    setDealContact(dealId: $dealId, contactId: $contactId, role: $role) {\n      ...DealDetail\n    }\n  }\n": types.SetDealContactDocument,
    "\n  mutation RemoveDealContact($dealId: UUID!, $contactId: UUID!) {\n    removeDealContact(dealId: $dealId, contactId: $contactId) {\n      ...DealDetail\n    }\n  }\n": types.RemoveDealContactDocument,
    "\n  mutation DeleteDealRecord($id: UUID!) {\n    deleteDeal(id: $id)\n  }\n": types.DeleteDealRecordDocument,
    "\n  mutation RestoreDealRecord($id: UUID!) {\n    restoreDeal(id: $id) {\n      id\n      name\n    }\n  }\n": types.RestoreDealRecordDocument,
    "\n  mutation UndoBulk($id: UUID!) {\n    undoBulk(id: $id) {\n      ...BulkOutcome\n    }\n  }\n": types.UndoBulkDocument,
    "\n  fragment SavedView on SavedView {\n    id\n    name\n    shared\n    state\n    owner {\n      id\n    }\n  }\n": types.SavedViewFragmentDoc,
    "\n  query SavedViews($objectType: ObjectType!) {\n    savedViews(objectType: $objectType) {\n      ...SavedView\n    }\n  }\n": types.SavedViewsDocument,
    "\n  mutation SaveView($name: String!, $objectType: ObjectType!, $state: JSON!, $shared: Boolean!) {\n    saveView(name: $name, objectType: $objectType, state: $state, shared: $shared) {\n      ...SavedView\n    }\n  }\n": types.SaveViewDocument,
    "\n  mutation DeleteView($id: UUID!) {\n    deleteView(id: $id)\n  }\n": types.DeleteViewDocument,
    "\n  fragment SearchHit on SearchResult {\n    type\n    score\n    snippet\n    matchedBy\n    node {\n      ...SearchHitTarget\n    }\n  }\n": types.SearchHitFragmentDoc,
    "\n  query SearchResults($query: String!, $types: [SearchType!], $first: Int!, $after: String) {\n    search(query: $query, types: $types, first: $first, after: $after) {\n      degraded\n      degradedReason\n      pageInfo {\n        ...PageEnd\n      }\n      edges {\n        cursor\n        node {\n          ...SearchHit\n        }\n      }\n    }\n  }\n": types.SearchResultsDocument,
    "\n  query DuplicateCandidates($objectType: ObjectType!) {\n    duplicateCandidates(objectType: $objectType, first: 50) {\n      score\n      reasons\n      records {\n        __typename\n        ... on Contact {\n          ...ContactCore\n        }\n        ... on Company {\n          id\n          name\n          domain\n          industry\n          createdAt\n        }\n      }\n    }\n  }\n": types.DuplicateCandidatesDocument,
    "\n  mutation MergeContacts($primaryId: UUID!, $duplicateIds: [UUID!]!) {\n    mergeContacts(primaryId: $primaryId, duplicateIds: $duplicateIds) {\n      id\n      name\n    }\n  }\n": types.MergeContactsDocument,
    "\n  mutation MergeCompanies($primaryId: UUID!, $duplicateIds: [UUID!]!) {\n    mergeCompanies(primaryId: $primaryId, duplicateIds: $duplicateIds) {\n      id\n      name\n    }\n  }\n": types.MergeCompaniesDocument,
    "\n  mutation UndoMerge($id: UUID!) {\n    undoMerge(id: $id) {\n      __typename\n      ... on Contact {\n        id\n        name\n      }\n      ... on Company {\n        id\n        name\n      }\n    }\n  }\n": types.UndoMergeDocument,
    "\n  query ContactDuplicates($firstName: String, $lastName: String, $emails: [String!]) {\n    contactDuplicates(firstName: $firstName, lastName: $lastName, emails: $emails, first: 3) {\n      score\n      reasons\n      records {\n        __typename\n        ... on Contact {\n          id\n          name\n          emails\n        }\n      }\n    }\n  }\n": types.ContactDuplicatesDocument,
    "\n  query SimilarRecords($id: UUID!, $first: Int!) {\n    similar(id: $id, first: $first) {\n      ...SearchHit\n    }\n  }\n": types.SimilarRecordsDocument,
    "\n  query Security {\n    me {\n      id\n      mfaEnabled\n    }\n    mfaRecoveryCodesLeft\n  }\n": types.SecurityDocument,
    "\n  mutation StartMfaEnrollment {\n    startMfaEnrollment {\n      secret\n      otpauthUri\n    }\n  }\n": types.StartMfaEnrollmentDocument,
    "\n  mutation ConfirmMfaEnrollment($code: String!) {\n    confirmMfaEnrollment(code: $code)\n  }\n": types.ConfirmMfaEnrollmentDocument,
    "\n  mutation DisableMfa($password: String!, $code: String!) {\n    disableMfa(password: $password, code: $code)\n  }\n": types.DisableMfaDocument,
    "\n  mutation ChangePassword($current: String!, $new: String!) {\n    changePassword(current: $current, new: $new)\n  }\n": types.ChangePasswordDocument,
    "\n  mutation SignOutEverywhere {\n    signOutEverywhere\n  }\n": types.SignOutEverywhereDocument,
    "\n  query WorkspaceMfa {\n    workspace {\n      id\n      mfaRequired\n    }\n  }\n": types.WorkspaceMfaDocument,
    "\n  mutation SetWorkspaceMfaRequired($required: Boolean!) {\n    setWorkspaceMfaRequired(required: $required) {\n      id\n      mfaRequired\n    }\n  }\n": types.SetWorkspaceMfaRequiredDocument,
    "\n  fragment ApiKeyRow on ApiKey {\n    id\n    name\n    prefix\n    role\n    createdAt\n    expiresAt\n    lastUsedAt\n  }\n": types.ApiKeyRowFragmentDoc,
    "\n  query ApiKeys {\n    apiKeys {\n      ...ApiKeyRow\n      createdBy {\n        ...MemberName\n      }\n    }\n  }\n": types.ApiKeysDocument,
    "\n  mutation CreateApiKey($name: String!, $role: Role!, $expiresAt: DateTime) {\n    createApiKey(name: $name, role: $role, expiresAt: $expiresAt) {\n      secret\n      apiKey {\n        ...ApiKeyRow\n      }\n    }\n  }\n": types.CreateApiKeyDocument,
    "\n  mutation RevokeApiKey($id: UUID!) {\n    revokeApiKey(id: $id)\n  }\n": types.RevokeApiKeyDocument,
    "\n  mutation UpdateProfile($name: String!) {\n    updateProfile(name: $name) {\n      id\n      name\n      email\n    }\n  }\n": types.UpdateProfileDocument,
    "\n  fragment SettingsStage on Stage {\n    id\n    name\n    kind\n    position\n    probability\n    dealCount\n  }\n": types.SettingsStageFragmentDoc,
    "\n  fragment SettingsPipeline on Pipeline {\n    id\n    name\n    isDefault\n    stages {\n      ...SettingsStage\n    }\n  }\n": types.SettingsPipelineFragmentDoc,
    "\n  query SettingsPipelines {\n    pipelines {\n      ...SettingsPipeline\n    }\n  }\n": types.SettingsPipelinesDocument,
    "\n  mutation CreatePipeline($name: String!, $stages: [String!]!) {\n    createPipeline(name: $name, stages: $stages) {\n      ...SettingsPipeline\n    }\n  }\n": types.CreatePipelineDocument,
    "\n  mutation UpdatePipeline($id: UUID!, $name: String!, $isDefault: Boolean!) {\n    updatePipeline(id: $id, name: $name, isDefault: $isDefault) {\n      id\n      name\n      isDefault\n    }\n  }\n": types.UpdatePipelineDocument,
    "\n  mutation DeletePipeline($id: UUID!) {\n    deletePipeline(id: $id)\n  }\n": types.DeletePipelineDocument,
    "\n  mutation AddStage($pipelineId: UUID!, $input: StageInput!) {\n    addStage(pipelineId: $pipelineId, input: $input) {\n      ...SettingsStage\n    }\n  }\n": types.AddStageDocument,
    "\n  mutation UpdateStage($id: UUID!, $input: StageInput!) {\n    updateStage(id: $id, input: $input) {\n      ...SettingsStage\n    }\n  }\n": types.UpdateStageDocument,
    "\n  mutation ReorderStages($pipelineId: UUID!, $stageIds: [UUID!]!) {\n    reorderStages(pipelineId: $pipelineId, stageIds: $stageIds) {\n      id\n      stages {\n        ...SettingsStage\n      }\n    }\n  }\n": types.ReorderStagesDocument,
    "\n  mutation DeleteStage($id: UUID!) {\n    deleteStage(id: $id)\n  }\n": types.DeleteStageDocument,
    "\n  fragment SettingsField on FieldDefinition {\n    id\n    objectType\n    key\n    label\n    type\n    options\n    required\n  }\n": types.SettingsFieldFragmentDoc,
    "\n  query SettingsFields($objectType: ObjectType) {\n    fieldDefinitions(objectType: $objectType) {\n      ...SettingsField\n    }\n  }\n": types.SettingsFieldsDocument,
    "\n  mutation CreateField($input: FieldDefinitionInput!) {\n    createFieldDefinition(input: $input) {\n      ...SettingsField\n    }\n  }\n": types.CreateFieldDocument,
    "\n  mutation UpdateField($id: UUID!, $input: FieldDefinitionUpdateInput!) {\n    updateFieldDefinition(id: $id, input: $input) {\n      ...SettingsField\n    }\n  }\n": types.UpdateFieldDocument,
    "\n  mutation DeleteField($id: UUID!) {\n    deleteFieldDefinition(id: $id)\n  }\n": types.DeleteFieldDocument,
    "\n  fragment SettingsInbound on InboundEmail {\n    address\n    token\n  }\n": types.SettingsInboundFragmentDoc,
    "\n  query SettingsInboundEmail {\n    inboundEmail {\n      ...SettingsInbound\n    }\n  }\n": types.SettingsInboundEmailDocument,
    "\n  mutation RotateInboundToken {\n    rotateInboundToken {\n      ...SettingsInbound\n    }\n  }\n": types.RotateInboundTokenDocument,
    "\n  query SettingsAutoCreate {\n    contactAutoCreate\n  }\n": types.SettingsAutoCreateDocument,
    "\n  mutation SetAutoCreate($policy: AutoCreatePolicy!) {\n    setContactAutoCreate(policy: $policy)\n  }\n": types.SetAutoCreateDocument,
    "\n  fragment SettingsMailbox on Mailbox {\n    id\n    address\n    state\n    lastSyncAt\n    messageCount\n    lastError\n    host\n    port\n    tls\n    username\n    folders\n  }\n": types.SettingsMailboxFragmentDoc,
    "\n  query SettingsMailboxes {\n    mailboxes {\n      ...SettingsMailbox\n    }\n  }\n": types.SettingsMailboxesDocument,
    "\n  mutation ConnectMailbox($input: MailboxInput!) {\n    connectMailbox(input: $input) {\n      ...SettingsMailbox\n    }\n  }\n": types.ConnectMailboxDocument,
    "\n  mutation DisconnectMailbox($id: UUID!) {\n    disconnectMailbox(id: $id)\n  }\n": types.DisconnectMailboxDocument,
    "\n  query SettingsQuarantine($first: Int!) {\n    quarantinedEmails(first: $first) {\n      id\n      receivedAt\n      reason\n      size\n      source\n    }\n  }\n": types.SettingsQuarantineDocument,
    "\n  query SettingsLostReasons {\n    lostReasons\n  }\n": types.SettingsLostReasonsDocument,
    "\n  mutation SetLostReasons($reasons: [String!]!) {\n    setLostReasons(reasons: $reasons)\n  }\n": types.SetLostReasonsDocument,
    "\n  fragment SettingsEmailTemplate on EmailTemplate {\n    id\n    name\n    subject\n    body\n    shared\n    createdBy {\n      id\n      user {\n        id\n        name\n        email\n      }\n    }\n  }\n": types.SettingsEmailTemplateFragmentDoc,
    "\n  query SettingsEmailTemplates {\n    emailTemplates {\n      ...SettingsEmailTemplate\n    }\n    fieldDefinitions {\n      id\n      objectType\n      key\n      label\n    }\n  }\n": types.SettingsEmailTemplatesDocument,
    "\n  mutation CreateEmailTemplate($name: String!, $subject: String!, $body: String!, $shared: Boolean!) {\n    createEmailTemplate(name: $name, subject: $subject, body: $body, shared: $shared) {\n      ...SettingsEmailTemplate\n    }\n  }\n": types.CreateEmailTemplateDocument,
    "\n  mutation UpdateEmailTemplate($id: UUID!, $name: String!, $subject: String!, $body: String!, $shared: Boolean!) {\n    updateEmailTemplate(id: $id, name: $name, subject: $subject, body: $body, shared: $shared) {\n      ...SettingsEmailTemplate\n    }\n  }\n": types.UpdateEmailTemplateDocument,
    "\n  mutation DeleteEmailTemplate($id: UUID!) {\n    deleteEmailTemplate(id: $id)\n  }\n": types.DeleteEmailTemplateDocument,
    "\n  fragment SettingsWebhookEndpoint on WebhookEndpoint {\n    id\n    url\n    events\n    enabled\n    description\n    createdAt\n    failingSince\n    disabledReason\n    previousSecretExpiresAt\n  }\n": types.SettingsWebhookEndpointFragmentDoc,
    "\n  fragment SettingsWebhookDelivery on WebhookDelivery {\n    id\n    eventType\n    state\n    attempts\n    lastStatus\n    lastError\n    lastResponse\n    lastDurationMs\n    lastAttemptAt\n    nextAttemptAt\n    createdAt\n  }\n": types.SettingsWebhookDeliveryFragmentDoc,
    "\n  query WebhookEndpoints {\n    webhookEndpoints {\n      ...SettingsWebhookEndpoint\n    }\n  }\n": types.WebhookEndpointsDocument,
    "\n  query WebhookDeliveries($endpointId: UUID!, $first: Int!) {\n    webhookDeliveries(endpointId: $endpointId, first: $first) {\n      edges {\n        node {\n          ...SettingsWebhookDelivery\n        }\n      }\n    }\n  }\n": types.WebhookDeliveriesDocument,
    "\n  mutation CreateWebhookEndpoint($url: String!, $events: [String!]!, $description: String) {\n    createWebhookEndpoint(url: $url, events: $events, description: $description) {\n      secret\n      endpoint {\n        ...SettingsWebhookEndpoint\n      }\n    }\n  }\n": types.CreateWebhookEndpointDocument,
    "\n  mutation UpdateWebhookEndpoint($id: UUID!, $enabled: Boolean) {\n    updateWebhookEndpoint(id: $id, enabled: $enabled) {\n      ...SettingsWebhookEndpoint\n    }\n  }\n": types.UpdateWebhookEndpointDocument,
    "\n  mutation RotateWebhookSecret($id: UUID!) {\n    rotateWebhookSecret(id: $id) {\n      secret\n      endpoint {\n        ...SettingsWebhookEndpoint\n      }\n    }\n  }\n": types.RotateWebhookSecretDocument,
    "\n  mutation DeleteWebhookEndpoint($id: UUID!) {\n    deleteWebhookEndpoint(id: $id)\n  }\n": types.DeleteWebhookEndpointDocument,
    "\n  mutation SendTestWebhook($endpointId: UUID!) {\n    sendTestWebhook(endpointId: $endpointId) {\n      ...SettingsWebhookDelivery\n    }\n  }\n": types.SendTestWebhookDocument,
    "\n  mutation RetryWebhookDelivery($id: UUID!) {\n    retryWebhookDelivery(id: $id) {\n      ...SettingsWebhookDelivery\n    }\n  }\n": types.RetryWebhookDeliveryDocument,
    "\n  query Viewer {\n    me {\n      id\n      name\n      email\n    }\n    workspace {\n      id\n      name\n    }\n    workspaces {\n      id\n      name\n    }\n    members {\n      id\n      role\n      user {\n        id\n      }\n    }\n  }\n": types.ViewerDocument,
    "\n  query SystemStatus {\n    systemStatus {\n      emergency\n      readOnly\n      message\n    }\n  }\n": types.SystemStatusDocument,
    "\n  query TaskList($first: Int!, $after: String, $filter: TaskFilter) {\n    tasks(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        ...PageEnd\n      }\n      edges {\n        node {\n          id\n          body\n          dueAt\n          done\n          doneAt\n          subjectType\n          subjectId\n          subjectName\n          assignee {\n            ...MemberName\n          }\n        }\n      }\n    }\n  }\n": types.TaskListDocument,
    "\n  mutation RescheduleTask($id: UUID!, $dueAt: DateTime, $assigneeId: UUID) {\n    updateTask(id: $id, dueAt: $dueAt, assigneeId: $assigneeId) {\n      id\n      dueAt\n      assignee {\n        ...MemberName\n      }\n    }\n  }\n": types.RescheduleTaskDocument,
    "\n  query Agenda {\n    agenda(first: 10) {\n      id\n      title\n      occurredAt\n      endsAt\n      subjectType\n      subjectId\n      subjectName\n    }\n  }\n": types.AgendaDocument,
    "\n  fragment TimelineEntry on Activity {\n    id\n    kind\n    occurredAt\n    summary\n    changes\n    body\n    subjectType\n    subjectId\n    subjectName\n    dueAt\n    done\n    doneAt\n    callOutcome\n    durationSeconds\n    title\n    endsAt\n    editedAt\n    canEdit\n    attendeeContacts {\n      id\n      name\n    }\n    attendeeMembers {\n      ...MemberName\n    }\n    actor {\n      ...MemberName\n    }\n    assignee {\n      ...MemberName\n    }\n    email {\n      id\n      subject\n      snippet\n      direction\n      thread {\n        id\n      }\n    }\n  }\n": types.TimelineEntryFragmentDoc,
    "\n  fragment TimelinePage on ActivityConnection {\n    totalCount\n    pageInfo {\n      ...PageEnd\n    }\n    edges {\n      node {\n        ...TimelineEntry\n      }\n    }\n  }\n": types.TimelinePageFragmentDoc,
    "\n  query ContactTimeline($id: UUID!, $first: Int!, $after: String) {\n    contact(id: $id) {\n      id\n      timeline(first: $first, after: $after) {\n        ...TimelinePage\n      }\n    }\n  }\n": types.ContactTimelineDocument,
    "\n  query CompanyTimeline($id: UUID!, $first: Int!, $after: String) {\n    company(id: $id) {\n      id\n      timeline(first: $first, after: $after) {\n        ...TimelinePage\n      }\n    }\n  }\n": types.CompanyTimelineDocument,
    "\n  query DealTimeline($id: UUID!, $first: Int!, $after: String) {\n    deal(id: $id) {\n      id\n      timeline(first: $first, after: $after) {\n        ...TimelinePage\n      }\n    }\n  }\n": types.DealTimelineDocument,
    "\n  mutation AddNote($targetId: UUID!, $body: String!) {\n    addNote(targetId: $targetId, body: $body) {\n      ...TimelineEntry\n    }\n  }\n": types.AddNoteDocument,
    "\n  mutation AddTask($targetId: UUID!, $body: String!, $dueAt: DateTime, $assigneeId: UUID) {\n    addTask(targetId: $targetId, body: $body, dueAt: $dueAt, assigneeId: $assigneeId) {\n      ...TimelineEntry\n    }\n  }\n": types.AddTaskDocument,
    "\n  mutation CompleteTask($id: UUID!) {\n    completeTask(id: $id) {\n      ...TimelineEntry\n    }\n  }\n": types.CompleteTaskDocument,
    "\n  mutation ReopenTask($id: UUID!) {\n    updateTask(id: $id, done: false) {\n      ...TimelineEntry\n    }\n  }\n": types.ReopenTaskDocument,
    "\n  mutation LogCall($input: LogCallInput!) {\n    logCall(input: $input) {\n      ...TimelineEntry\n    }\n  }\n": types.LogCallDocument,
    "\n  mutation LogMeeting($input: LogMeetingInput!) {\n    logMeeting(input: $input) {\n      ...TimelineEntry\n    }\n  }\n": types.LogMeetingDocument,
    "\n  mutation UpdateNote($id: UUID!, $body: String!) {\n    updateNote(id: $id, body: $body) {\n      ...TimelineEntry\n    }\n  }\n": types.UpdateNoteDocument,
    "\n  mutation DeleteNote($id: UUID!) {\n    deleteNote(id: $id)\n  }\n": types.DeleteNoteDocument,
    "\n  mutation UpdateCall($id: UUID!, $input: UpdateCallInput!) {\n    updateCall(id: $id, input: $input) {\n      ...TimelineEntry\n    }\n  }\n": types.UpdateCallDocument,
    "\n  mutation DeleteCall($id: UUID!) {\n    deleteCall(id: $id)\n  }\n": types.DeleteCallDocument,
    "\n  mutation UpdateMeeting($id: UUID!, $input: UpdateMeetingInput!) {\n    updateMeeting(id: $id, input: $input) {\n      ...TimelineEntry\n    }\n  }\n": types.UpdateMeetingDocument,
    "\n  mutation DeleteMeeting($id: UUID!) {\n    deleteMeeting(id: $id)\n  }\n": types.DeleteMeetingDocument,
    "\n  query AttendeeContacts($name: String) {\n    contacts(first: 20, filter: { name: { contains: $name } }) {\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n": types.AttendeeContactsDocument,
    "\n  query TimelineCompanyName($id: UUID!) {\n    company(id: $id) {\n      id\n      name\n    }\n  }\n": types.TimelineCompanyNameDocument,
    "\n  fragment MemberName on Member {\n    id\n    user {\n      id\n      name\n    }\n  }\n": types.MemberNameFragmentDoc,
    "\n  fragment PageEnd on PageInfo {\n    hasNextPage\n    endCursor\n  }\n": types.PageEndFragmentDoc,
    "\n  fragment SearchHitTarget on SearchHit {\n    __typename\n    ... on Contact {\n      id\n      name\n    }\n    ... on Company {\n      id\n      name\n    }\n    ... on Deal {\n      id\n      name\n    }\n    ... on EmailThread {\n      id\n      subject\n    }\n    ... on Activity {\n      id\n      subjectType\n      subjectId\n      subjectName\n    }\n  }\n": types.SearchHitTargetFragmentDoc,
    "\n  fragment MoneyAmount on Money {\n    amountMicros\n    currency\n  }\n": types.MoneyAmountFragmentDoc,
    "\n  fragment FileLink on File {\n    id\n    filename\n    downloadUrl\n  }\n": types.FileLinkFragmentDoc,
    "\n  fragment BulkOutcome on BulkResult {\n    id\n    matched\n    updated\n    errors {\n      id\n      code\n      message\n    }\n  }\n": types.BulkOutcomeFragmentDoc,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditEvents($first: Int!, $after: String) {\n    auditEvents(first: $first, after: $after) {\n      edges {\n        node {\n          id\n          action\n          ip\n          userAgent\n          occurredAt\n          details\n          actor {\n            id\n            user {\n              id\n              name\n              email\n            }\n          }\n        }\n      }\n      pageInfo {\n        ...PageEnd\n      }\n    }\n  }\n"): (typeof documents)["\n  query AuditEvents($first: Int!, $after: String) {\n    auditEvents(first: $first, after: $after) {\n      edges {\n        node {\n          id\n          action\n          ip\n          userAgent\n          occurredAt\n          details\n          actor {\n            id\n            user {\n              id\n              name\n              email\n            }\n          }\n        }\n      }\n      pageInfo {\n        ...PageEnd\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SessionFields on AuthPayload {\n    accessToken\n    refreshToken\n    expiresAt\n    mfaRequired\n    mfaToken\n    mfaEnrollmentRequired\n    workspace {\n      id\n    }\n  }\n"): (typeof documents)["\n  fragment SessionFields on AuthPayload {\n    accessToken\n    refreshToken\n    expiresAt\n    mfaRequired\n    mfaToken\n    mfaEnrollmentRequired\n    workspace {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignIn($input: SignInInput!) {\n    signIn(input: $input) {\n      ...SessionFields\n    }\n  }\n"): (typeof documents)["\n  mutation SignIn($input: SignInInput!) {\n    signIn(input: $input) {\n      ...SessionFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation VerifyMfa($mfaToken: String!, $code: String!) {\n    verifyMfa(mfaToken: $mfaToken, code: $code) {\n      ...SessionFields\n    }\n  }\n"): (typeof documents)["\n  mutation VerifyMfa($mfaToken: String!, $code: String!) {\n    verifyMfa(mfaToken: $mfaToken, code: $code) {\n      ...SessionFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      ...SessionFields\n    }\n  }\n"): (typeof documents)["\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      ...SessionFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Refresh($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) {\n      ...SessionFields\n    }\n  }\n"): (typeof documents)["\n  mutation Refresh($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) {\n      ...SessionFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignOut($refreshToken: String!) {\n    signOut(refreshToken: $refreshToken)\n  }\n"): (typeof documents)["\n  mutation SignOut($refreshToken: String!) {\n    signOut(refreshToken: $refreshToken)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SwitchWorkspace($workspaceId: UUID!) {\n    switchWorkspace(workspaceId: $workspaceId) {\n      ...SessionFields\n    }\n  }\n"): (typeof documents)["\n  mutation SwitchWorkspace($workspaceId: UUID!) {\n    switchWorkspace(workspaceId: $workspaceId) {\n      ...SessionFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateWorkspace($name: String!) {\n    createWorkspace(name: $name) {\n      ...SessionFields\n    }\n  }\n"): (typeof documents)["\n  mutation CreateWorkspace($name: String!) {\n    createWorkspace(name: $name) {\n      ...SessionFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AcceptInvitation($token: String!, $name: String, $password: String) {\n    acceptInvitation(token: $token, name: $name, password: $password) {\n      ...SessionFields\n    }\n  }\n"): (typeof documents)["\n  mutation AcceptInvitation($token: String!, $name: String, $password: String) {\n    acceptInvitation(token: $token, name: $name, password: $password) {\n      ...SessionFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResetPassword($token: String!, $password: String!) {\n    resetPassword(token: $token, password: $password) {\n      ...SessionFields\n    }\n  }\n"): (typeof documents)["\n  mutation ResetPassword($token: String!, $password: String!) {\n    resetPassword(token: $token, password: $password) {\n      ...SessionFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequestPasswordReset($email: String!) {\n    requestPasswordReset(email: $email)\n  }\n"): (typeof documents)["\n  mutation RequestPasswordReset($email: String!) {\n    requestPasswordReset(email: $email)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query InvitationPreview($token: String!) {\n    invitation(token: $token) {\n      email\n      role\n      workspaceName\n      expiresAt\n    }\n  }\n"): (typeof documents)["\n  query InvitationPreview($token: String!) {\n    invitation(token: $token) {\n      email\n      role\n      workspaceName\n      expiresAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SignedInEmail {\n    me {\n      email\n    }\n  }\n"): (typeof documents)["\n  query SignedInEmail {\n    me {\n      email\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuthProviders {\n    authProviders {\n      id\n      label\n      startUrl\n    }\n  }\n"): (typeof documents)["\n  query AuthProviders {\n    authProviders {\n      id\n      label\n      startUrl\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PaletteSearch($query: String!, $first: Int!) {\n    search(query: $query, first: $first) {\n      degraded\n      degradedReason\n      edges {\n        cursor\n        node {\n          type\n          snippet\n          node {\n            ...SearchHitTarget\n            ... on Contact {\n              emails\n            }\n            ... on Company {\n              domain\n            }\n            ... on Activity {\n              body\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query PaletteSearch($query: String!, $first: Int!) {\n    search(query: $query, first: $first) {\n      degraded\n      degradedReason\n      edges {\n        cursor\n        node {\n          type\n          snippet\n          node {\n            ...SearchHitTarget\n            ... on Contact {\n              emails\n            }\n            ... on Company {\n              domain\n            }\n            ... on Activity {\n              body\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CompanyChoice on Company {\n    id\n    name\n    domain\n  }\n"): (typeof documents)["\n  fragment CompanyChoice on Company {\n    id\n    name\n    domain\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CompanyRow on Company {\n    id\n    name\n    domain\n    industry\n    employees\n    customFields\n    contactCount\n    dealCount\n    createdAt\n    lastActivityAt\n    owner {\n      ...MemberName\n    }\n  }\n"): (typeof documents)["\n  fragment CompanyRow on Company {\n    id\n    name\n    domain\n    industry\n    employees\n    customFields\n    contactCount\n    dealCount\n    createdAt\n    lastActivityAt\n    owner {\n      ...MemberName\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CompaniesList($first: Int!, $after: String, $filter: CompanyFilter, $orderBy: [CompanyOrder!]) {\n    companies(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      pageInfo {\n        ...PageEnd\n      }\n      edges {\n        node {\n          ...CompanyRow\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query CompaniesList($first: Int!, $after: String, $filter: CompanyFilter, $orderBy: [CompanyOrder!]) {\n    companies(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      pageInfo {\n        ...PageEnd\n      }\n      edges {\n        node {\n          ...CompanyRow\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateCompany($input: CompanyInput!) {\n    createCompany(input: $input) {\n      ...CompanyRow\n    }\n  }\n"): (typeof documents)["\n  mutation CreateCompany($input: CompanyInput!) {\n    createCompany(input: $input) {\n      ...CompanyRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateCompany($id: UUID!, $input: CompanyInput!) {\n    updateCompany(id: $id, input: $input) {\n      ...CompanyRow\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateCompany($id: UUID!, $input: CompanyInput!) {\n    updateCompany(id: $id, input: $input) {\n      ...CompanyRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteCompany($id: UUID!) {\n    deleteCompany(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteCompany($id: UUID!) {\n    deleteCompany(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RestoreCompany($id: UUID!) {\n    restoreCompany(id: $id) {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  mutation RestoreCompany($id: UUID!) {\n    restoreCompany(id: $id) {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CompanySearch($filter: CompanyFilter, $first: Int! = 20) {\n    companies(first: $first, filter: $filter, orderBy: [{ field: NAME, direction: ASC_NULLS_LAST }]) {\n      edges {\n        node {\n          ...CompanyChoice\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query CompanySearch($filter: CompanyFilter, $first: Int! = 20) {\n    companies(first: $first, filter: $filter, orderBy: [{ field: NAME, direction: ASC_NULLS_LAST }]) {\n      edges {\n        node {\n          ...CompanyChoice\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BulkUpdateCompanies($ids: [UUID!], $filter: CompanyFilter, $input: CompanyInput!) {\n    bulkUpdateCompanies(ids: $ids, filter: $filter, input: $input) {\n      ...BulkOutcome\n    }\n  }\n"): (typeof documents)["\n  mutation BulkUpdateCompanies($ids: [UUID!], $filter: CompanyFilter, $input: CompanyInput!) {\n    bulkUpdateCompanies(ids: $ids, filter: $filter, input: $input) {\n      ...BulkOutcome\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BulkDeleteCompanies($ids: [UUID!], $filter: CompanyFilter) {\n    bulkDeleteCompanies(ids: $ids, filter: $filter) {\n      ...BulkOutcome\n    }\n  }\n"): (typeof documents)["\n  mutation BulkDeleteCompanies($ids: [UUID!], $filter: CompanyFilter) {\n    bulkDeleteCompanies(ids: $ids, filter: $filter) {\n      ...BulkOutcome\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ContactCore on Contact {\n    id\n    name\n    firstName\n    lastName\n    emails\n    phones\n    jobTitle\n    createdAt\n    company {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  fragment ContactCore on Contact {\n    id\n    name\n    firstName\n    lastName\n    emails\n    phones\n    jobTitle\n    createdAt\n    company {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ContactRow on Contact {\n    ...ContactCore\n    customFields\n    updatedAt\n    lastActivityAt\n    owner {\n      ...MemberName\n    }\n  }\n"): (typeof documents)["\n  fragment ContactRow on Contact {\n    ...ContactCore\n    customFields\n    updatedAt\n    lastActivityAt\n    owner {\n      ...MemberName\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ContactsList($first: Int!, $after: String, $filter: ContactFilter, $orderBy: [ContactOrder!]) {\n    contacts(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      pageInfo {\n        ...PageEnd\n      }\n      edges {\n        node {\n          ...ContactRow\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ContactsList($first: Int!, $after: String, $filter: ContactFilter, $orderBy: [ContactOrder!]) {\n    contacts(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      pageInfo {\n        ...PageEnd\n      }\n      edges {\n        node {\n          ...ContactRow\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateContact($input: ContactInput!) {\n    createContact(input: $input) {\n      ...ContactRow\n    }\n  }\n"): (typeof documents)["\n  mutation CreateContact($input: ContactInput!) {\n    createContact(input: $input) {\n      ...ContactRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateContact($id: UUID!, $input: ContactInput!) {\n    updateContact(id: $id, input: $input) {\n      ...ContactRow\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateContact($id: UUID!, $input: ContactInput!) {\n    updateContact(id: $id, input: $input) {\n      ...ContactRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteContact($id: UUID!) {\n    deleteContact(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteContact($id: UUID!) {\n    deleteContact(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RestoreContact($id: UUID!) {\n    restoreContact(id: $id) {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  mutation RestoreContact($id: UUID!) {\n    restoreContact(id: $id) {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ContactSearch($filter: ContactFilter) {\n    contacts(first: 20, filter: $filter, orderBy: [{ field: NAME, direction: ASC_NULLS_LAST }]) {\n      edges {\n        node {\n          id\n          name\n          emails\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ContactSearch($filter: ContactFilter) {\n    contacts(first: 20, filter: $filter, orderBy: [{ field: NAME, direction: ASC_NULLS_LAST }]) {\n      edges {\n        node {\n          id\n          name\n          emails\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BulkUpdateContacts($ids: [UUID!], $filter: ContactFilter, $input: ContactInput!) {\n    bulkUpdateContacts(ids: $ids, filter: $filter, input: $input) {\n      ...BulkOutcome\n    }\n  }\n"): (typeof documents)["\n  mutation BulkUpdateContacts($ids: [UUID!], $filter: ContactFilter, $input: ContactInput!) {\n    bulkUpdateContacts(ids: $ids, filter: $filter, input: $input) {\n      ...BulkOutcome\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BulkDeleteContacts($ids: [UUID!], $filter: ContactFilter) {\n    bulkDeleteContacts(ids: $ids, filter: $filter) {\n      ...BulkOutcome\n    }\n  }\n"): (typeof documents)["\n  mutation BulkDeleteContacts($ids: [UUID!], $filter: ContactFilter) {\n    bulkDeleteContacts(ids: $ids, filter: $filter) {\n      ...BulkOutcome\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Dashboard($pipelineId: UUID, $months: Int!) {\n    contacts(first: 0) {\n      totalCount\n    }\n    companies(first: 0) {\n      totalCount\n    }\n    deals(first: 0) {\n      totalCount\n    }\n    pipelines {\n      id\n      name\n      isDefault\n    }\n    dealStats(pipelineId: $pipelineId) {\n      pipeline {\n        id\n        name\n      }\n      byStage {\n        stage {\n          id\n          name\n          kind\n          probability\n        }\n        count\n        amount {\n          ...MoneyAmount\n        }\n        weightedAmount {\n          ...MoneyAmount\n        }\n      }\n      lostReasons {\n        reason\n        count\n      }\n      closedByMonth(months: $months) {\n        month\n        won\n        lost\n        wonAmount {\n          ...MoneyAmount\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Dashboard($pipelineId: UUID, $months: Int!) {\n    contacts(first: 0) {\n      totalCount\n    }\n    companies(first: 0) {\n      totalCount\n    }\n    deals(first: 0) {\n      totalCount\n    }\n    pipelines {\n      id\n      name\n      isDefault\n    }\n    dealStats(pipelineId: $pipelineId) {\n      pipeline {\n        id\n        name\n      }\n      byStage {\n        stage {\n          id\n          name\n          kind\n          probability\n        }\n        count\n        amount {\n          ...MoneyAmount\n        }\n        weightedAmount {\n          ...MoneyAmount\n        }\n      }\n      lostReasons {\n        reason\n        count\n      }\n      closedByMonth(months: $months) {\n        month\n        won\n        lost\n        wonAmount {\n          ...MoneyAmount\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyTasks($assigneeId: UUID!, $first: Int!) {\n    tasks(first: $first, assigneeId: $assigneeId, done: false) {\n      totalCount\n      edges {\n        node {\n          id\n          body\n          dueAt\n          subjectType\n          subjectId\n          subjectName\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query MyTasks($assigneeId: UUID!, $first: Int!) {\n    tasks(first: $first, assigneeId: $assigneeId, done: false) {\n      totalCount\n      edges {\n        node {\n          id\n          body\n          dueAt\n          subjectType\n          subjectId\n          subjectName\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment BoardDeal on Deal {\n    id\n    name\n    position\n    status\n    lostReason\n    customFields\n    expectedCloseDate\n    createdAt\n    lastActivityAt\n    amount {\n      ...MoneyAmount\n    }\n    stage {\n      id\n      name\n      kind\n    }\n    company {\n      id\n      name\n    }\n    owner {\n      ...MemberName\n    }\n  }\n"): (typeof documents)["\n  fragment BoardDeal on Deal {\n    id\n    name\n    position\n    status\n    lostReason\n    customFields\n    expectedCloseDate\n    createdAt\n    lastActivityAt\n    amount {\n      ...MoneyAmount\n    }\n    stage {\n      id\n      name\n      kind\n    }\n    company {\n      id\n      name\n    }\n    owner {\n      ...MemberName\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment BoardDealPage on DealConnection {\n    pageInfo {\n      ...PageEnd\n    }\n    edges {\n      node {\n        ...BoardDeal\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment BoardDealPage on DealConnection {\n    pageInfo {\n      ...PageEnd\n    }\n    edges {\n      node {\n        ...BoardDeal\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment BoardStage on Stage {\n    id\n    name\n    kind\n    position\n    probability\n    dealCount\n    totalAmount {\n      ...MoneyAmount\n    }\n  }\n"): (typeof documents)["\n  fragment BoardStage on Stage {\n    id\n    name\n    kind\n    position\n    probability\n    dealCount\n    totalAmount {\n      ...MoneyAmount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DealsBoard($pipelineId: UUID!, $first: Int!) {\n    pipeline(id: $pipelineId) {\n      id\n      name\n      stages {\n        ...BoardStage\n        deals(first: $first) {\n          ...BoardDealPage\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query DealsBoard($pipelineId: UUID!, $first: Int!) {\n    pipeline(id: $pipelineId) {\n      id\n      name\n      stages {\n        ...BoardStage\n        deals(first: $first) {\n          ...BoardDealPage\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StageDealsPage($stageId: UUID!, $first: Int!, $after: String) {\n    stage(id: $stageId) {\n      id\n      deals(first: $first, after: $after) {\n        ...BoardDealPage\n      }\n    }\n  }\n"): (typeof documents)["\n  query StageDealsPage($stageId: UUID!, $first: Int!, $after: String) {\n    stage(id: $stageId) {\n      id\n      deals(first: $first, after: $after) {\n        ...BoardDealPage\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment BoardStageFigures on Stage {\n    id\n    dealCount\n    totalAmount {\n      ...MoneyAmount\n    }\n  }\n"): (typeof documents)["\n  fragment BoardStageFigures on Stage {\n    id\n    dealCount\n    totalAmount {\n      ...MoneyAmount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment BoardStageCards on Stage {\n    id\n    deals(first: $first, after: $after) {\n      pageInfo {\n        ...PageEnd\n      }\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment BoardStageCards on Stage {\n    id\n    deals(first: $first, after: $after) {\n      pageInfo {\n        ...PageEnd\n      }\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DealsTable($first: Int!, $after: String, $filter: DealFilter, $orderBy: [DealOrder!]) {\n    deals(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      ...BoardDealPage\n    }\n  }\n"): (typeof documents)["\n  query DealsTable($first: Int!, $after: String, $filter: DealFilter, $orderBy: [DealOrder!]) {\n    deals(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      ...BoardDealPage\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MoveDeal($id: UUID!, $stageId: UUID!, $position: Float) {\n    moveDeal(id: $id, stageId: $stageId, position: $position) {\n      ...BoardDeal\n    }\n  }\n"): (typeof documents)["\n  mutation MoveDeal($id: UUID!, $stageId: UUID!, $position: Float) {\n    moveDeal(id: $id, stageId: $stageId, position: $position) {\n      ...BoardDeal\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateDeal($input: DealInput!) {\n    createDeal(input: $input) {\n      ...BoardDeal\n    }\n  }\n"): (typeof documents)["\n  mutation CreateDeal($input: DealInput!) {\n    createDeal(input: $input) {\n      ...BoardDeal\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PipelineDealCount($pipelineId: UUID!) {\n    deals(first: 0, filter: { pipelineId: { eq: $pipelineId } }) {\n      totalCount\n    }\n  }\n"): (typeof documents)["\n  query PipelineDealCount($pipelineId: UUID!) {\n    deals(first: 0, filter: { pipelineId: { eq: $pipelineId } }) {\n      totalCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BulkUpdateDeals($ids: [UUID!], $filter: DealFilter, $input: DealInput!) {\n    bulkUpdateDeals(ids: $ids, filter: $filter, input: $input) {\n      ...BulkOutcome\n    }\n  }\n"): (typeof documents)["\n  mutation BulkUpdateDeals($ids: [UUID!], $filter: DealFilter, $input: DealInput!) {\n    bulkUpdateDeals(ids: $ids, filter: $filter, input: $input) {\n      ...BulkOutcome\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BulkDeleteDeals($ids: [UUID!], $filter: DealFilter) {\n    bulkDeleteDeals(ids: $ids, filter: $filter) {\n      ...BulkOutcome\n    }\n  }\n"): (typeof documents)["\n  mutation BulkDeleteDeals($ids: [UUID!], $filter: DealFilter) {\n    bulkDeleteDeals(ids: $ids, filter: $filter) {\n      ...BulkOutcome\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LostReasons {\n    lostReasons\n  }\n"): (typeof documents)["\n  query LostReasons {\n    lostReasons\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetDealLostReason($id: UUID!, $input: DealInput!) {\n    updateDeal(id: $id, input: $input) {\n      id\n      status\n      lostReason\n    }\n  }\n"): (typeof documents)["\n  mutation SetDealLostReason($id: UUID!, $input: DealInput!) {\n    updateDeal(id: $id, input: $input) {\n      id\n      status\n      lostReason\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment Participant on EmailParticipant {\n    role\n    address\n    name\n    contact {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  fragment Participant on EmailParticipant {\n    role\n    address\n    name\n    contact {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EmailThreads($first: Int!, $after: String, $filter: EmailThreadFilter) {\n    emailThreads(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        ...PageEnd\n      }\n      edges {\n        node {\n          id\n          subject\n          messageCount\n          lastMessageAt\n          emails {\n            id\n            snippet\n            direction\n            participants {\n              ...Participant\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query EmailThreads($first: Int!, $after: String, $filter: EmailThreadFilter) {\n    emailThreads(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        ...PageEnd\n      }\n      edges {\n        node {\n          id\n          subject\n          messageCount\n          lastMessageAt\n          emails {\n            id\n            snippet\n            direction\n            participants {\n              ...Participant\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment EmailMessage on Email {\n    id\n    subject\n    sentAt\n    receivedAt\n    direction\n    snippet\n    text\n    html\n    messageId\n    outboundState\n    sendError\n    participants {\n      ...Participant\n    }\n    attachments {\n      id\n      filename\n      contentType\n      size\n      downloadUrl\n    }\n  }\n"): (typeof documents)["\n  fragment EmailMessage on Email {\n    id\n    subject\n    sentAt\n    receivedAt\n    direction\n    snippet\n    text\n    html\n    messageId\n    outboundState\n    sendError\n    participants {\n      ...Participant\n    }\n    attachments {\n      id\n      filename\n      contentType\n      size\n      downloadUrl\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EmailThread($id: UUID!) {\n    emailThread(id: $id) {\n      id\n      subject\n      messageCount\n      lastMessageAt\n      emails {\n        ...EmailMessage\n      }\n    }\n  }\n"): (typeof documents)["\n  query EmailThread($id: UUID!) {\n    emailThread(id: $id) {\n      id\n      subject\n      messageCount\n      lastMessageAt\n      emails {\n        ...EmailMessage\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query InboundAddress {\n    inboundEmail {\n      address\n    }\n  }\n"): (typeof documents)["\n  query InboundAddress {\n    inboundEmail {\n      address\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SendingMailboxes {\n    mailboxes {\n      id\n      address\n      state\n      canSend\n    }\n    emailTemplates {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  query SendingMailboxes {\n    mailboxes {\n      id\n      address\n      state\n      canSend\n    }\n    emailTemplates {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RenderEmailTemplate($id: UUID!, $targetId: UUID) {\n    renderEmailTemplate(id: $id, targetId: $targetId) {\n      subject\n      body\n    }\n  }\n"): (typeof documents)["\n  query RenderEmailTemplate($id: UUID!, $targetId: UUID) {\n    renderEmailTemplate(id: $id, targetId: $targetId) {\n      subject\n      body\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendEmail($input: SendEmailInput!) {\n    sendEmail(input: $input) {\n      ...EmailMessage\n      thread {\n        id\n        messageCount\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SendEmail($input: SendEmailInput!) {\n    sendEmail(input: $input) {\n      ...EmailMessage\n      thread {\n        id\n        messageCount\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RetrySendEmail($id: UUID!) {\n    retrySendEmail(id: $id) {\n      id\n      outboundState\n      sendError\n    }\n  }\n"): (typeof documents)["\n  mutation RetrySendEmail($id: UUID!) {\n    retrySendEmail(id: $id) {\n      id\n      outboundState\n      sendError\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RecordFiles($targetId: UUID!) {\n    files(targetId: $targetId) {\n      ...FileLink\n      contentType\n      size\n      createdAt\n    }\n  }\n"): (typeof documents)["\n  query RecordFiles($targetId: UUID!) {\n    files(targetId: $targetId) {\n      ...FileLink\n      contentType\n      size\n      createdAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteFile($id: UUID!) {\n    deleteFile(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteFile($id: UUID!) {\n    deleteFile(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartImport($fileId: UUID!, $objectType: ObjectType!, $mapping: JSON!, $upsertBy: String) {\n    startImport(fileId: $fileId, objectType: $objectType, mapping: $mapping, upsertBy: $upsertBy) {\n      id\n      state\n    }\n  }\n"): (typeof documents)["\n  mutation StartImport($fileId: UUID!, $objectType: ObjectType!, $mapping: JSON!, $upsertBy: String) {\n    startImport(fileId: $fileId, objectType: $objectType, mapping: $mapping, upsertBy: $upsertBy) {\n      id\n      state\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ImportJob($id: UUID!) {\n    importJob(id: $id) {\n      id\n      state\n      totalRows\n      processedRows\n      createdCount\n      updatedCount\n      errorCount\n      error\n      errorsFile {\n        ...FileLink\n      }\n    }\n  }\n"): (typeof documents)["\n  query ImportJob($id: UUID!) {\n    importJob(id: $id) {\n      id\n      state\n      totalRows\n      processedRows\n      createdCount\n      updatedCount\n      errorCount\n      error\n      errorsFile {\n        ...FileLink\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UndoImport($id: UUID!) {\n    undoImport(id: $id) {\n      id\n      state\n    }\n  }\n"): (typeof documents)["\n  mutation UndoImport($id: UUID!) {\n    undoImport(id: $id) {\n      id\n      state\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartExport($objectType: ObjectType!, $filter: JSON, $ids: [UUID!]) {\n    startExport(objectType: $objectType, filter: $filter, ids: $ids) {\n      id\n      state\n    }\n  }\n"): (typeof documents)["\n  mutation StartExport($objectType: ObjectType!, $filter: JSON, $ids: [UUID!]) {\n    startExport(objectType: $objectType, filter: $filter, ids: $ids) {\n      id\n      state\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExportJob($id: UUID!) {\n    exportJob(id: $id) {\n      id\n      state\n      rowCount\n      file {\n        ...FileLink\n      }\n    }\n  }\n"): (typeof documents)["\n  query ExportJob($id: UUID!) {\n    exportJob(id: $id) {\n      id\n      state\n      rowCount\n      file {\n        ...FileLink\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription DealMoved($pipelineId: UUID!, $after: String) {\n    dealMoved(pipelineId: $pipelineId, after: $after) {\n      eventId\n      position\n      toStage {\n        id\n      }\n      deal {\n        ...BoardDeal\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription DealMoved($pipelineId: UUID!, $after: String) {\n    dealMoved(pipelineId: $pipelineId, after: $after) {\n      eventId\n      position\n      toStage {\n        id\n      }\n      deal {\n        ...BoardDeal\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription DealChanged($after: String) {\n    recordChanged(objectType: DEAL, after: $after) {\n      eventId\n      kind\n      id\n      objectType\n      record {\n        ... on Deal {\n          ...BoardDeal\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription DealChanged($after: String) {\n    recordChanged(objectType: DEAL, after: $after) {\n      eventId\n      kind\n      id\n      objectType\n      record {\n        ... on Deal {\n          ...BoardDeal\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription RecordsChanged($objectType: ObjectType!, $after: String) {\n    recordChanged(objectType: $objectType, after: $after) {\n      eventId\n      kind\n      id\n      objectType\n      actor {\n        id\n        user {\n          id\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription RecordsChanged($objectType: ObjectType!, $after: String) {\n    recordChanged(objectType: $objectType, after: $after) {\n      eventId\n      kind\n      id\n      objectType\n      actor {\n        id\n        user {\n          id\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription RecordChanged($id: UUID!, $after: String) {\n    recordChanged(id: $id, after: $after) {\n      eventId\n      kind\n      id\n      objectType\n      changedFields\n      actor {\n        ...MemberName\n      }\n      record {\n        ... on Contact {\n          ...ContactDetail\n        }\n        ... on Company {\n          ...CompanyDetail\n        }\n        ... on Deal {\n          ...DealDetail\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription RecordChanged($id: UUID!, $after: String) {\n    recordChanged(id: $id, after: $after) {\n      eventId\n      kind\n      id\n      objectType\n      changedFields\n      actor {\n        ...MemberName\n      }\n      record {\n        ... on Contact {\n          ...ContactDetail\n        }\n        ... on Company {\n          ...CompanyDetail\n        }\n        ... on Deal {\n          ...DealDetail\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TimelineChanged($targetId: UUID!, $after: String) {\n    timelineChanged(targetId: $targetId, after: $after) {\n      eventId\n      kind\n      id\n    }\n  }\n"): (typeof documents)["\n  subscription TimelineChanged($targetId: UUID!, $after: String) {\n    timelineChanged(targetId: $targetId, after: $after) {\n      eventId\n      kind\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MemberRow on Member {\n    id\n    role\n    joinedAt\n    user {\n      id\n      name\n      email\n    }\n  }\n"): (typeof documents)["\n  fragment MemberRow on Member {\n    id\n    role\n    joinedAt\n    user {\n      id\n      name\n      email\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Members {\n    members {\n      ...MemberRow\n    }\n  }\n"): (typeof documents)["\n  query Members {\n    members {\n      ...MemberRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment InvitationRow on Invitation {\n    id\n    email\n    role\n    expiresAt\n    mailed\n    invitedBy {\n      ...MemberName\n    }\n  }\n"): (typeof documents)["\n  fragment InvitationRow on Invitation {\n    id\n    email\n    role\n    expiresAt\n    mailed\n    invitedBy {\n      ...MemberName\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Invitations {\n    invitations {\n      ...InvitationRow\n    }\n  }\n"): (typeof documents)["\n  query Invitations {\n    invitations {\n      ...InvitationRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation InviteMember($email: String!, $role: Role!) {\n    inviteMember(email: $email, role: $role) {\n      ...InvitationRow\n      link\n    }\n  }\n"): (typeof documents)["\n  mutation InviteMember($email: String!, $role: Role!) {\n    inviteMember(email: $email, role: $role) {\n      ...InvitationRow\n      link\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeInvitation($id: UUID!) {\n    revokeInvitation(id: $id)\n  }\n"): (typeof documents)["\n  mutation RevokeInvitation($id: UUID!) {\n    revokeInvitation(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateMemberRole($memberId: UUID!, $role: Role!) {\n    updateMemberRole(memberId: $memberId, role: $role) {\n      id\n      role\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateMemberRole($memberId: UUID!, $role: Role!) {\n    updateMemberRole(memberId: $memberId, role: $role) {\n      id\n      role\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveMember($memberId: UUID!) {\n    removeMember(memberId: $memberId)\n  }\n"): (typeof documents)["\n  mutation RemoveMember($memberId: UUID!) {\n    removeMember(memberId: $memberId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment NotificationItem on Notification {\n    id\n    kind\n    title\n    targetType\n    targetId\n    createdAt\n    readAt\n  }\n"): (typeof documents)["\n  fragment NotificationItem on Notification {\n    id\n    kind\n    title\n    targetType\n    targetId\n    createdAt\n    readAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Notifications($first: Int!) {\n    notifications(first: $first) {\n      unreadCount\n      edges {\n        node {\n          ...NotificationItem\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Notifications($first: Int!) {\n    notifications(first: $first) {\n      unreadCount\n      edges {\n        node {\n          ...NotificationItem\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkNotificationsRead($ids: [UUID!]!) {\n    markNotificationsRead(ids: $ids) {\n      unreadCount\n      notifications {\n        ...NotificationItem\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation MarkNotificationsRead($ids: [UUID!]!) {\n    markNotificationsRead(ids: $ids) {\n      unreadCount\n      notifications {\n        ...NotificationItem\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription NotificationAdded($after: String) {\n    notificationAdded(after: $after) {\n      ...NotificationItem\n    }\n  }\n"): (typeof documents)["\n  subscription NotificationAdded($after: String) {\n    notificationAdded(after: $after) {\n      ...NotificationItem\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PipelineOptions {\n    pipelines {\n      id\n      name\n      isDefault\n      stages {\n        id\n        name\n        kind\n        position\n      }\n    }\n  }\n"): (typeof documents)["\n  query PipelineOptions {\n    pipelines {\n      id\n      name\n      isDefault\n      stages {\n        id\n        name\n        kind\n        position\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment LinkedDeal on Deal {\n    id\n    name\n    status\n    expectedCloseDate\n    amount {\n      ...MoneyAmount\n    }\n    stage {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  fragment LinkedDeal on Deal {\n    id\n    name\n    status\n    expectedCloseDate\n    amount {\n      ...MoneyAmount\n    }\n    stage {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment LinkedDeals on DealConnection {\n    totalCount\n    edges {\n      node {\n        ...LinkedDeal\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment LinkedDeals on DealConnection {\n    totalCount\n    edges {\n      node {\n        ...LinkedDeal\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment LinkedContact on Contact {\n    id\n    name\n    emails\n    jobTitle\n  }\n"): (typeof documents)["\n  fragment LinkedContact on Contact {\n    id\n    name\n    emails\n    jobTitle\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ContactDetail on Contact {\n    id\n    firstName\n    lastName\n    name\n    emails\n    phones\n    jobTitle\n    customFields\n    createdAt\n    updatedAt\n    dealCount\n    company {\n      ...CompanyChoice\n    }\n    owner {\n      ...MemberName\n    }\n  }\n"): (typeof documents)["\n  fragment ContactDetail on Contact {\n    id\n    firstName\n    lastName\n    name\n    emails\n    phones\n    jobTitle\n    customFields\n    createdAt\n    updatedAt\n    dealCount\n    company {\n      ...CompanyChoice\n    }\n    owner {\n      ...MemberName\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ContactRecord($id: UUID!) {\n    contact(id: $id) {\n      ...ContactDetail\n      deals(first: 50) {\n        ...LinkedDeals\n      }\n    }\n  }\n"): (typeof documents)["\n  query ContactRecord($id: UUID!) {\n    contact(id: $id) {\n      ...ContactDetail\n      deals(first: 50) {\n        ...LinkedDeals\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateContactDetail($id: UUID!, $input: ContactInput!) {\n    updateContact(id: $id, input: $input) {\n      ...ContactDetail\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateContactDetail($id: UUID!, $input: ContactInput!) {\n    updateContact(id: $id, input: $input) {\n      ...ContactDetail\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CompanyDetail on Company {\n    id\n    name\n    domain\n    industry\n    employees\n    customFields\n    createdAt\n    updatedAt\n    contactCount\n    dealCount\n    owner {\n      ...MemberName\n    }\n  }\n"): (typeof documents)["\n  fragment CompanyDetail on Company {\n    id\n    name\n    domain\n    industry\n    employees\n    customFields\n    createdAt\n    updatedAt\n    contactCount\n    dealCount\n    owner {\n      ...MemberName\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CompanyRecord($id: UUID!) {\n    company(id: $id) {\n      ...CompanyDetail\n      contacts(first: 50) {\n        totalCount\n        edges {\n          node {\n            ...LinkedContact\n          }\n        }\n      }\n      deals(first: 50) {\n        ...LinkedDeals\n      }\n    }\n  }\n"): (typeof documents)["\n  query CompanyRecord($id: UUID!) {\n    company(id: $id) {\n      ...CompanyDetail\n      contacts(first: 50) {\n        totalCount\n        edges {\n          node {\n            ...LinkedContact\n          }\n        }\n      }\n      deals(first: 50) {\n        ...LinkedDeals\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateCompanyDetail($id: UUID!, $input: CompanyInput!) {\n    updateCompany(id: $id, input: $input) {\n      ...CompanyDetail\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateCompanyDetail($id: UUID!, $input: CompanyInput!) {\n    updateCompany(id: $id, input: $input) {\n      ...CompanyDetail\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DealDetail on Deal {\n    id\n    name\n    status\n    closedAt\n    lostReason\n    customFields\n    createdAt\n    updatedAt\n    expectedCloseDate\n    amount {\n      ...MoneyAmount\n    }\n    pipeline {\n      id\n      name\n    }\n    stage {\n      id\n      name\n      kind\n    }\n    company {\n      ...CompanyChoice\n    }\n    owner {\n      ...MemberName\n    }\n    contacts {\n      role\n      contact {\n        ...LinkedContact\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment DealDetail on Deal {\n    id\n    name\n    status\n    closedAt\n    lostReason\n    customFields\n    createdAt\n    updatedAt\n    expectedCloseDate\n    amount {\n      ...MoneyAmount\n    }\n    pipeline {\n      id\n      name\n    }\n    stage {\n      id\n      name\n      kind\n    }\n    company {\n      ...CompanyChoice\n    }\n    owner {\n      ...MemberName\n    }\n    contacts {\n      role\n      contact {\n        ...LinkedContact\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DealRecord($id: UUID!) {\n    deal(id: $id) {\n      ...DealDetail\n    }\n  }\n"): (typeof documents)["\n  query DealRecord($id: UUID!) {\n    deal(id: $id) {\n      ...DealDetail\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateDealDetail($id: UUID!, $input: DealInput!) {\n    updateDeal(id: $id, input: $input) {\n      ...DealDetail\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateDealDetail($id: UUID!, $input: DealInput!) {\n    updateDeal(id: $id, input: $input) {\n      ...DealDetail\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetDealContact($dealId: UUID!, $contactId: UUID!, $role: String) {\n    setDealContact(dealId: $dealId, contactId: $contactId, role: $role) {\n      ...DealDetail\n    }\n  }\n"): (typeof documents)["\n  mutation SetDealContact($dealId: UUID!, $contactId: UUID!, $role: String) {\n    setDealContact(dealId: $dealId, contactId: $contactId, role: $role) {\n      ...DealDetail\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveDealContact($dealId: UUID!, $contactId: UUID!) {\n    removeDealContact(dealId: $dealId, contactId: $contactId) {\n      ...DealDetail\n    }\n  }\n"): (typeof documents)["\n  mutation RemoveDealContact($dealId: UUID!, $contactId: UUID!) {\n    removeDealContact(dealId: $dealId, contactId: $contactId) {\n      ...DealDetail\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteDealRecord($id: UUID!) {\n    deleteDeal(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteDealRecord($id: UUID!) {\n    deleteDeal(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RestoreDealRecord($id: UUID!) {\n    restoreDeal(id: $id) {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  mutation RestoreDealRecord($id: UUID!) {\n    restoreDeal(id: $id) {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UndoBulk($id: UUID!) {\n    undoBulk(id: $id) {\n      ...BulkOutcome\n    }\n  }\n"): (typeof documents)["\n  mutation UndoBulk($id: UUID!) {\n    undoBulk(id: $id) {\n      ...BulkOutcome\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SavedView on SavedView {\n    id\n    name\n    shared\n    state\n    owner {\n      id\n    }\n  }\n"): (typeof documents)["\n  fragment SavedView on SavedView {\n    id\n    name\n    shared\n    state\n    owner {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SavedViews($objectType: ObjectType!) {\n    savedViews(objectType: $objectType) {\n      ...SavedView\n    }\n  }\n"): (typeof documents)["\n  query SavedViews($objectType: ObjectType!) {\n    savedViews(objectType: $objectType) {\n      ...SavedView\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SaveView($name: String!, $objectType: ObjectType!, $state: JSON!, $shared: Boolean!) {\n    saveView(name: $name, objectType: $objectType, state: $state, shared: $shared) {\n      ...SavedView\n    }\n  }\n"): (typeof documents)["\n  mutation SaveView($name: String!, $objectType: ObjectType!, $state: JSON!, $shared: Boolean!) {\n    saveView(name: $name, objectType: $objectType, state: $state, shared: $shared) {\n      ...SavedView\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteView($id: UUID!) {\n    deleteView(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteView($id: UUID!) {\n    deleteView(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SearchHit on SearchResult {\n    type\n    score\n    snippet\n    matchedBy\n    node {\n      ...SearchHitTarget\n    }\n  }\n"): (typeof documents)["\n  fragment SearchHit on SearchResult {\n    type\n    score\n    snippet\n    matchedBy\n    node {\n      ...SearchHitTarget\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SearchResults($query: String!, $types: [SearchType!], $first: Int!, $after: String) {\n    search(query: $query, types: $types, first: $first, after: $after) {\n      degraded\n      degradedReason\n      pageInfo {\n        ...PageEnd\n      }\n      edges {\n        cursor\n        node {\n          ...SearchHit\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query SearchResults($query: String!, $types: [SearchType!], $first: Int!, $after: String) {\n    search(query: $query, types: $types, first: $first, after: $after) {\n      degraded\n      degradedReason\n      pageInfo {\n        ...PageEnd\n      }\n      edges {\n        cursor\n        node {\n          ...SearchHit\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DuplicateCandidates($objectType: ObjectType!) {\n    duplicateCandidates(objectType: $objectType, first: 50) {\n      score\n      reasons\n      records {\n        __typename\n        ... on Contact {\n          ...ContactCore\n        }\n        ... on Company {\n          id\n          name\n          domain\n          industry\n          createdAt\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query DuplicateCandidates($objectType: ObjectType!) {\n    duplicateCandidates(objectType: $objectType, first: 50) {\n      score\n      reasons\n      records {\n        __typename\n        ... on Contact {\n          ...ContactCore\n        }\n        ... on Company {\n          id\n          name\n          domain\n          industry\n          createdAt\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MergeContacts($primaryId: UUID!, $duplicateIds: [UUID!]!) {\n    mergeContacts(primaryId: $primaryId, duplicateIds: $duplicateIds) {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  mutation MergeContacts($primaryId: UUID!, $duplicateIds: [UUID!]!) {\n    mergeContacts(primaryId: $primaryId, duplicateIds: $duplicateIds) {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MergeCompanies($primaryId: UUID!, $duplicateIds: [UUID!]!) {\n    mergeCompanies(primaryId: $primaryId, duplicateIds: $duplicateIds) {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  mutation MergeCompanies($primaryId: UUID!, $duplicateIds: [UUID!]!) {\n    mergeCompanies(primaryId: $primaryId, duplicateIds: $duplicateIds) {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UndoMerge($id: UUID!) {\n    undoMerge(id: $id) {\n      __typename\n      ... on Contact {\n        id\n        name\n      }\n      ... on Company {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UndoMerge($id: UUID!) {\n    undoMerge(id: $id) {\n      __typename\n      ... on Contact {\n        id\n        name\n      }\n      ... on Company {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ContactDuplicates($firstName: String, $lastName: String, $emails: [String!]) {\n    contactDuplicates(firstName: $firstName, lastName: $lastName, emails: $emails, first: 3) {\n      score\n      reasons\n      records {\n        __typename\n        ... on Contact {\n          id\n          name\n          emails\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ContactDuplicates($firstName: String, $lastName: String, $emails: [String!]) {\n    contactDuplicates(firstName: $firstName, lastName: $lastName, emails: $emails, first: 3) {\n      score\n      reasons\n      records {\n        __typename\n        ... on Contact {\n          id\n          name\n          emails\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SimilarRecords($id: UUID!, $first: Int!) {\n    similar(id: $id, first: $first) {\n      ...SearchHit\n    }\n  }\n"): (typeof documents)["\n  query SimilarRecords($id: UUID!, $first: Int!) {\n    similar(id: $id, first: $first) {\n      ...SearchHit\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Security {\n    me {\n      id\n      mfaEnabled\n    }\n    mfaRecoveryCodesLeft\n  }\n"): (typeof documents)["\n  query Security {\n    me {\n      id\n      mfaEnabled\n    }\n    mfaRecoveryCodesLeft\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartMfaEnrollment {\n    startMfaEnrollment {\n      secret\n      otpauthUri\n    }\n  }\n"): (typeof documents)["\n  mutation StartMfaEnrollment {\n    startMfaEnrollment {\n      secret\n      otpauthUri\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConfirmMfaEnrollment($code: String!) {\n    confirmMfaEnrollment(code: $code)\n  }\n"): (typeof documents)["\n  mutation ConfirmMfaEnrollment($code: String!) {\n    confirmMfaEnrollment(code: $code)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DisableMfa($password: String!, $code: String!) {\n    disableMfa(password: $password, code: $code)\n  }\n"): (typeof documents)["\n  mutation DisableMfa($password: String!, $code: String!) {\n    disableMfa(password: $password, code: $code)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangePassword($current: String!, $new: String!) {\n    changePassword(current: $current, new: $new)\n  }\n"): (typeof documents)["\n  mutation ChangePassword($current: String!, $new: String!) {\n    changePassword(current: $current, new: $new)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignOutEverywhere {\n    signOutEverywhere\n  }\n"): (typeof documents)["\n  mutation SignOutEverywhere {\n    signOutEverywhere\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WorkspaceMfa {\n    workspace {\n      id\n      mfaRequired\n    }\n  }\n"): (typeof documents)["\n  query WorkspaceMfa {\n    workspace {\n      id\n      mfaRequired\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetWorkspaceMfaRequired($required: Boolean!) {\n    setWorkspaceMfaRequired(required: $required) {\n      id\n      mfaRequired\n    }\n  }\n"): (typeof documents)["\n  mutation SetWorkspaceMfaRequired($required: Boolean!) {\n    setWorkspaceMfaRequired(required: $required) {\n      id\n      mfaRequired\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ApiKeyRow on ApiKey {\n    id\n    name\n    prefix\n    role\n    createdAt\n    expiresAt\n    lastUsedAt\n  }\n"): (typeof documents)["\n  fragment ApiKeyRow on ApiKey {\n    id\n    name\n    prefix\n    role\n    createdAt\n    expiresAt\n    lastUsedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApiKeys {\n    apiKeys {\n      ...ApiKeyRow\n      createdBy {\n        ...MemberName\n      }\n    }\n  }\n"): (typeof documents)["\n  query ApiKeys {\n    apiKeys {\n      ...ApiKeyRow\n      createdBy {\n        ...MemberName\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateApiKey($name: String!, $role: Role!, $expiresAt: DateTime) {\n    createApiKey(name: $name, role: $role, expiresAt: $expiresAt) {\n      secret\n      apiKey {\n        ...ApiKeyRow\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateApiKey($name: String!, $role: Role!, $expiresAt: DateTime) {\n    createApiKey(name: $name, role: $role, expiresAt: $expiresAt) {\n      secret\n      apiKey {\n        ...ApiKeyRow\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeApiKey($id: UUID!) {\n    revokeApiKey(id: $id)\n  }\n"): (typeof documents)["\n  mutation RevokeApiKey($id: UUID!) {\n    revokeApiKey(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateProfile($name: String!) {\n    updateProfile(name: $name) {\n      id\n      name\n      email\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateProfile($name: String!) {\n    updateProfile(name: $name) {\n      id\n      name\n      email\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SettingsStage on Stage {\n    id\n    name\n    kind\n    position\n    probability\n    dealCount\n  }\n"): (typeof documents)["\n  fragment SettingsStage on Stage {\n    id\n    name\n    kind\n    position\n    probability\n    dealCount\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SettingsPipeline on Pipeline {\n    id\n    name\n    isDefault\n    stages {\n      ...SettingsStage\n    }\n  }\n"): (typeof documents)["\n  fragment SettingsPipeline on Pipeline {\n    id\n    name\n    isDefault\n    stages {\n      ...SettingsStage\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SettingsPipelines {\n    pipelines {\n      ...SettingsPipeline\n    }\n  }\n"): (typeof documents)["\n  query SettingsPipelines {\n    pipelines {\n      ...SettingsPipeline\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreatePipeline($name: String!, $stages: [String!]!) {\n    createPipeline(name: $name, stages: $stages) {\n      ...SettingsPipeline\n    }\n  }\n"): (typeof documents)["\n  mutation CreatePipeline($name: String!, $stages: [String!]!) {\n    createPipeline(name: $name, stages: $stages) {\n      ...SettingsPipeline\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdatePipeline($id: UUID!, $name: String!, $isDefault: Boolean!) {\n    updatePipeline(id: $id, name: $name, isDefault: $isDefault) {\n      id\n      name\n      isDefault\n    }\n  }\n"): (typeof documents)["\n  mutation UpdatePipeline($id: UUID!, $name: String!, $isDefault: Boolean!) {\n    updatePipeline(id: $id, name: $name, isDefault: $isDefault) {\n      id\n      name\n      isDefault\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeletePipeline($id: UUID!) {\n    deletePipeline(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeletePipeline($id: UUID!) {\n    deletePipeline(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddStage($pipelineId: UUID!, $input: StageInput!) {\n    addStage(pipelineId: $pipelineId, input: $input) {\n      ...SettingsStage\n    }\n  }\n"): (typeof documents)["\n  mutation AddStage($pipelineId: UUID!, $input: StageInput!) {\n    addStage(pipelineId: $pipelineId, input: $input) {\n      ...SettingsStage\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateStage($id: UUID!, $input: StageInput!) {\n    updateStage(id: $id, input: $input) {\n      ...SettingsStage\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateStage($id: UUID!, $input: StageInput!) {\n    updateStage(id: $id, input: $input) {\n      ...SettingsStage\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReorderStages($pipelineId: UUID!, $stageIds: [UUID!]!) {\n    reorderStages(pipelineId: $pipelineId, stageIds: $stageIds) {\n      id\n      stages {\n        ...SettingsStage\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ReorderStages($pipelineId: UUID!, $stageIds: [UUID!]!) {\n    reorderStages(pipelineId: $pipelineId, stageIds: $stageIds) {\n      id\n      stages {\n        ...SettingsStage\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteStage($id: UUID!) {\n    deleteStage(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteStage($id: UUID!) {\n    deleteStage(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SettingsField on FieldDefinition {\n    id\n    objectType\n    key\n    label\n    type\n    options\n    required\n  }\n"): (typeof documents)["\n  fragment SettingsField on FieldDefinition {\n    id\n    objectType\n    key\n    label\n    type\n    options\n    required\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SettingsFields($objectType: ObjectType) {\n    fieldDefinitions(objectType: $objectType) {\n      ...SettingsField\n    }\n  }\n"): (typeof documents)["\n  query SettingsFields($objectType: ObjectType) {\n    fieldDefinitions(objectType: $objectType) {\n      ...SettingsField\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateField($input: FieldDefinitionInput!) {\n    createFieldDefinition(input: $input) {\n      ...SettingsField\n    }\n  }\n"): (typeof documents)["\n  mutation CreateField($input: FieldDefinitionInput!) {\n    createFieldDefinition(input: $input) {\n      ...SettingsField\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateField($id: UUID!, $input: FieldDefinitionUpdateInput!) {\n    updateFieldDefinition(id: $id, input: $input) {\n      ...SettingsField\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateField($id: UUID!, $input: FieldDefinitionUpdateInput!) {\n    updateFieldDefinition(id: $id, input: $input) {\n      ...SettingsField\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteField($id: UUID!) {\n    deleteFieldDefinition(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteField($id: UUID!) {\n    deleteFieldDefinition(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SettingsInbound on InboundEmail {\n    address\n    token\n  }\n"): (typeof documents)["\n  fragment SettingsInbound on InboundEmail {\n    address\n    token\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SettingsInboundEmail {\n    inboundEmail {\n      ...SettingsInbound\n    }\n  }\n"): (typeof documents)["\n  query SettingsInboundEmail {\n    inboundEmail {\n      ...SettingsInbound\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RotateInboundToken {\n    rotateInboundToken {\n      ...SettingsInbound\n    }\n  }\n"): (typeof documents)["\n  mutation RotateInboundToken {\n    rotateInboundToken {\n      ...SettingsInbound\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SettingsAutoCreate {\n    contactAutoCreate\n  }\n"): (typeof documents)["\n  query SettingsAutoCreate {\n    contactAutoCreate\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetAutoCreate($policy: AutoCreatePolicy!) {\n    setContactAutoCreate(policy: $policy)\n  }\n"): (typeof documents)["\n  mutation SetAutoCreate($policy: AutoCreatePolicy!) {\n    setContactAutoCreate(policy: $policy)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SettingsMailbox on Mailbox {\n    id\n    address\n    state\n    lastSyncAt\n    messageCount\n    lastError\n    host\n    port\n    tls\n    username\n    folders\n  }\n"): (typeof documents)["\n  fragment SettingsMailbox on Mailbox {\n    id\n    address\n    state\n    lastSyncAt\n    messageCount\n    lastError\n    host\n    port\n    tls\n    username\n    folders\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SettingsMailboxes {\n    mailboxes {\n      ...SettingsMailbox\n    }\n  }\n"): (typeof documents)["\n  query SettingsMailboxes {\n    mailboxes {\n      ...SettingsMailbox\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConnectMailbox($input: MailboxInput!) {\n    connectMailbox(input: $input) {\n      ...SettingsMailbox\n    }\n  }\n"): (typeof documents)["\n  mutation ConnectMailbox($input: MailboxInput!) {\n    connectMailbox(input: $input) {\n      ...SettingsMailbox\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DisconnectMailbox($id: UUID!) {\n    disconnectMailbox(id: $id)\n  }\n"): (typeof documents)["\n  mutation DisconnectMailbox($id: UUID!) {\n    disconnectMailbox(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SettingsQuarantine($first: Int!) {\n    quarantinedEmails(first: $first) {\n      id\n      receivedAt\n      reason\n      size\n      source\n    }\n  }\n"): (typeof documents)["\n  query SettingsQuarantine($first: Int!) {\n    quarantinedEmails(first: $first) {\n      id\n      receivedAt\n      reason\n      size\n      source\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SettingsLostReasons {\n    lostReasons\n  }\n"): (typeof documents)["\n  query SettingsLostReasons {\n    lostReasons\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetLostReasons($reasons: [String!]!) {\n    setLostReasons(reasons: $reasons)\n  }\n"): (typeof documents)["\n  mutation SetLostReasons($reasons: [String!]!) {\n    setLostReasons(reasons: $reasons)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SettingsEmailTemplate on EmailTemplate {\n    id\n    name\n    subject\n    body\n    shared\n    createdBy {\n      id\n      user {\n        id\n        name\n        email\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment SettingsEmailTemplate on EmailTemplate {\n    id\n    name\n    subject\n    body\n    shared\n    createdBy {\n      id\n      user {\n        id\n        name\n        email\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SettingsEmailTemplates {\n    emailTemplates {\n      ...SettingsEmailTemplate\n    }\n    fieldDefinitions {\n      id\n      objectType\n      key\n      label\n    }\n  }\n"): (typeof documents)["\n  query SettingsEmailTemplates {\n    emailTemplates {\n      ...SettingsEmailTemplate\n    }\n    fieldDefinitions {\n      id\n      objectType\n      key\n      label\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateEmailTemplate($name: String!, $subject: String!, $body: String!, $shared: Boolean!) {\n    createEmailTemplate(name: $name, subject: $subject, body: $body, shared: $shared) {\n      ...SettingsEmailTemplate\n    }\n  }\n"): (typeof documents)["\n  mutation CreateEmailTemplate($name: String!, $subject: String!, $body: String!, $shared: Boolean!) {\n    createEmailTemplate(name: $name, subject: $subject, body: $body, shared: $shared) {\n      ...SettingsEmailTemplate\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateEmailTemplate($id: UUID!, $name: String!, $subject: String!, $body: String!, $shared: Boolean!) {\n    updateEmailTemplate(id: $id, name: $name, subject: $subject, body: $body, shared: $shared) {\n      ...SettingsEmailTemplate\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateEmailTemplate($id: UUID!, $name: String!, $subject: String!, $body: String!, $shared: Boolean!) {\n    updateEmailTemplate(id: $id, name: $name, subject: $subject, body: $body, shared: $shared) {\n      ...SettingsEmailTemplate\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteEmailTemplate($id: UUID!) {\n    deleteEmailTemplate(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteEmailTemplate($id: UUID!) {\n    deleteEmailTemplate(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SettingsWebhookEndpoint on WebhookEndpoint {\n    id\n    url\n    events\n    enabled\n    description\n    createdAt\n    failingSince\n    disabledReason\n    previousSecretExpiresAt\n  }\n"): (typeof documents)["\n  fragment SettingsWebhookEndpoint on WebhookEndpoint {\n    id\n    url\n    events\n    enabled\n    description\n    createdAt\n    failingSince\n    disabledReason\n    previousSecretExpiresAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SettingsWebhookDelivery on WebhookDelivery {\n    id\n    eventType\n    state\n    attempts\n    lastStatus\n    lastError\n    lastResponse\n    lastDurationMs\n    lastAttemptAt\n    nextAttemptAt\n    createdAt\n  }\n"): (typeof documents)["\n  fragment SettingsWebhookDelivery on WebhookDelivery {\n    id\n    eventType\n    state\n    attempts\n    lastStatus\n    lastError\n    lastResponse\n    lastDurationMs\n    lastAttemptAt\n    nextAttemptAt\n    createdAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookEndpoints {\n    webhookEndpoints {\n      ...SettingsWebhookEndpoint\n    }\n  }\n"): (typeof documents)["\n  query WebhookEndpoints {\n    webhookEndpoints {\n      ...SettingsWebhookEndpoint\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookDeliveries($endpointId: UUID!, $first: Int!) {\n    webhookDeliveries(endpointId: $endpointId, first: $first) {\n      edges {\n        node {\n          ...SettingsWebhookDelivery\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query WebhookDeliveries($endpointId: UUID!, $first: Int!) {\n    webhookDeliveries(endpointId: $endpointId, first: $first) {\n      edges {\n        node {\n          ...SettingsWebhookDelivery\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateWebhookEndpoint($url: String!, $events: [String!]!, $description: String) {\n    createWebhookEndpoint(url: $url, events: $events, description: $description) {\n      secret\n      endpoint {\n        ...SettingsWebhookEndpoint\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateWebhookEndpoint($url: String!, $events: [String!]!, $description: String) {\n    createWebhookEndpoint(url: $url, events: $events, description: $description) {\n      secret\n      endpoint {\n        ...SettingsWebhookEndpoint\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateWebhookEndpoint($id: UUID!, $enabled: Boolean) {\n    updateWebhookEndpoint(id: $id, enabled: $enabled) {\n      ...SettingsWebhookEndpoint\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateWebhookEndpoint($id: UUID!, $enabled: Boolean) {\n    updateWebhookEndpoint(id: $id, enabled: $enabled) {\n      ...SettingsWebhookEndpoint\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RotateWebhookSecret($id: UUID!) {\n    rotateWebhookSecret(id: $id) {\n      secret\n      endpoint {\n        ...SettingsWebhookEndpoint\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RotateWebhookSecret($id: UUID!) {\n    rotateWebhookSecret(id: $id) {\n      secret\n      endpoint {\n        ...SettingsWebhookEndpoint\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteWebhookEndpoint($id: UUID!) {\n    deleteWebhookEndpoint(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteWebhookEndpoint($id: UUID!) {\n    deleteWebhookEndpoint(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendTestWebhook($endpointId: UUID!) {\n    sendTestWebhook(endpointId: $endpointId) {\n      ...SettingsWebhookDelivery\n    }\n  }\n"): (typeof documents)["\n  mutation SendTestWebhook($endpointId: UUID!) {\n    sendTestWebhook(endpointId: $endpointId) {\n      ...SettingsWebhookDelivery\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RetryWebhookDelivery($id: UUID!) {\n    retryWebhookDelivery(id: $id) {\n      ...SettingsWebhookDelivery\n    }\n  }\n"): (typeof documents)["\n  mutation RetryWebhookDelivery($id: UUID!) {\n    retryWebhookDelivery(id: $id) {\n      ...SettingsWebhookDelivery\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Viewer {\n    me {\n      id\n      name\n      email\n    }\n    workspace {\n      id\n      name\n    }\n    workspaces {\n      id\n      name\n    }\n    members {\n      id\n      role\n      user {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  query Viewer {\n    me {\n      id\n      name\n      email\n    }\n    workspace {\n      id\n      name\n    }\n    workspaces {\n      id\n      name\n    }\n    members {\n      id\n      role\n      user {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SystemStatus {\n    systemStatus {\n      emergency\n      readOnly\n      message\n    }\n  }\n"): (typeof documents)["\n  query SystemStatus {\n    systemStatus {\n      emergency\n      readOnly\n      message\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TaskList($first: Int!, $after: String, $filter: TaskFilter) {\n    tasks(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        ...PageEnd\n      }\n      edges {\n        node {\n          id\n          body\n          dueAt\n          done\n          doneAt\n          subjectType\n          subjectId\n          subjectName\n          assignee {\n            ...MemberName\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query TaskList($first: Int!, $after: String, $filter: TaskFilter) {\n    tasks(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        ...PageEnd\n      }\n      edges {\n        node {\n          id\n          body\n          dueAt\n          done\n          doneAt\n          subjectType\n          subjectId\n          subjectName\n          assignee {\n            ...MemberName\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RescheduleTask($id: UUID!, $dueAt: DateTime, $assigneeId: UUID) {\n    updateTask(id: $id, dueAt: $dueAt, assigneeId: $assigneeId) {\n      id\n      dueAt\n      assignee {\n        ...MemberName\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RescheduleTask($id: UUID!, $dueAt: DateTime, $assigneeId: UUID) {\n    updateTask(id: $id, dueAt: $dueAt, assigneeId: $assigneeId) {\n      id\n      dueAt\n      assignee {\n        ...MemberName\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Agenda {\n    agenda(first: 10) {\n      id\n      title\n      occurredAt\n      endsAt\n      subjectType\n      subjectId\n      subjectName\n    }\n  }\n"): (typeof documents)["\n  query Agenda {\n    agenda(first: 10) {\n      id\n      title\n      occurredAt\n      endsAt\n      subjectType\n      subjectId\n      subjectName\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TimelineEntry on Activity {\n    id\n    kind\n    occurredAt\n    summary\n    changes\n    body\n    subjectType\n    subjectId\n    subjectName\n    dueAt\n    done\n    doneAt\n    callOutcome\n    durationSeconds\n    title\n    endsAt\n    editedAt\n    canEdit\n    attendeeContacts {\n      id\n      name\n    }\n    attendeeMembers {\n      ...MemberName\n    }\n    actor {\n      ...MemberName\n    }\n    assignee {\n      ...MemberName\n    }\n    email {\n      id\n      subject\n      snippet\n      direction\n      thread {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment TimelineEntry on Activity {\n    id\n    kind\n    occurredAt\n    summary\n    changes\n    body\n    subjectType\n    subjectId\n    subjectName\n    dueAt\n    done\n    doneAt\n    callOutcome\n    durationSeconds\n    title\n    endsAt\n    editedAt\n    canEdit\n    attendeeContacts {\n      id\n      name\n    }\n    attendeeMembers {\n      ...MemberName\n    }\n    actor {\n      ...MemberName\n    }\n    assignee {\n      ...MemberName\n    }\n    email {\n      id\n      subject\n      snippet\n      direction\n      thread {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TimelinePage on ActivityConnection {\n    totalCount\n    pageInfo {\n      ...PageEnd\n    }\n    edges {\n      node {\n        ...TimelineEntry\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment TimelinePage on ActivityConnection {\n    totalCount\n    pageInfo {\n      ...PageEnd\n    }\n    edges {\n      node {\n        ...TimelineEntry\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ContactTimeline($id: UUID!, $first: Int!, $after: String) {\n    contact(id: $id) {\n      id\n      timeline(first: $first, after: $after) {\n        ...TimelinePage\n      }\n    }\n  }\n"): (typeof documents)["\n  query ContactTimeline($id: UUID!, $first: Int!, $after: String) {\n    contact(id: $id) {\n      id\n      timeline(first: $first, after: $after) {\n        ...TimelinePage\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CompanyTimeline($id: UUID!, $first: Int!, $after: String) {\n    company(id: $id) {\n      id\n      timeline(first: $first, after: $after) {\n        ...TimelinePage\n      }\n    }\n  }\n"): (typeof documents)["\n  query CompanyTimeline($id: UUID!, $first: Int!, $after: String) {\n    company(id: $id) {\n      id\n      timeline(first: $first, after: $after) {\n        ...TimelinePage\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DealTimeline($id: UUID!, $first: Int!, $after: String) {\n    deal(id: $id) {\n      id\n      timeline(first: $first, after: $after) {\n        ...TimelinePage\n      }\n    }\n  }\n"): (typeof documents)["\n  query DealTimeline($id: UUID!, $first: Int!, $after: String) {\n    deal(id: $id) {\n      id\n      timeline(first: $first, after: $after) {\n        ...TimelinePage\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddNote($targetId: UUID!, $body: String!) {\n    addNote(targetId: $targetId, body: $body) {\n      ...TimelineEntry\n    }\n  }\n"): (typeof documents)["\n  mutation AddNote($targetId: UUID!, $body: String!) {\n    addNote(targetId: $targetId, body: $body) {\n      ...TimelineEntry\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddTask($targetId: UUID!, $body: String!, $dueAt: DateTime, $assigneeId: UUID) {\n    addTask(targetId: $targetId, body: $body, dueAt: $dueAt, assigneeId: $assigneeId) {\n      ...TimelineEntry\n    }\n  }\n"): (typeof documents)["\n  mutation AddTask($targetId: UUID!, $body: String!, $dueAt: DateTime, $assigneeId: UUID) {\n    addTask(targetId: $targetId, body: $body, dueAt: $dueAt, assigneeId: $assigneeId) {\n      ...TimelineEntry\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CompleteTask($id: UUID!) {\n    completeTask(id: $id) {\n      ...TimelineEntry\n    }\n  }\n"): (typeof documents)["\n  mutation CompleteTask($id: UUID!) {\n    completeTask(id: $id) {\n      ...TimelineEntry\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReopenTask($id: UUID!) {\n    updateTask(id: $id, done: false) {\n      ...TimelineEntry\n    }\n  }\n"): (typeof documents)["\n  mutation ReopenTask($id: UUID!) {\n    updateTask(id: $id, done: false) {\n      ...TimelineEntry\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LogCall($input: LogCallInput!) {\n    logCall(input: $input) {\n      ...TimelineEntry\n    }\n  }\n"): (typeof documents)["\n  mutation LogCall($input: LogCallInput!) {\n    logCall(input: $input) {\n      ...TimelineEntry\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LogMeeting($input: LogMeetingInput!) {\n    logMeeting(input: $input) {\n      ...TimelineEntry\n    }\n  }\n"): (typeof documents)["\n  mutation LogMeeting($input: LogMeetingInput!) {\n    logMeeting(input: $input) {\n      ...TimelineEntry\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateNote($id: UUID!, $body: String!) {\n    updateNote(id: $id, body: $body) {\n      ...TimelineEntry\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateNote($id: UUID!, $body: String!) {\n    updateNote(id: $id, body: $body) {\n      ...TimelineEntry\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteNote($id: UUID!) {\n    deleteNote(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteNote($id: UUID!) {\n    deleteNote(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateCall($id: UUID!, $input: UpdateCallInput!) {\n    updateCall(id: $id, input: $input) {\n      ...TimelineEntry\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateCall($id: UUID!, $input: UpdateCallInput!) {\n    updateCall(id: $id, input: $input) {\n      ...TimelineEntry\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteCall($id: UUID!) {\n    deleteCall(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteCall($id: UUID!) {\n    deleteCall(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateMeeting($id: UUID!, $input: UpdateMeetingInput!) {\n    updateMeeting(id: $id, input: $input) {\n      ...TimelineEntry\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateMeeting($id: UUID!, $input: UpdateMeetingInput!) {\n    updateMeeting(id: $id, input: $input) {\n      ...TimelineEntry\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteMeeting($id: UUID!) {\n    deleteMeeting(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteMeeting($id: UUID!) {\n    deleteMeeting(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AttendeeContacts($name: String) {\n    contacts(first: 20, filter: { name: { contains: $name } }) {\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AttendeeContacts($name: String) {\n    contacts(first: 20, filter: { name: { contains: $name } }) {\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TimelineCompanyName($id: UUID!) {\n    company(id: $id) {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  query TimelineCompanyName($id: UUID!) {\n    company(id: $id) {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MemberName on Member {\n    id\n    user {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  fragment MemberName on Member {\n    id\n    user {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PageEnd on PageInfo {\n    hasNextPage\n    endCursor\n  }\n"): (typeof documents)["\n  fragment PageEnd on PageInfo {\n    hasNextPage\n    endCursor\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SearchHitTarget on SearchHit {\n    __typename\n    ... on Contact {\n      id\n      name\n    }\n    ... on Company {\n      id\n      name\n    }\n    ... on Deal {\n      id\n      name\n    }\n    ... on EmailThread {\n      id\n      subject\n    }\n    ... on Activity {\n      id\n      subjectType\n      subjectId\n      subjectName\n    }\n  }\n"): (typeof documents)["\n  fragment SearchHitTarget on SearchHit {\n    __typename\n    ... on Contact {\n      id\n      name\n    }\n    ... on Company {\n      id\n      name\n    }\n    ... on Deal {\n      id\n      name\n    }\n    ... on EmailThread {\n      id\n      subject\n    }\n    ... on Activity {\n      id\n      subjectType\n      subjectId\n      subjectName\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MoneyAmount on Money {\n    amountMicros\n    currency\n  }\n"): (typeof documents)["\n  fragment MoneyAmount on Money {\n    amountMicros\n    currency\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment FileLink on File {\n    id\n    filename\n    downloadUrl\n  }\n"): (typeof documents)["\n  fragment FileLink on File {\n    id\n    filename\n    downloadUrl\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment BulkOutcome on BulkResult {\n    id\n    matched\n    updated\n    errors {\n      id\n      code\n      message\n    }\n  }\n"): (typeof documents)["\n  fragment BulkOutcome on BulkResult {\n    id\n    matched\n    updated\n    errors {\n      id\n      code\n      message\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;