"""The documentation and the code agree."""

import re
from pathlib import Path

from app.config import Settings

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_in_the_readme_configuration_table() -> None:
    documented = set(re.findall(r"^\| `([A-Z_]+)` \|", README, flags=re.MULTILINE))
    expected = {
        name.upper() if name.startswith("database_") else f"NEWSDESK_{name.upper()}"
        for name in Settings.model_fields
    }
    assert documented == expected


def test_every_operation_has_a_summary_description_and_problem_responses(client) -> None:
    schema = client.get("/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            where = f"{method.upper()} {path}"
            assert operation.get("summary"), where
            assert operation.get("description"), where
            for status, response in operation["responses"].items():
                if status.startswith(("4", "5")):
                    assert "application/problem+json" in response["content"], where


def test_every_operation_is_in_the_readme_endpoint_table(client) -> None:
    documented = set(re.findall(r"`([A-Z]+) (/[^`]*)`", README))
    operations = {
        (method.upper(), path)
        for path, methods in client.get("/openapi.json").json()["paths"].items()
        for method in methods
        if path != "/"
    }
    assert operations <= documented


def test_every_operation_shows_examples_of_what_goes_in_and_comes_out(client) -> None:
    schema = client.get("/openapi.json").json()
    components = schema["components"]["schemas"]

    def has_example(node: object, seen: frozenset = frozenset()) -> bool:
        if isinstance(node, dict):
            if "example" in node or "examples" in node:
                return True
            if ref := node.get("$ref"):
                name = ref.rsplit("/", 1)[-1]
                return name not in seen and has_example(components[name], seen | {name})
            return any(has_example(value, seen) for value in node.values())
        return isinstance(node, list) and any(has_example(item, seen) for item in node)

    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            where = f"{method.upper()} {path}"
            inputs = [*operation.get("parameters", []), operation.get("requestBody", {})]
            if any(inputs):
                assert has_example(inputs), f"{where}: no example input"
            outputs = [r for s, r in operation["responses"].items() if s.startswith("2")]
            if any("content" in r for r in outputs):
                assert has_example(outputs), f"{where}: no example output"
