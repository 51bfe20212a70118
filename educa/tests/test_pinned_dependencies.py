"""Every package the runtime installs is pinned, transitive ones included: an
unpinned `redis` upgrade once broke the chat (constraints.txt, `make lock`)."""

from importlib import metadata

from django.conf import settings
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name


def pins(filename: str) -> dict[str, str]:
    """{name: version} of the `name==version` lines of a requirements file that
    apply to this Python (a line may carry a marker)."""
    found = {}
    for line in (settings.BASE_DIR / filename).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        requirement = Requirement(line)
        if requirement.marker and not requirement.marker.evaluate():
            continue
        (specifier,) = requirement.specifier
        assert specifier.operator == "==", f"{line!r} in {filename} is not pinned"
        found[canonicalize_name(requirement.name)] = specifier.version
    return found


def installed_closure(names: list[str]) -> dict[str, str]:
    """{name: installed version} of these packages and all they require, with
    the extras asked for, as pip installed them here."""
    todo = [Requirement(name) for name in names]
    versions, seen = {}, set()
    while todo:
        requirement = todo.pop()
        name = canonicalize_name(requirement.name)
        if (name, frozenset(requirement.extras)) in seen:
            continue
        seen.add((name, frozenset(requirement.extras)))
        distribution = metadata.distribution(name)
        versions[name] = distribution.version
        for line in distribution.requires or []:
            needed = Requirement(line)
            wanted = requirement.extras or {""}
            if needed.marker is None or any(
                needed.marker.evaluate({"extra": extra}) for extra in wanted
            ):
                todo.append(needed)
    return versions


def runtime_requirements() -> list[str]:
    """The requirements.txt lines that apply to this Python, without versions."""
    lines = (settings.BASE_DIR / "requirements.txt").read_text().splitlines()
    requirements = [Requirement(line) for line in lines if line and line[0].isalpha()]
    return [
        f"{r.name}[{','.join(r.extras)}]" if r.extras else r.name
        for r in requirements
        if r.marker is None or r.marker.evaluate()
    ]


def test_every_package_the_runtime_installs_is_pinned_at_the_installed_version():
    constraints = pins("constraints.txt")

    installed = installed_closure(runtime_requirements())

    unpinned = {
        name: version
        for name, version in installed.items()
        if constraints.get(name) != version
    }
    assert unpinned == {}, "run `make lock` (constraints.txt)"


def test_the_requirements_files_agree_with_the_constraints():
    constraints = pins("constraints.txt")
    direct = {**pins("requirements.txt"), **pins("requirements-dev.txt")}

    assert {name: constraints.get(name) for name in direct} == direct
