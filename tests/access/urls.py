"""Every URL pattern of the project, as a concrete address to request."""

import re
from dataclasses import dataclass
from re import _parser as re_parser

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RoutePattern

from tests.access.world import CONSENT_TOKEN, INVITATION_TOKEN, dummy_for


@dataclass(frozen=True)
class Endpoint:
    route: str  # the pattern as written, prefixes included: the matrix key
    name: str  # namespaced URL name, or "" for unnamed patterns
    callback: object
    pieces: tuple  # the route and regex patterns from the root down


def _walk(patterns, pieces=(), namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}{pattern.namespace}:"
            yield from _walk(pattern.url_patterns, (*pieces, pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else ""
            all_pieces = (*pieces, pattern.pattern)
            route = "".join(str(piece) for piece in all_pieces)
            yield Endpoint(route, name, pattern.callback, all_pieces)


def endpoints():
    return list(_walk(get_resolver().url_patterns))


def _value(world, name, param, converter):
    objects = world.objects
    by_param = {
        "employee_id": objects["employee"].pk,
        "report_id": objects["report"].pk,
        "case_id": objects["report"].case_id,
        "milestone_id": objects["step"].pk,
        "number": objects["version"].number,
        "key": objects["adjustment_key"],
    }
    by_name = {
        ("portal:employee_edit", "pk"): objects["employee"].pk,
        ("portal:employee_end", "pk"): objects["employee"].pk,
        ("portal:invitation_revoke", "pk"): objects["invitation"].pk,
        ("portal:organisation_settings", "pk"): objects["ours"].pk,
        ("portal:invitation", "token"): INVITATION_TOKEN,
        ("retention:consent_revoke", "pk"): objects["consent"].pk,
        ("retention:consent_view", "token"): CONSENT_TOKEN,
    }
    if (name, param) in by_name:
        return by_name[(name, param)]
    if name.startswith("chat:") and param == "pk":
        return objects["conversation"].pk
    if param in by_param and not name.startswith("wagtail"):
        return by_param[param]
    if param == "pk" or param.endswith("_id"):
        return dummy_for("int")
    return dummy_for(converter)


ROUTE_PARAM = re.compile(r"<(?:(?P<converter>\w+):)?(?P<param>\w+)>")


def _sample(parsed, names, value_of):
    """The shortest string a parsed regex matches, with named groups filled
    from the world."""
    out = []
    for op, arg in parsed:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(arg))
        elif name == "SUBPATTERN":
            group, _add, _del, sub = arg
            if group in names:
                out.append(str(value_of(names[group])))
            else:
                out.append(_sample(sub, names, value_of))
        elif name in ("MAX_REPEAT", "MIN_REPEAT"):
            low, _high, sub = arg
            out.append(_sample(sub, names, value_of) * low)
        elif name == "BRANCH":
            out.append(_sample(arg[1][0], names, value_of))
        elif name == "IN":
            out.append(_sample_class(arg))
        elif name == "ANY":
            out.append("x")
        elif name == "AT":
            continue
        else:
            raise ValueError(f"cannot sample regex part {name}")
    return "".join(out)


def _sample_class(items):
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            return chr(arg)
        if name == "RANGE":
            return chr(arg[0])
        if name == "CATEGORY":
            return "1" if "DIGIT" in str(arg) else "a"
    return "a"


def path_for(world, endpoint):
    """A concrete path that reaches this pattern (when nothing shadows it)."""
    parts = []
    for piece in endpoint.pieces:
        if isinstance(piece, RoutePattern):
            parts.append(
                ROUTE_PARAM.sub(
                    lambda m: str(
                        _value(
                            world, endpoint.name, m["param"], m["converter"] or "str"
                        )
                    ),
                    str(piece),
                )
            )
        else:
            regex = str(piece)
            parsed = re_parser.parse(regex)
            names = {number: name for name, number in parsed.state.groupdict.items()}
            parts.append(
                _sample(
                    parsed,
                    names,
                    lambda param: _value(world, endpoint.name, param, "str"),
                )
            )
    return "/" + "".join(parts)


def reaches(path, endpoint):
    """Whether the path resolves to this pattern's view, not to an earlier one."""
    try:
        match = resolve(path)
    except Exception:  # noqa: BLE001 - any failure to resolve means "no"
        return False
    return match.func == endpoint.callback
