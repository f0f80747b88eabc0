"""matching/ is a pure library: it never imports the web app or a database layer."""

import ast
from pathlib import Path

import matching

FORBIDDEN = {"app", "fastapi", "sqlmodel", "sqlalchemy", "pydantic_settings", "starlette"}


def test_import_matching_uses_no_app_or_database_modules():
    root = Path(matching.__file__).parent
    offenders = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in FORBIDDEN]
    assert offenders == []


def test_import_matching_exposes_version():
    assert matching.__version__ == matching.ENGINE_VERSION
