"""Who acts on the platform: one type for the person in every signature (decision 0036).

``Actor`` is what a page has in ``request.user``: a signed-in ``User`` or Django's
``AnonymousUser`` (a visitor). Permission functions and selectors take an ``Actor``;
services take ``Actor | None``, ``None`` being the platform acting by itself (the demo
loader, a daily job), which ``icc.core.actors.author`` never names as an author.
Core cannot import this app: it types the same argument with ``icc.core.actors.Person``,
which every ``Actor`` is.
"""

from django.contrib.auth.models import AnonymousUser

from icc.accounts.models import User

type Actor = User | AnonymousUser
