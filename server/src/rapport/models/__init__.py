"""Every table, one file each. Importing this package registers them all on `Base.metadata`."""

from rapport.models.activity import Activity, ActivityKind, CallOutcome
from rapport.models.api_key import ApiKey
from rapport.models.audit_event import AuditEvent
from rapport.models.auth_session import AuthSession
from rapport.models.base import Base
from rapport.models.bulk_change import BulkChange
from rapport.models.company import Company
from rapport.models.contact import Contact
from rapport.models.contact_email import ContactEmail
from rapport.models.data_job import DataJobState, ExportJob, ImportJob, ImportRecord, ImportRowError
from rapport.models.deal import Deal
from rapport.models.deal_contact import DealContact
from rapport.models.email import (
    Attachment,
    AutoCreatePolicy,
    Email,
    EmailAuthentication,
    EmailDirection,
    EmailLink,
    EmailMailbox,
    EmailParticipant,
    EmailTemplate,
    EmailThread,
    InboundEmail,
    InboundSource,
    InboundState,
    Mailbox,
    MailboxFolder,
    MailboxState,
    OutboundEmail,
    OutboundState,
    ParticipantRole,
    SmtpSecurity,
)
from rapport.models.field_definition import FieldDefinition, FieldType, ObjectType
from rapport.models.file import File
from rapport.models.invitation import Invitation
from rapport.models.lost_reason import LostReason
from rapport.models.mfa_recovery_code import MfaRecoveryCode
from rapport.models.notification import Notification, NotificationKind
from rapport.models.outbox_event import OutboxEvent
from rapport.models.password_reset import PasswordReset
from rapport.models.pipeline import Pipeline, Stage, StageKind
from rapport.models.refresh_token import RefreshToken
from rapport.models.saved_view import SavedView
from rapport.models.stage_total import StageTotal
from rapport.models.user import User
from rapport.models.user_identity import UserIdentity
from rapport.models.webhook import DeliveryState, WebhookDelivery, WebhookEndpoint
from rapport.models.workspace import Workspace
from rapport.models.workspace_member import Role, WorkspaceMember

__all__ = [
    "Activity",
    "ActivityKind",
    "ApiKey",
    "Attachment",
    "AuditEvent",
    "AuthSession",
    "AutoCreatePolicy",
    "Base",
    "BulkChange",
    "CallOutcome",
    "Company",
    "Contact",
    "ContactEmail",
    "DataJobState",
    "Deal",
    "DealContact",
    "DeliveryState",
    "Email",
    "EmailAuthentication",
    "EmailDirection",
    "EmailLink",
    "EmailMailbox",
    "EmailParticipant",
    "EmailTemplate",
    "EmailThread",
    "ExportJob",
    "FieldDefinition",
    "FieldType",
    "File",
    "ImportJob",
    "ImportRecord",
    "ImportRowError",
    "InboundEmail",
    "InboundSource",
    "InboundState",
    "Invitation",
    "LostReason",
    "Mailbox",
    "MailboxFolder",
    "MailboxState",
    "MfaRecoveryCode",
    "Notification",
    "NotificationKind",
    "ObjectType",
    "OutboundEmail",
    "OutboundState",
    "OutboxEvent",
    "ParticipantRole",
    "PasswordReset",
    "Pipeline",
    "RefreshToken",
    "Role",
    "SavedView",
    "SmtpSecurity",
    "Stage",
    "StageKind",
    "StageTotal",
    "User",
    "UserIdentity",
    "WebhookDelivery",
    "WebhookEndpoint",
    "Workspace",
    "WorkspaceMember",
]
