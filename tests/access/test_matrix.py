"""The access matrix, driven by the URL resolver.

Every URL pattern of the project (the portal's own, allauth's, Wagtail's
admin and site) is requested by every kind of caller, and each answer is
compared with what this file expects. A new view without an entry here
fails the test, as does an entry for a pattern that no longer exists.

Two more rules hold for every page: no caller ever gets a server error
(Wagtail's deliberate error test page excepted), and a page that shows an
employee's name to anyone but that employee writes the access log.
"""

import pytest

from retention.models import AccessLogEntry
from tests.access.urls import endpoints, path_for, reaches
from tests.access.world import (
    CALLERS,
    EMPLOYEE_NAME,
    LOGGED_IN,
    ORG_MEMBERS,
    OTHER_EMPLOYEE_NAME,
    build_world,
)
from tests.shared import shared_by_the_module

pytestmark = pytest.mark.django_db

OK, LOGIN, DENIED, MISSING, METHOD = "ok", "login", "denied", "missing", "method"
# Wagtail answers this as it sees fit for its own users (never a 5xx).
ANSWERS = "answers"
REFUSALS = {LOGIN, DENIED, MISSING, METHOD}
SHADOWED = "shadowed"  # unreachable: an earlier pattern takes its address


def redirect(to):
    return f"redirect:{to}"


def rule(default=DENIED, anonymous=LOGIN, **callers):
    """Expected answers for every caller. The consented third party holds
    only a link, so everywhere else it is an anonymous visitor."""
    expected = dict.fromkeys(LOGGED_IN, default)
    expected["anonymous"] = expected["third_party"] = anonymous
    expected.update(callers)
    return expected


def everyone(answer):
    return dict.fromkeys(CALLERS, answer)


def for_logged_in(answer, **callers):
    return rule(default=answer, **callers)


def post_only(post):
    """A view that only takes POST: GET is refused as a method for anyone,
    a POST by whoever may not act is refused as in `post`."""
    return {"GET": everyone(METHOD), "POST": post}


HR_PAGE = rule(hr=OK, other_hr=OK)
HR_OBJECT = rule(hr=OK, other_hr=MISSING)
MANAGER_OBJECT = rule(
    hr=OK,
    supervisor=OK,
    former_supervisor=MISSING,
    other_hr=MISSING,
    other_supervisor=MISSING,
)
SUPERVISOR_PAGE = rule(supervisor=OK, former_supervisor=OK, other_supervisor=OK)
EMPLOYEE_PAGE = rule(employee=OK, second_employee=OK, other_employee=OK)
# The employee's own object: someone else's answers 404.
OWN_OBJECT = rule(employee=OK, second_employee=MISSING, other_employee=MISSING)
ASKER_PAGE = rule(**dict.fromkeys(ORG_MEMBERS, OK))
ASKER_OBJECT = rule(**{**dict.fromkeys(ORG_MEMBERS, MISSING), "supervisor": OK})
HELPDESK_PAGE = rule(helpdesk=OK)
TO_DASHBOARD = for_logged_in(redirect("/dashboard/"), anonymous=OK)
TO_REAUTHENTICATE = for_logged_in(redirect("/accounts/reauthenticate/"))
ADMIN = rule(default=LOGIN, editor=ANSWERS, superuser=ANSWERS)

EXPECTED = {
    # One way in: Wagtail's own login and password pages lead to allauth.
    "cms-admin/login/": everyone(LOGIN),
    "cms-admin/logout/": everyone(redirect("/accounts/logout/")),
    "cms-admin/password_reset/": everyone(redirect("/accounts/password/reset/")),
    "cms-admin/password_reset/<path:rest>": everyone(
        redirect("/accounts/password/reset/")
    ),
    "_util/login/": everyone(LOGIN),
    "healthz/": everyone(OK),
    # allauth
    "accounts/login/": TO_DASHBOARD,
    "accounts/signup/": TO_DASHBOARD,
    "accounts/logout/": for_logged_in(OK),
    "accounts/inactive/": everyone(OK),
    "accounts/reauthenticate/": for_logged_in(OK),
    "accounts/reauthenticate/code/": for_logged_in(OK),
    "accounts/reauthenticate/code/confirm/": for_logged_in(
        redirect("/accounts/reauthenticate/code/")
    ),
    "accounts/email/": for_logged_in(OK),
    "accounts/confirm-email/": everyone(OK),
    "accounts/password/change/": for_logged_in(OK),
    "accounts/password/set/": for_logged_in(redirect("/accounts/password/change/")),
    "accounts/password/reset/": everyone(OK),
    "accounts/login/code/confirm/": for_logged_in(redirect("/dashboard/")),
    "accounts/^confirm-email/(?P<key>[-:\\w]+)/$": everyone(OK),
    "accounts/password/reset/key/done/": everyone(OK),
    "accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": everyone(OK),
    "accounts/password/reset/done/": everyone(OK),
    "accounts/2fa/": for_logged_in(OK),
    "accounts/2fa/authenticate/": for_logged_in(redirect("/dashboard/")),
    "accounts/2fa/reauthenticate/": TO_REAUTHENTICATE,
    "accounts/2fa/totp/activate/": TO_REAUTHENTICATE,
    "accounts/2fa/totp/deactivate/": for_logged_in(MISSING),
    # No recovery codes exist in this world: nothing to show, nothing to post.
    "accounts/2fa/recovery-codes/": {
        "GET": for_logged_in(MISSING),
        "POST": for_logged_in(METHOD),
    },
    "accounts/2fa/recovery-codes/generate/": TO_REAUTHENTICATE,
    "accounts/2fa/recovery-codes/download/": for_logged_in(MISSING),
    "i18n/setlang/": everyone(redirect("/")),
    # Wagtail's documents and site (no documents or private pages exist)
    "documents/^(\\d+)/(.*)$": everyone(MISSING),
    "documents/authenticate_with_password/<int:restriction_id>/": everyone(MISSING),
    "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/": everyone(
        MISSING
    ),
    "^((?:[\\w\\-]+/)*)$": everyone(OK),
    "zoeken/": everyone(OK),
    "oefeningen/energie/": everyone(OK),
    # The portal
    "dashboard/": for_logged_in(
        None,
        employee=redirect("/medewerker/"),
        second_employee=redirect("/medewerker/"),
        other_employee=redirect("/medewerker/"),
        supervisor=redirect("/werkleider/"),
        former_supervisor=redirect("/werkleider/"),
        other_supervisor=redirect("/werkleider/"),
        hr=redirect("/werkgever/"),
        other_hr=redirect("/werkgever/"),
        helpdesk=redirect("/vraagbaak/"),
        editor=redirect("/cms-admin/"),
        superuser=redirect("/cms-admin/"),
    ),
    "werkgever/": HR_PAGE,
    "werkgever/medewerkers/nieuw/": HR_PAGE,
    "werkgever/medewerkers/<int:pk>/": HR_OBJECT,
    "werkgever/medewerkers/<int:pk>/uit-dienst/": HR_OBJECT,
    "werkgever/uitnodigingen/": HR_PAGE,
    "werkgever/uitnodigingen/<int:pk>/intrekken/": HR_OBJECT,
    "werkgever/organisatie/<int:pk>/": HR_OBJECT,
    # Anyone holding the link may use it; logged in as someone else, the
    # page says so (403).
    "uitnodiging/<str:token>/": rule(anonymous=redirect("/accounts/signup/")),
    # Anyone may choose easy language; it is kept on the account or a cookie.
    "voorkeur/eenvoudige-taal/": post_only(everyone(redirect("/"))),
    "mijn-account/": for_logged_in(OK),
    "werkgever/verzuimcijfers/": HR_PAGE,
    "werkgever/verzuimcijfers/csv/": HR_PAGE,
    # Work supervisors and HR about one employee
    "werkleider/": SUPERVISOR_PAGE,
    "medewerkers/<int:employee_id>/afspraken/": MANAGER_OBJECT,
    "medewerkers/<int:employee_id>/afspraken/aanpassing/nieuw/": MANAGER_OBJECT,
    "medewerkers/<int:employee_id>/afspraken/aanpassing/<uuid:key>/": MANAGER_OBJECT,
    "medewerkers/<int:employee_id>/afspraken/aanpassing/<uuid:key>/verwijderen/": MANAGER_OBJECT,
    "medewerkers/<int:employee_id>/afspraken/voorstellen/": {
        **MANAGER_OBJECT,
        # Nothing open to propose: back to the agreements.
        "hr": redirect("/medewerkers/{employee}/afspraken/"),
        "supervisor": redirect("/medewerkers/{employee}/afspraken/"),
    },
    "medewerkers/<int:employee_id>/afspraken/intrekken/": post_only(MANAGER_OBJECT),
    "medewerkers/<int:employee_id>/afspraken/versie/<int:number>/": MANAGER_OBJECT,
    "medewerkers/<int:employee_id>/afspraken/evaluatie/": MANAGER_OBJECT,
    "medewerkers/<int:employee_id>/verzuim/": MANAGER_OBJECT,
    "medewerkers/<int:employee_id>/verzuim/ziekmelding/": MANAGER_OBJECT,
    "medewerkers/<int:employee_id>/verzuim/melding/<int:report_id>/": MANAGER_OBJECT,
    "medewerkers/<int:employee_id>/verzuim/melding/<int:report_id>/herstel/": MANAGER_OBJECT,
    "medewerkers/<int:employee_id>/verzuim/melding/<int:report_id>/gedeeltelijk/": post_only(
        MANAGER_OBJECT
    ),
    "medewerkers/<int:employee_id>/verzuim/contact/": MANAGER_OBJECT,
    "medewerkers/<int:employee_id>/verzuim/stap/<int:milestone_id>/": post_only(
        MANAGER_OBJECT
    ),
    "medewerkers/<int:employee_id>/verzuim/evaluaties/": post_only(MANAGER_OBJECT),
    "medewerkers/<int:employee_id>/verzuim/dossier/<int:case_id>/": MANAGER_OBJECT,
    # The employee's own pages
    "medewerker/": EMPLOYEE_PAGE,
    "medewerker/werkgever-kiezen/": EMPLOYEE_PAGE,
    "mijn-verzuim/": EMPLOYEE_PAGE,
    "mijn-afspraken/": EMPLOYEE_PAGE,
    "mijn-afspraken/akkoord/": post_only(EMPLOYEE_PAGE),
    "mijn-afspraken/wijziging/": post_only(EMPLOYEE_PAGE),
    "mijn-afspraken/versie/<int:number>/": {
        **EMPLOYEE_PAGE,
        "second_employee": MISSING,
    },
    "mijn-afspraken/afdrukken/": {
        **EMPLOYEE_PAGE,
        # Nothing agreed yet: back to the agreements, with a message.
        "second_employee": redirect("/mijn-afspraken/"),
    },
    "mijn-afspraken/inzage/": EMPLOYEE_PAGE,
    "mijn-afspraken/inzage/<int:pk>/stoppen/": OWN_OBJECT,
    "mijn-plan/": EMPLOYEE_PAGE,
    "mijn-plan/toevoegen/": post_only(EMPLOYEE_PAGE),
    "mijn-plan/vertellen/": EMPLOYEE_PAGE,
    "mijn-plan/gesprek/": EMPLOYEE_PAGE,
    "mijn-gegevens/": EMPLOYEE_PAGE,
    "mijn-gegevens/download/": EMPLOYEE_PAGE,
    # A job coach's or company doctor's link: the token is the key.
    "inzage/<str:token>/": everyone(OK),
    # The chat
    "vraag/": ASKER_PAGE,
    "vraag/<int:pk>/": ASKER_OBJECT,
    "vraag/<int:pk>/sluiten/": post_only(ASKER_OBJECT),
    "vraag/<int:pk>/beoordelen/": post_only(ASKER_OBJECT),
    "vraagbaak/": HELPDESK_PAGE,
    "vraagbaak/volgende/": post_only(HELPDESK_PAGE),
    "vraagbaak/gesprekken/<int:pk>/": HELPDESK_PAGE,
    "vraagbaak/gesprekken/<int:pk>/aannemen/": post_only(HELPDESK_PAGE),
    "vraagbaak/gesprekken/<int:pk>/overdragen/": post_only(HELPDESK_PAGE),
    "vraagbaak/gesprekken/<int:pk>/sluiten/": post_only(HELPDESK_PAGE),
    "vraagbaak/gesprekken/<int:pk>/verwijderen/": HELPDESK_PAGE,
}

# Patterns of libraries that our own take the place of (by URL name).
SHADOWED_NAMES = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete",
    "wagtailcore_login",
}
# Wagtail admin addresses open to anyone: its icon sprite and translations.
ADMIN_PUBLIC = {"cms-admin/sprite/", "cms-admin/jsi18n/"}
# Wagtail's admin answers unknown admin addresses by sending people to its
# login, which leads to allauth's.
ADMIN_UNKNOWN = "cms-admin/^.*/$"
# Wagtail's own page to test error reporting raises on purpose.
ADMIN_ERROR_TEST = "cms-admin/failwhale/"


def expected_for(endpoint):
    """{"GET": {...}, "POST": {...}} for this pattern, or None if undeclared."""
    if endpoint.name in SHADOWED_NAMES:
        return SHADOWED
    if endpoint.route in EXPECTED:
        expected = EXPECTED[endpoint.route]
        return expected if "GET" in expected else {"GET": expected, "POST": expected}
    if endpoint.route == ADMIN_UNKNOWN:
        to_login = rule(
            default=redirect("/cms-admin/login/"),
            anonymous=redirect("/cms-admin/login/"),
            editor=ANSWERS,
            superuser=ANSWERS,
        )
        return {"GET": to_login, "POST": to_login}
    if endpoint.route in ADMIN_PUBLIC:
        return {"GET": everyone(OK), "POST": None}
    if endpoint.route.startswith("cms-admin/"):
        return {"GET": ADMIN, "POST": ADMIN}
    return None


def outcome(response):
    code = response.status_code
    if code in (301, 302):
        location = response["Location"]
        if location.startswith("/accounts/login/"):
            return LOGIN
        return redirect(location.split("?")[0])
    return {200: OK, 403: DENIED, 404: MISSING, 405: METHOD}.get(code, str(code))


def test_every_pattern_has_an_expected_answer():
    undeclared = [e.route for e in endpoints() if expected_for(e) is None]
    assert undeclared == [], "declare who may open these in EXPECTED"
    declared = {e.route for e in endpoints()}
    stale = sorted(set(EXPECTED) - declared)
    assert stale == [], "these patterns no longer exist"


def names_in(html):
    return {
        "employee": EMPLOYEE_NAME[1] in html,
        "other_employee": OTHER_EMPLOYEE_NAME[1] in html,
    }


def log_counts(world):
    return {
        key: AccessLogEntry.objects.filter(employee=world.objects[key]).count()
        for key in ("employee", "other_employee")
    }


@pytest.fixture(scope="module")
def access_world(django_db_setup, django_db_blocker):
    """One world for all callers, made once for the module; each caller's
    test runs in a savepoint within it."""
    yield from shared_by_the_module(django_db_blocker, build_world)


# Slow: over two minutes in all. On SQLite (the fast subset) the rule that
# every pattern is declared still runs; the answers run on PostgreSQL.
@pytest.mark.slow
@pytest.mark.parametrize("caller", CALLERS)
def test_each_caller_gets_exactly_the_expected_answers(access_world, caller):
    """POSTs are only sent where they must be refused."""
    problems = _check(access_world, caller)
    assert problems == [], "\n".join(problems)


def _check(world, caller):
    client = world.client_for(caller)
    client.raise_request_exception = False
    problems = []
    for endpoint in endpoints():
        expected = expected_for(endpoint)
        path = path_for(world, endpoint)
        if expected == SHADOWED:
            if reaches(path, endpoint):
                problems.append(f"{endpoint.route}: reachable, should be shadowed")
            continue
        assert reaches(path, endpoint), f"{path} does not reach {endpoint.route}"
        for method in ("GET", "POST"):
            answers = expected[method]
            if answers is None:
                continue
            want = answers[caller]
            if isinstance(want, str):
                want = want.replace("{employee}", str(world.objects["employee"].pk))
            if method == "POST" and want in (OK, ANSWERS) or want is None:
                continue  # Allowed to act: not sent, it would change the world.
            if (
                method == "POST"
                and expected["GET"] is not answers
                and want.startswith("redirect")
            ):
                continue
            before = log_counts(world)
            response = getattr(client, method.lower())(path)
            got = outcome(response)
            if response.status_code >= 500 and endpoint.route != ADMIN_ERROR_TEST:
                problems.append(f"{method} {endpoint.route}: server error")
            elif want == ANSWERS:
                pass
            elif got != want:
                problems.append(f"{method} {endpoint.route}: {got}, expected {want}")
            if (
                method == "GET"
                and got == OK
                and response.get("Content-Type", "").startswith("text/html")
            ):
                shown = names_in(response.content.decode())
                after = log_counts(world)
                for whose, visible in shown.items():
                    self_view = caller == whose
                    if visible and not self_view and after[whose] == before[whose]:
                        problems.append(
                            f"GET {endpoint.route}: shows the {whose.replace('_', ' ')}"
                            " but writes no access log entry"
                        )
    return problems
