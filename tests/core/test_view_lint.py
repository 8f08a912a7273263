"""Views reach data only through the current scope: no ``Model.objects`` in view modules."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "dueregard"


def view_modules():
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).parts
        if path.name == "views.py" or "views" in parts[:-1]:
            yield path


def objects_uses(source: str) -> list[int]:
    tree = ast.parse(source)
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in {"objects", "_default_manager"}
    ]


def test_there_are_view_modules_to_check():
    assert len(list(view_modules())) >= 5


def test_no_view_module_queries_model_objects():
    offenders = {
        str(path.relative_to(PACKAGE)): lines
        for path in view_modules()
        if (lines := objects_uses(path.read_text()))
    }
    assert not offenders, f"Use request.scope.query(Model) instead of Model.objects: {offenders}"


def test_the_lint_catches_a_direct_query():
    assert objects_uses("def v(request):\n    return Thing.objects.all()\n") == [2]
    assert objects_uses("def v(request):\n    return request.scope.query(Thing)\n") == []
