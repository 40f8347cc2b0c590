from __future__ import annotations

import strawberry

from rapport.graphql.context import Info
from rapport.graphql.permissions import Public
from rapport.oauth import service


@strawberry.type(description="A provider people may sign in with (OpenID Connect), as this Rapport is set up.")
class AuthProvider:
    id: str = strawberry.field(description="`google` or `microsoft`.")
    label: str = strawberry.field(description="The name to show: Google, Microsoft.")
    start_url: str = strawberry.field(
        description="Where the browser goes to sign in (a path of the web app, forwarded to the api); "
        "add `?next=<path>` to land there afterwards."
    )


@strawberry.type
class OAuthQuery:
    @strawberry.field(
        description="The providers configured for sign-in (client id and secret set); empty when none is.",
        permission_classes=[Public],
    )
    def auth_providers(self, info: Info) -> list[AuthProvider]:
        return [
            AuthProvider(id=provider.name, label=provider.label, start_url=provider.start_path)
            for provider in service.available_providers(info.context.settings)
        ]
