"""Health, readiness, offline API docs and the OpenAPI contract."""

from tests.conftest import Api


def test_health_and_readiness(anonymous: Api) -> None:
    assert anonymous.get("/healthz").json() == {"status": "ok"}
    assert anonymous.get("/readyz").json() == {"status": "ready"}


def test_docs_are_served_without_any_external_asset(anonymous: Api) -> None:
    page = anonymous.get("/docs")
    assert page.status_code == 200
    assert "http://" not in page.text.replace("http://127.0.0.1", "")
    assert "https://" not in page.text
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
        assert anonymous.get(f"/static/swagger/{asset}").status_code == 200


def test_every_schema_and_operation_is_described(anonymous: Api) -> None:
    spec = anonymous.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    for name in ("CandidateCreate", "EmployerCreate", "WorkplaceCreate", "TaskIn", "LoonwaardeIn"):
        assert schemas[name].get("examples"), f"{name} has no example"
    undocumented = [
        name
        for name, schema in schemas.items()
        if not schema.get("description")
        and not name.startswith(("HTTPValidationError", "ValidationError", "Page_"))
    ]
    assert undocumented == []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            assert operation.get("summary"), f"{method} {path}"
            if path.startswith("/api/"):
                assert "401" in operation["responses"], f"{method} {path} lacks 401"
