"""Role × endpoint matrix: every route, every role's key, no key, and other owners' objects.

``EXPECTED`` lists every route of the app (a new route without a row fails
``test_every_route_is_in_the_matrix``). Each row names the call and the exact status for each
caller, in the order of ``CALLERS``:

    none  wsp  emp_other  emp  jh_other  jh  admin

``emp`` is an employer key of the organisation that owns the workplace/employer in the URL;
``emp_other`` the key of another organisation. ``jh`` is the jobhunter who owns the candidate
in the URL; ``jh_other`` another jobhunter. Rows marked ``fresh`` change or delete their
object, so every caller gets a new one. Pages use a session cookie, not a key: an API key sent
to them must change nothing, so every caller gets the same status there.
"""

import itertools
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import httpx
import pytest
from fastapi.routing import iter_route_contexts

from app.core.timeutil import today
from app.core.vocab import Role
from tests.conftest import Api
from tests.factories import candidate_payload, employer_payload, task_payload, workplace_payload

CALLERS = ("none", "wsp", "emp_other", "emp", "jh_other", "jh", "admin")
Path = Callable[["World"], str]
Body = Callable[["World"], Any] | None


@dataclass
class Row:
    path: Path
    body: Body = None
    fresh: bool = False
    params: dict[str, str] = field(default_factory=dict)


def _object_keys() -> set[str]:
    return {n for n, v in vars(World).items() if isinstance(v, cached_property)}


class Caller:
    """One caller's key over the test's one connection (a new client per request costs 0.3 s)."""

    def __init__(self, http: httpx.Client, key: str | None) -> None:
        self.http = http
        self.key = key

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {"X-API-Key": self.key} if self.key else {}
        return self.http.request(method, path, headers=headers, follow_redirects=False, **kwargs)

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", path, **kwargs)


class World:
    """Keys for every caller and, created on first use, the objects a row's URL needs."""

    def __init__(self, make_api: Callable[..., Api], http: httpx.Client) -> None:
        self.admin = Caller(http, make_api(Role.admin).key)
        self.e1 = self.admin.post("/api/v1/employers", json=employer_payload()).json()["id"]
        other = employer_payload(name="Ander bedrijf", kvk_number="87654321")
        self.e2 = self.admin.post("/api/v1/employers", json=other).json()["id"]
        self.apis = {
            "none": Caller(http, None),
            "wsp": Caller(http, make_api(Role.wsp_frontend).key),
            "emp_other": Caller(http, make_api(Role.employer, employer_id=self.e2).key),
            "emp": Caller(http, make_api(Role.employer, employer_id=self.e1).key),
            "jh_other": Caller(http, make_api(Role.jobhunter).key),
            "jh": Caller(http, make_api(Role.jobhunter).key),
            "admin": self.admin,
        }
        self._make_api = make_api

    def reset(self) -> None:
        for name in _object_keys():
            self.__dict__.pop(name, None)

    def _created(self, response: httpx.Response) -> dict[str, Any]:
        assert response.status_code in (200, 201, 202), response.text
        return dict(response.json())

    def settle(self) -> None:
        """Wait for queued match runs, so emptying the tables never races the worker."""
        deadline = time.monotonic() + 30
        while any(
            run["status"] in ("queued", "running")
            for run in self.admin.get("/api/v1/match-runs").json()["items"]
        ):
            assert time.monotonic() < deadline, "match runs did not finish"
            time.sleep(0.1)

    @cached_property
    def workplace(self) -> int:
        body = workplace_payload(self.e1)
        return int(self._created(self.admin.post("/api/v1/workplaces", json=body))["id"])

    @cached_property
    def task(self) -> int:
        tasks = self.admin.get(f"/api/v1/workplaces/{self.workplace}/tasks").json()
        return int(tasks[0]["id"])

    @cached_property
    def employer(self) -> int:
        """A spare employer to delete (no caller's key belongs to it), fresh per caller."""
        body = employer_payload(kvk_number=_kvk())
        return int(self._created(self.admin.post("/api/v1/employers", json=body))["id"])

    @cached_property
    def candidate(self) -> dict[str, Any]:
        body = candidate_payload(readiness_confirmed_on=today().isoformat())
        return self._created(self.apis["jh"].post("/api/v1/candidates", json=body))

    @cached_property
    def consent(self) -> int:
        consents = self.apis["jh"].get(f"/api/v1/candidates/{self.candidate['id']}/consents")
        return int(consents.json()[0]["id"])

    @cached_property
    def run(self) -> int:
        _ = self.candidate, self.workplace
        run = self._created(self.admin.post("/api/v1/match-runs", json={}))
        deadline = time.monotonic() + 30
        while self.admin.get(f"/api/v1/match-runs/{run['id']}").json()["status"] not in (
            "succeeded",
            "failed",
        ):
            assert time.monotonic() < deadline, "match run did not finish"
            time.sleep(0.1)
        return int(run["id"])

    @cached_property
    def proposal(self) -> dict[str, Any]:
        proposals = self.admin.get(f"/api/v1/match-runs/{self.run}/proposals").json()["items"]
        return dict(proposals[0])

    @cached_property
    def placement(self) -> dict[str, Any]:
        body = {"candidate_id": self.candidate["id"], "workplace_id": self.workplace}
        return self._created(self.admin.post("/api/v1/placements", json=body))

    @cached_property
    def follow_up(self) -> int:
        from tests.api.test_placements import to_placed

        to_placed(self.admin, self.placement)
        follow_ups = self.admin.get(f"/api/v1/placements/{self.placement['id']}/follow-ups")
        return int(follow_ups.json()[0]["id"])

    @cached_property
    def pair_rule(self) -> int:
        body = {"candidate_id": self.candidate["id"], "workplace_id": self.workplace, "kind": "pin"}
        return int(self._created(self.admin.post("/api/v1/pair-rules", json=body))["id"])

    @cached_property
    def inventory_task(self) -> int:
        body = {"name": "Post rondbrengen", "hours_per_week": 16, "postcode": "2611",
                "stimulus_level": 2, "structure_level": 4, "supervision_offered": 4,
                "time_pressure_level": 2, "customer_contact_level": 1, "physical_load": 2,
                "skill_level": 2}  # fmt: skip
        url = f"/api/v1/employers/{self.e1}/inventory"
        return int(self._created(self.admin.post(url, json=body))["id"])

    @cached_property
    def carved_role(self) -> int:
        body = {"employer_id": self.e1, "candidate_id": self.candidate["id"],
                "task_ids": [self.inventory_task], "title": "Postkamer"}  # fmt: skip
        return int(self._created(self.admin.post("/api/v1/carved-roles", json=body))["id"])

    @cached_property
    def spare_jobhunter_id(self) -> int:
        return self._make_api(Role.jobhunter).account_id

    @cached_property
    def spare_key_prefix(self) -> str:
        key = self._make_api(Role.jobhunter).key
        assert key is not None
        return key.split("_")[1]


def c(w: World) -> int:
    return int(w.candidate["id"])


TODAY = today().isoformat()
A = "/api/v1"
SENSITIVE = {"diagnosis": "ASS", "notes": "Matrix"}
LOONWAARDE = {"measured_on": TODAY, "loonwaarde_pct": 40, "method": "Dariuz", "source": "UWV"}
PAGES_TOKEN = "x" * 43  # no such invite or edit link

R = Row
_KVK = itertools.count(30_000_000)


def _kvk() -> str:
    return str(next(_KVK))


EXPECTED: dict[tuple[str, str], Row] = {
    # --- candidates (owner's jobhunter and admin) ---
    ("POST", f"{A}/candidates"): R(lambda w: f"{A}/candidates", lambda w: candidate_payload()),
    ("GET", f"{A}/candidates"): R(lambda w: f"{A}/candidates"),
    ("GET", f"{A}/candidates/{{candidate_id}}"): R(lambda w: f"{A}/candidates/{c(w)}"),
    ("PATCH", f"{A}/candidates/{{candidate_id}}"): R(
        lambda w: f"{A}/candidates/{c(w)}",
        lambda w: {"municipality": "Delft", "version": w.candidate["version"]},
        fresh=True,
    ),
    ("DELETE", f"{A}/candidates/{{candidate_id}}"): R(
        lambda w: f"{A}/candidates/{c(w)}", fresh=True
    ),
    ("GET", f"{A}/candidates/{{candidate_id}}/loonwaarde"): R(
        lambda w: f"{A}/candidates/{c(w)}/loonwaarde"
    ),
    ("POST", f"{A}/candidates/{{candidate_id}}/loonwaarde"): R(
        lambda w: f"{A}/candidates/{c(w)}/loonwaarde", lambda w: LOONWAARDE, fresh=True
    ),
    ("GET", f"{A}/candidates/{{candidate_id}}/sensitive"): R(
        lambda w: f"{A}/candidates/{c(w)}/sensitive"
    ),
    ("PUT", f"{A}/candidates/{{candidate_id}}/sensitive"): R(
        lambda w: f"{A}/candidates/{c(w)}/sensitive", lambda w: SENSITIVE
    ),
    ("POST", f"{A}/candidates/{{candidate_id}}/consents"): R(
        lambda w: f"{A}/candidates/{c(w)}/consents",
        lambda w: {"purpose": "introduce_employer", "employer_id": w.e1, "given_on": TODAY},
        fresh=True,
    ),
    ("GET", f"{A}/candidates/{{candidate_id}}/consents"): R(
        lambda w: f"{A}/candidates/{c(w)}/consents"
    ),
    ("POST", f"{A}/candidates/{{candidate_id}}/consents/{{consent_id}}/withdraw"): R(
        lambda w: f"{A}/candidates/{c(w)}/consents/{w.consent}/withdraw",
        lambda w: {"note": "matrix"},
        fresh=True,
    ),
    ("GET", f"{A}/candidates/{{candidate_id}}/export"): R(
        lambda w: f"{A}/candidates/{c(w)}/export"
    ),
    ("POST", f"{A}/candidates/{{candidate_id}}/erase"): R(
        lambda w: f"{A}/candidates/{c(w)}/erase", fresh=True
    ),
    ("GET", f"{A}/candidates/{{candidate_id}}/suggestions"): R(
        lambda w: f"{A}/candidates/{c(w)}/suggestions"
    ),
    ("GET", f"{A}/candidates/{{candidate_id}}/fit/{{workplace_id}}"): R(
        lambda w: f"{A}/candidates/{c(w)}/fit/{w.workplace}"
    ),
    # --- pseudonymous profiles ---
    ("GET", f"{A}/profiles"): R(lambda w: f"{A}/profiles"),
    ("GET", f"{A}/profiles/{{pseudonym}}"): R(lambda w: f"{A}/profiles/{w.candidate['pseudonym']}"),
    # --- employers, workplaces, tasks ---
    ("POST", f"{A}/employers"): R(
        lambda w: f"{A}/employers", lambda w: employer_payload(kvk_number=_kvk())
    ),
    ("GET", f"{A}/employers"): R(lambda w: f"{A}/employers"),
    ("GET", f"{A}/employers/{{employer_id}}"): R(lambda w: f"{A}/employers/{w.e1}"),
    ("PATCH", f"{A}/employers/{{employer_id}}"): R(
        lambda w: f"{A}/employers/{w.e1}", lambda w: {"willingness": 3}
    ),
    ("DELETE", f"{A}/employers/{{employer_id}}"): R(
        lambda w: f"{A}/employers/{w.employer}", fresh=True
    ),
    ("POST", f"{A}/employers/{{employer_id}}/invites"): R(
        lambda w: f"{A}/employers/{w.e1}/invites"
    ),
    ("POST", f"{A}/workplaces"): R(lambda w: f"{A}/workplaces", lambda w: workplace_payload(w.e1)),
    ("GET", f"{A}/workplaces"): R(lambda w: f"{A}/workplaces"),
    ("GET", f"{A}/workplaces/{{workplace_id}}"): R(lambda w: f"{A}/workplaces/{w.workplace}"),
    ("PATCH", f"{A}/workplaces/{{workplace_id}}"): R(
        lambda w: f"{A}/workplaces/{w.workplace}", lambda w: {"capacity": 3}, fresh=True
    ),
    ("PUT", f"{A}/workplaces/{{workplace_id}}/status"): R(
        lambda w: f"{A}/workplaces/{w.workplace}/status",
        lambda w: {"status": "closed"},
        fresh=True,
    ),
    ("DELETE", f"{A}/workplaces/{{workplace_id}}"): R(
        lambda w: f"{A}/workplaces/{w.workplace}", fresh=True
    ),
    ("POST", f"{A}/workplaces/{{workplace_id}}/confirm"): R(
        lambda w: f"{A}/workplaces/{w.workplace}/confirm"
    ),
    ("POST", f"{A}/workplaces/{{workplace_id}}/confirm-link"): R(
        lambda w: f"{A}/workplaces/{w.workplace}/confirm-link"
    ),
    ("GET", f"{A}/workplaces/{{workplace_id}}/tasks"): R(
        lambda w: f"{A}/workplaces/{w.workplace}/tasks"
    ),
    ("POST", f"{A}/workplaces/{{workplace_id}}/tasks"): R(
        lambda w: f"{A}/workplaces/{w.workplace}/tasks", lambda w: task_payload(), fresh=True
    ),
    ("PATCH", f"{A}/workplaces/{{workplace_id}}/tasks/{{task_id}}"): R(
        lambda w: f"{A}/workplaces/{w.workplace}/tasks/{w.task}",
        lambda w: {"hours_per_week": 5},
        fresh=True,
    ),
    ("DELETE", f"{A}/workplaces/{{workplace_id}}/tasks/{{task_id}}"): R(
        lambda w: f"{A}/workplaces/{w.workplace}/tasks/{w.task}", fresh=True
    ),
    ("GET", f"{A}/workplaces/{{workplace_id}}/suggestions"): R(
        lambda w: f"{A}/workplaces/{w.workplace}/suggestions"
    ),
    # --- matching ---
    ("POST", f"{A}/match-runs"): R(lambda w: f"{A}/match-runs", lambda w: {}),
    ("GET", f"{A}/match-runs"): R(lambda w: f"{A}/match-runs"),
    ("GET", f"{A}/match-runs/{{run_id}}"): R(lambda w: f"{A}/match-runs/{w.run}"),
    ("GET", f"{A}/match-runs/{{run_id}}/proposals"): R(
        lambda w: f"{A}/match-runs/{w.run}/proposals"
    ),
    # The shared run has finished: staff get the 409 for a finished run, the others 403.
    ("POST", f"{A}/match-runs/{{run_id}}/cancel"): R(lambda w: f"{A}/match-runs/{w.run}/cancel"),
    ("GET", f"{A}/proposals/{{proposal_id}}"): R(lambda w: f"{A}/proposals/{w.proposal['id']}"),
    ("POST", f"{A}/proposals/{{proposal_id}}/review"): R(
        lambda w: f"{A}/proposals/{w.proposal['id']}/review",
        lambda w: {"decision": "reject", "reason": "travel"},
        fresh=True,
    ),
    ("POST", f"{A}/pair-rules"): R(
        lambda w: f"{A}/pair-rules",
        lambda w: {"candidate_id": c(w), "workplace_id": w.workplace, "kind": "pin"},
        fresh=True,
    ),
    ("GET", f"{A}/pair-rules"): R(lambda w: f"{A}/pair-rules"),
    ("DELETE", f"{A}/pair-rules/{{rule_id}}"): R(
        lambda w: f"{A}/pair-rules/{w.pair_rule}", fresh=True
    ),
    # --- placements, follow-ups, decisions ---
    ("POST", f"{A}/placements"): R(
        lambda w: f"{A}/placements",
        lambda w: {"candidate_id": c(w), "workplace_id": w.workplace},
        fresh=True,
    ),
    ("GET", f"{A}/placements"): R(lambda w: f"{A}/placements"),
    ("GET", f"{A}/placements/{{placement_id}}"): R(lambda w: f"{A}/placements/{w.placement['id']}"),
    ("POST", f"{A}/placements/{{placement_id}}/transitions"): R(
        lambda w: f"{A}/placements/{w.placement['id']}/transitions",
        lambda w: {
            "to": "consent_recorded",
            "version": w.placement["version"],
            "consent_recorded_on": TODAY,
        },
        fresh=True,
    ),
    ("POST", f"{A}/placements/{{placement_id}}/moves"): R(
        lambda w: f"{A}/placements/{w.placement['id']}/moves",
        lambda w: {
            "version": w.placement["version"],
            "workplace_id": w.workplace,
            "contract_type": "temporary",
            "hours_per_week": 20,
            "start_date": TODAY,
            "loonwaarde_pct": 40,
        },
    ),
    ("GET", f"{A}/placements/{{placement_id}}/follow-ups"): R(
        lambda w: f"{A}/placements/{w.placement['id']}/follow-ups"
    ),
    ("GET", f"{A}/follow-ups"): R(lambda w: f"{A}/follow-ups"),
    ("POST", f"{A}/follow-ups/{{follow_up_id}}/check-in"): R(
        lambda w: f"{A}/follow-ups/{w.follow_up}/check-in", lambda w: {}, fresh=True
    ),
    ("GET", f"{A}/decisions"): R(lambda w: f"{A}/decisions"),
    # --- policy ---
    ("GET", f"{A}/policies/effective"): R(lambda w: f"{A}/policies/effective?municipality=Delft"),
    ("GET", f"{A}/policies"): R(lambda w: f"{A}/policies"),
    ("GET", f"{A}/policies/{{scope}}/{{name}}/history"): R(
        lambda w: f"{A}/policies/municipality/Delft/history"
    ),
    ("PUT", f"{A}/policies/{{scope}}/{{name}}"): R(
        lambda w: f"{A}/policies/municipality/Delft",
        lambda w: {"values": {"proef_end_alert_days": 14}, "reason": "rolmatrix"},
        fresh=True,
    ),
    # --- exports ---
    ("GET", f"{A}/exports/proposals.{{fmt}}"): R(
        lambda w: f"{A}/exports/proposals.csv?run_id={w.run}"
    ),
    ("GET", f"{A}/exports/placements.{{fmt}}"): R(lambda w: f"{A}/exports/placements.xlsx"),
    ("GET", f"{A}/exports/follow-ups.{{fmt}}"): R(lambda w: f"{A}/exports/follow-ups.csv"),
    # --- learning and reports (issue 16) ---
    ("POST", f"{A}/weight-proposals"): R(lambda w: f"{A}/weight-proposals", lambda w: {}),
    ("GET", f"{A}/weight-proposals"): R(lambda w: f"{A}/weight-proposals"),
    ("GET", f"{A}/weight-proposals/{{proposal_id}}"): R(lambda w: f"{A}/weight-proposals/999999"),
    ("POST", f"{A}/weight-proposals/{{proposal_id}}/decision"): R(
        lambda w: f"{A}/weight-proposals/999999/decision", lambda w: {"decision": "reject"}
    ),
    ("GET", f"{A}/candidates/{{candidate_id}}/characteristics"): R(
        lambda w: f"{A}/candidates/{c(w)}/characteristics"
    ),
    ("PUT", f"{A}/candidates/{{candidate_id}}/characteristics"): R(
        lambda w: f"{A}/candidates/{c(w)}/characteristics", lambda w: {"characteristics": {}}
    ),
    ("GET", f"{A}/reports/outcomes"): R(lambda w: f"{A}/reports/outcomes"),
    ("GET", f"{A}/reports/outcomes.csv"): R(lambda w: f"{A}/reports/outcomes.csv"),
    ("GET", f"{A}/reports/region"): R(lambda w: f"{A}/reports/region"),
    ("GET", f"{A}/reports/region.csv"): R(lambda w: f"{A}/reports/region.csv"),
    ("GET", f"{A}/reports/fairness"): R(lambda w: f"{A}/reports/fairness"),
    ("GET", f"{A}/reports/fairness.csv"): R(lambda w: f"{A}/reports/fairness.csv"),
    # --- accounts ---
    ("GET", f"{A}/me"): R(lambda w: f"{A}/me"),
    ("PUT", f"{A}/accounts/{{account_id}}/sharing"): R(
        lambda w: f"{A}/accounts/{w.spare_jobhunter_id}/sharing",
        lambda w: {"team": "Delft-Noord", "municipalities": ["Delft"]},
    ),
    ("POST", f"{A}/keys/rotate"): R(lambda w: f"{A}/keys/rotate"),
    ("POST", f"{A}/keys/{{prefix}}/rotate"): R(
        lambda w: f"{A}/keys/{w.spare_key_prefix}/rotate", fresh=True
    ),
    ("POST", f"{A}/keys/{{prefix}}/revoke"): R(
        lambda w: f"{A}/keys/{w.spare_key_prefix}/revoke", fresh=True
    ),
    # --- widget (its own authentication: key + registered origin) ---
    ("GET", f"{A}/widget/workplaces/{{workplace_id}}/suggestions"): R(
        lambda w: f"{A}/widget/workplaces/{w.workplace}/suggestions"
    ),
    ("OPTIONS", f"{A}/widget/workplaces/{{workplace_id}}/suggestions"): R(
        lambda w: f"{A}/widget/workplaces/{w.workplace}/suggestions"
    ),
    # --- public, docs, static ---
    ("GET", "/openapi.json"): R(lambda w: "/openapi.json"),
    ("GET", "/docs"): R(lambda w: "/docs"),
    ("GET", "/docs/init.js"): R(lambda w: "/docs/init.js"),
    ("GET", "/healthz"): R(lambda w: "/healthz"),
    ("GET", "/readyz"): R(lambda w: "/readyz"),
    ("GET", "/metrics"): R(lambda w: "/metrics"),
    ("GET", "/widget.js"): R(lambda w: "/widget.js"),
    ("GET", "/static/web"): R(lambda w: "/static/web/style.css"),
    ("GET", "/static/swagger"): R(lambda w: "/static/swagger/swagger-ui.css"),
    # --- pages (session cookie; keys must not matter) ---
    ("GET", "/app/uitkomsten"): R(lambda w: "/app/uitkomsten"),
    ("GET", "/app/uitkomsten.csv"): R(lambda w: "/app/uitkomsten.csv"),
    ("GET", "/app/beleid"): R(lambda w: "/app/beleid"),
    ("POST", "/app/beleid"): R(lambda w: "/app/beleid"),
    ("GET", "/app/regio"): R(lambda w: "/app/regio"),
    ("GET", "/app/regio.csv"): R(lambda w: "/app/regio.csv"),
    ("GET", "/app/eerlijkheid"): R(lambda w: "/app/eerlijkheid"),
    ("GET", "/app/eerlijkheid.csv"): R(lambda w: "/app/eerlijkheid.csv"),
    ("GET", "/app/gewichten"): R(lambda w: "/app/gewichten"),
    ("POST", "/app/gewichten"): R(lambda w: "/app/gewichten"),
    ("POST", "/app/gewichten/{proposal_id}"): R(lambda w: "/app/gewichten/1"),
    ("GET", "/werkgevers/aanmelden"): R(lambda w: "/werkgevers/aanmelden"),
    ("POST", "/werkgevers/aanmelden"): R(lambda w: "/werkgevers/aanmelden"),
    ("GET", "/werkgevers/aanmelden/{token}"): R(lambda w: f"/werkgevers/aanmelden/{PAGES_TOKEN}"),
    ("POST", "/werkgevers/aanmelden/{token}"): R(lambda w: f"/werkgevers/aanmelden/{PAGES_TOKEN}"),
    ("GET", "/werkgevers/profiel/{token}"): R(lambda w: f"/werkgevers/profiel/{PAGES_TOKEN}"),
    ("GET", "/werkgevers/bevestigen/{token}"): R(lambda w: f"/werkgevers/bevestigen/{PAGES_TOKEN}"),
    ("POST", "/werkgevers/bevestigen/{token}"): R(
        lambda w: f"/werkgevers/bevestigen/{PAGES_TOKEN}"
    ),
    ("POST", "/werkgevers/profiel/{token}"): R(lambda w: f"/werkgevers/profiel/{PAGES_TOKEN}"),
    ("GET", "/app/inloggen"): R(lambda w: "/app/inloggen"),
    ("POST", "/app/inloggen"): R(lambda w: "/app/inloggen"),
    ("POST", "/app/uitloggen"): R(lambda w: "/app/uitloggen"),
    ("GET", "/app"): R(lambda w: "/app"),
    ("GET", "/app/kandidaten"): R(lambda w: "/app/kandidaten"),
    ("GET", "/app/kandidaten/{candidate_id}"): R(lambda w: f"/app/kandidaten/{c(w)}"),
    ("POST", "/app/kandidaten/{candidate_id}/suggesties"): R(
        lambda w: f"/app/kandidaten/{c(w)}/suggesties"
    ),
    ("GET", "/app/runs"): R(lambda w: "/app/runs"),
    ("POST", "/app/runs"): R(lambda w: "/app/runs"),
    ("GET", "/app/runs/{run_id}"): R(lambda w: "/app/runs/1"),
    ("POST", "/app/voorstellen/{proposal_id}"): R(lambda w: "/app/voorstellen/1"),
    ("GET", "/app/opvolging"): R(lambda w: "/app/opvolging"),
    ("GET", "/app/te-controleren"): R(lambda w: "/app/te-controleren"),
    # --- job carving (issue 15) ---
    ("GET", f"{A}/employers/{{employer_id}}/inventory"): R(
        lambda w: f"{A}/employers/{w.e1}/inventory"
    ),
    ("POST", f"{A}/employers/{{employer_id}}/inventory"): R(
        lambda w: f"{A}/employers/{w.e1}/inventory",
        lambda w: {
            "name": "Afval",
            "hours_per_week": 2,
            "postcode": "2611",
            **dict.fromkeys(
                (
                    "stimulus_level",
                    "structure_level",
                    "supervision_offered",
                    "time_pressure_level",
                    "customer_contact_level",
                    "physical_load",
                    "skill_level",
                ),
                2,
            ),
        },
    ),
    ("PATCH", f"{A}/inventory/{{task_id}}"): R(
        lambda w: f"{A}/inventory/{w.inventory_task}", lambda w: {"hours_per_week": 15}, fresh=True
    ),
    ("DELETE", f"{A}/inventory/{{task_id}}"): R(
        lambda w: f"{A}/inventory/{w.inventory_task}", fresh=True
    ),
    ("POST", f"{A}/employers/{{employer_id}}/carve"): R(
        lambda w: (w.inventory_task, f"{A}/employers/{w.e1}/carve")[1], lambda w: {}
    ),
    ("GET", f"{A}/employers/{{employer_id}}/task-fit"): R(
        lambda w: (w.inventory_task, f"{A}/employers/{w.e1}/task-fit")[1]
    ),
    ("GET", f"{A}/candidates/{{candidate_id}}/carving"): R(
        lambda w: (w.inventory_task, f"{A}/candidates/{c(w)}/carving?employer_id={w.e1}")[1]
    ),
    ("POST", f"{A}/carved-roles"): R(
        lambda w: f"{A}/carved-roles",
        lambda w: {
            "employer_id": w.e1,
            "candidate_id": c(w),
            "task_ids": [w.inventory_task],
            "title": "Postkamer",
        },
    ),
    ("GET", f"{A}/carved-roles"): R(lambda w: f"{A}/carved-roles"),
    ("GET", f"{A}/carved-roles/{{role_id}}"): R(lambda w: f"{A}/carved-roles/{w.carved_role}"),
    ("POST", f"{A}/carved-roles/{{role_id}}/decision"): R(
        lambda w: f"{A}/carved-roles/{w.carved_role}/decision",
        lambda w: {"decision": "decline"},
        fresh=True,
    ),
    ("GET", "/app/jobcarving"): R(lambda w: "/app/jobcarving"),
    ("GET", "/app/jobcarving/{employer_id}"): R(lambda w: f"/app/jobcarving/{w.e1}"),
    ("POST", "/app/jobcarving/{employer_id}/taken"): R(lambda w: f"/app/jobcarving/{w.e1}/taken"),
    ("POST", "/app/jobcarving/{employer_id}/rollen"): R(lambda w: f"/app/jobcarving/{w.e1}/rollen"),
    ("POST", "/app/jobcarving/{employer_id}/uitnodiging"): R(
        lambda w: f"/app/jobcarving/{w.e1}/uitnodiging"
    ),
    ("POST", "/app/jobcarving/rollen/{role_id}/besluit"): R(
        lambda w: "/app/jobcarving/rollen/1/besluit"
    ),
    ("GET", "/werkgevers/taken/{token}"): R(lambda w: f"/werkgevers/taken/{PAGES_TOKEN}"),
    ("POST", "/werkgevers/taken/{token}"): R(lambda w: f"/werkgevers/taken/{PAGES_TOKEN}"),
    ("POST", "/app/te-controleren/{workplace_id}"): R(
        lambda w: f"/app/te-controleren/{w.workplace}"
    ),
    # --- duplicates queue (issue 13): a pair only for who may identify both records ---
    ("GET", f"{A}/duplicates"): R(lambda w: f"{A}/duplicates"),
    ("GET", f"{A}/duplicates/{{pair_id}}"): R(lambda w: f"{A}/duplicates/999999"),
    ("POST", f"{A}/duplicates/{{pair_id}}/merge"): R(
        lambda w: f"{A}/duplicates/999999/merge", lambda w: {"survivor_id": 1, "version": 1}
    ),
    ("POST", f"{A}/duplicates/{{pair_id}}/keep-apart"): R(
        lambda w: f"{A}/duplicates/999999/keep-apart", lambda w: {"version": 1}
    ),
    # --- imports (issue 13): staff; a jobhunter sees their own imports ---
    ("POST", f"{A}/imports"): R(lambda w: f"{A}/imports"),
    ("GET", f"{A}/imports"): R(lambda w: f"{A}/imports"),
    ("GET", f"{A}/imports/{{import_id}}"): R(lambda w: f"{A}/imports/999999"),
    ("GET", f"{A}/imports/{{import_id}}/problems.csv"): R(
        lambda w: f"{A}/imports/999999/problems.csv"
    ),
    ("GET", f"{A}/imports/{{import_id}}/rejected.csv"): R(
        lambda w: f"{A}/imports/999999/rejected.csv"
    ),
    ("POST", f"{A}/imports/{{import_id}}/confirm"): R(
        lambda w: f"{A}/imports/999999/confirm", lambda w: {}
    ),
    ("GET", "/app/import"): R(lambda w: "/app/import"),
    ("POST", "/app/import"): R(lambda w: "/app/import"),
    ("GET", "/app/import/{import_id}"): R(lambda w: "/app/import/1"),
    ("POST", "/app/import/{import_id}/bevestigen"): R(lambda w: "/app/import/1/bevestigen"),
    ("GET", "/app/import/{import_id}/problemen.csv"): R(lambda w: "/app/import/1/problemen.csv"),
    ("GET", "/app/import/{import_id}/afgekeurd.csv"): R(lambda w: "/app/import/1/afgekeurd.csv"),
    ("GET", "/app/dubbelen"): R(lambda w: "/app/dubbelen"),
    ("POST", "/app/dubbelen/{pair_id}"): R(lambda w: "/app/dubbelen/1"),
}


# What each caller gets, in the order of CALLERS. Reviewed against docs/decisions/040 (the
# visibility matrix): jobhunters see identity only of their caseload (jh_other gets 403 on the
# candidate), share decision history, and not sensitive data, consent, export or erasure;
# employers see their own organisation only; wsp is read-only.
# The widget answers 403 without a registered Origin whatever the key; pages ignore keys.
# Columns: none wsp emp_other emp jh_other jh admin.
TABLE = """
GET /api/v1/candidates                                                 401 403 403 403 200 200 200
POST /api/v1/candidates                                                401 403 403 403 201 201 201
DELETE /api/v1/candidates/{candidate_id}                               401 403 403 403 403 204 204
GET /api/v1/candidates/{candidate_id}                                  401 403 403 403 403 200 200
PATCH /api/v1/candidates/{candidate_id}                                401 403 403 403 403 200 200
GET /api/v1/candidates/{candidate_id}/consents                         401 403 403 403 403 200 200
GET /api/v1/candidates/{candidate_id}/characteristics                  401 403 403 403 403 200 200
PUT /api/v1/candidates/{candidate_id}/characteristics                  401 403 403 403 403 200 200
POST /api/v1/candidates/{candidate_id}/consents                        401 403 403 403 403 201 201
POST /api/v1/candidates/{candidate_id}/consents/{consent_id}/withdraw  401 403 403 403 403 200 200
POST /api/v1/candidates/{candidate_id}/erase                           401 403 403 403 403 200 200
GET /api/v1/candidates/{candidate_id}/export                           401 403 403 403 403 200 200
GET /api/v1/candidates/{candidate_id}/loonwaarde                       401 403 403 403 403 200 200
POST /api/v1/candidates/{candidate_id}/loonwaarde                      401 403 403 403 403 201 201
GET /api/v1/candidates/{candidate_id}/sensitive                        401 403 403 403 403 200 200
PUT /api/v1/candidates/{candidate_id}/sensitive                        401 403 403 403 403 200 200
GET /api/v1/candidates/{candidate_id}/suggestions                      401 403 403 403 200 200 200
GET /api/v1/candidates/{candidate_id}/fit/{workplace_id}               401 403 403 403 200 200 200
PUT /api/v1/accounts/{account_id}/sharing                              401 403 403 403 403 403 200
GET /api/v1/decisions                                                  401 403 403 403 200 200 200
GET /api/v1/policies/effective                                         401 403 403 403 200 200 200
GET /api/v1/policies                                                   401 403 403 403 200 200 200
GET /api/v1/policies/{scope}/{name}/history                            401 403 403 403 200 200 200
PUT /api/v1/policies/{scope}/{name}                                    401 403 403 403 403 403 200
GET /api/v1/exports/proposals.{fmt}                                    401 403 403 403 200 200 200
GET /api/v1/exports/placements.{fmt}                                   401 403 403 403 200 200 200
GET /api/v1/exports/follow-ups.{fmt}                                   401 403 403 403 200 200 200
GET /api/v1/employers                                                  401 200 200 200 200 200 200
POST /api/v1/employers                                                 401 403 403 403 201 201 201
DELETE /api/v1/employers/{employer_id}                                 401 403 403 403 403 403 204
GET /api/v1/employers/{employer_id}                                    401 200 404 200 200 200 200
PATCH /api/v1/employers/{employer_id}                                  401 403 404 200 200 200 200
POST /api/v1/employers/{employer_id}/invites                           401 403 403 403 201 201 201
GET /api/v1/follow-ups                                                 401 403 403 403 200 200 200
POST /api/v1/follow-ups/{follow_up_id}/check-in                        401 403 403 403 403 200 200
POST /api/v1/keys/rotate                                               401 201 201 201 201 201 201
POST /api/v1/keys/{prefix}/rotate                                      401 404 404 404 404 404 201
POST /api/v1/keys/{prefix}/revoke                                      401 403 403 403 403 403 200
GET /api/v1/match-runs                                                 401 403 403 403 200 200 200
POST /api/v1/match-runs                                                401 403 403 403 202 202 202
GET /api/v1/match-runs/{run_id}                                        401 403 403 403 200 200 200
GET /api/v1/match-runs/{run_id}/proposals                              401 403 403 403 200 200 200
POST /api/v1/match-runs/{run_id}/cancel                                401 403 403 403 409 409 409
GET /api/v1/me                                                         401 200 200 200 200 200 200
GET /api/v1/pair-rules                                                 401 403 403 403 200 200 200
POST /api/v1/pair-rules                                                401 403 403 403 403 201 201
DELETE /api/v1/pair-rules/{rule_id}                                    401 403 403 403 403 204 204
GET /api/v1/placements                                                 401 403 403 403 200 200 200
POST /api/v1/placements                                                401 403 403 403 403 201 201
GET /api/v1/placements/{placement_id}                                  401 403 403 403 200 200 200
GET /api/v1/placements/{placement_id}/follow-ups                       401 403 403 403 200 200 200
POST /api/v1/placements/{placement_id}/transitions                     401 403 403 403 403 200 200
POST /api/v1/placements/{placement_id}/moves                           401 403 403 403 403 409 409
GET /api/v1/reports/outcomes                                           401 403 403 403 200 200 200
GET /api/v1/reports/outcomes.csv                                       401 403 403 403 200 200 200
GET /api/v1/reports/region                                             401 403 403 403 200 200 200
GET /api/v1/reports/region.csv                                         401 403 403 403 200 200 200
GET /api/v1/reports/fairness                                           401 403 403 403 200 200 200
GET /api/v1/reports/fairness.csv                                       401 403 403 403 200 200 200
POST /api/v1/weight-proposals                                          401 403 403 403 403 403 422
GET /api/v1/weight-proposals                                           401 403 403 403 403 403 200
GET /api/v1/weight-proposals/{proposal_id}                             401 403 403 403 403 403 404
POST /api/v1/weight-proposals/{proposal_id}/decision                   401 403 403 403 403 403 404
GET /api/v1/profiles                                                   401 200 403 403 200 200 200
GET /api/v1/profiles/{pseudonym}                                       401 200 403 403 200 200 200
GET /api/v1/proposals/{proposal_id}                                    401 403 403 403 200 200 200
POST /api/v1/proposals/{proposal_id}/review                            401 403 403 403 403 200 200
GET /api/v1/widget/workplaces/{workplace_id}/suggestions               401 403 403 403 403 403 403
OPTIONS /api/v1/widget/workplaces/{workplace_id}/suggestions           403 403 403 403 403 403 403
GET /api/v1/workplaces                                                 401 200 200 200 200 200 200
POST /api/v1/workplaces                                                401 403 422 201 201 201 201
DELETE /api/v1/workplaces/{workplace_id}                               401 403 404 204 204 204 204
GET /api/v1/workplaces/{workplace_id}                                  401 200 404 200 200 200 200
PATCH /api/v1/workplaces/{workplace_id}                                401 403 404 200 200 200 200
PUT /api/v1/workplaces/{workplace_id}/status                           401 403 403 403 200 200 200
POST /api/v1/workplaces/{workplace_id}/confirm                         401 403 404 200 200 200 200
POST /api/v1/workplaces/{workplace_id}/confirm-link                    401 403 403 403 201 201 201
GET /api/v1/workplaces/{workplace_id}/suggestions                      401 200 404 200 200 200 200
GET /api/v1/workplaces/{workplace_id}/tasks                            401 200 404 200 200 200 200
POST /api/v1/workplaces/{workplace_id}/tasks                           401 403 404 201 201 201 201
DELETE /api/v1/workplaces/{workplace_id}/tasks/{task_id}               401 403 404 204 204 204 204
PATCH /api/v1/workplaces/{workplace_id}/tasks/{task_id}                401 403 404 200 200 200 200
GET /app                                                               303 303 303 303 303 303 303
GET /app/inloggen                                                      200 200 200 200 200 200 200
POST /app/inloggen                                                     403 403 403 403 403 403 403
GET /app/kandidaten                                                    303 303 303 303 303 303 303
GET /app/kandidaten/{candidate_id}                                     303 303 303 303 303 303 303
POST /app/kandidaten/{candidate_id}/suggesties                         403 403 403 403 403 403 403
GET /app/opvolging                                                     303 303 303 303 303 303 303
GET /app/uitkomsten                                                    303 303 303 303 303 303 303
GET /app/uitkomsten.csv                                                303 303 303 303 303 303 303
GET /app/beleid                                                        303 303 303 303 303 303 303
GET /app/regio                                                         303 303 303 303 303 303 303
GET /app/regio.csv                                                     303 303 303 303 303 303 303
GET /app/eerlijkheid                                                   303 303 303 303 303 303 303
GET /app/eerlijkheid.csv                                               303 303 303 303 303 303 303
GET /app/gewichten                                                     303 303 303 303 303 303 303
POST /app/gewichten                                                    403 403 403 403 403 403 403
POST /app/beleid                                                       403 403 403 403 403 403 403
POST /app/gewichten/{proposal_id}                                      403 403 403 403 403 403 403
GET /app/runs                                                          303 303 303 303 303 303 303
POST /app/runs                                                         403 403 403 403 403 403 403
GET /app/runs/{run_id}                                                 303 303 303 303 303 303 303
GET /app/te-controleren                                                303 303 303 303 303 303 303
POST /app/te-controleren/{workplace_id}                                403 403 403 403 403 403 403
POST /app/uitloggen                                                    403 403 403 403 403 403 403
POST /app/voorstellen/{proposal_id}                                    403 403 403 403 403 403 403
GET /docs                                                              200 200 200 200 200 200 200
GET /docs/init.js                                                      200 200 200 200 200 200 200
GET /healthz                                                           200 200 200 200 200 200 200
GET /openapi.json                                                      200 200 200 200 200 200 200
GET /readyz                                                            200 200 200 200 200 200 200
GET /metrics                                                           401 403 403 403 403 403 200
GET /static/swagger                                                    200 200 200 200 200 200 200
GET /static/web                                                        200 200 200 200 200 200 200
GET /werkgevers/aanmelden                                              200 200 200 200 200 200 200
POST /werkgevers/aanmelden                                             403 403 403 403 403 403 403
GET /werkgevers/aanmelden/{token}                                      404 404 404 404 404 404 404
POST /werkgevers/aanmelden/{token}                                     403 403 403 403 403 403 403
GET /werkgevers/profiel/{token}                                        404 404 404 404 404 404 404
POST /werkgevers/profiel/{token}                                       403 403 403 403 403 403 403
GET /werkgevers/bevestigen/{token}                                     404 404 404 404 404 404 404
POST /werkgevers/bevestigen/{token}                                    403 403 403 403 403 403 403
GET /widget.js                                                         200 200 200 200 200 200 200
GET /api/v1/employers/{employer_id}/inventory                          401 200 404 200 200 200 200
POST /api/v1/employers/{employer_id}/inventory                         401 403 404 201 201 201 201
PATCH /api/v1/inventory/{task_id}                                      401 403 404 200 200 200 200
DELETE /api/v1/inventory/{task_id}                                     401 403 404 204 204 204 204
POST /api/v1/employers/{employer_id}/carve                             401 403 403 403 200 200 200
GET /api/v1/employers/{employer_id}/task-fit                           401 403 403 403 200 200 200
GET /api/v1/candidates/{candidate_id}/carving                          401 403 403 403 200 200 200
POST /api/v1/carved-roles                                              401 403 403 403 201 201 201
GET /api/v1/carved-roles                                               401 403 200 200 200 200 200
GET /api/v1/carved-roles/{role_id}                                     401 403 404 200 200 200 200
POST /api/v1/carved-roles/{role_id}/decision                           401 403 404 200 200 200 200
GET /app/jobcarving                                                    303 303 303 303 303 303 303
GET /app/jobcarving/{employer_id}                                      303 303 303 303 303 303 303
POST /app/jobcarving/{employer_id}/taken                               403 403 403 403 403 403 403
POST /app/jobcarving/{employer_id}/rollen                              403 403 403 403 403 403 403
POST /app/jobcarving/{employer_id}/uitnodiging                         403 403 403 403 403 403 403
POST /app/jobcarving/rollen/{role_id}/besluit                          403 403 403 403 403 403 403
GET /werkgevers/taken/{token}                                          404 404 404 404 404 404 404
POST /werkgevers/taken/{token}                                         403 403 403 403 403 403 403
GET /api/v1/duplicates                                                 401 403 403 403 200 200 200
GET /api/v1/duplicates/{pair_id}                                       401 403 403 403 404 404 404
POST /api/v1/duplicates/{pair_id}/merge                                401 403 403 403 404 404 404
POST /api/v1/duplicates/{pair_id}/keep-apart                           401 403 403 403 404 404 404
POST /api/v1/imports                                                   401 403 403 403 422 422 422
GET /api/v1/imports                                                    401 403 403 403 200 200 200
GET /api/v1/imports/{import_id}                                        401 403 403 403 404 404 404
GET /api/v1/imports/{import_id}/problems.csv                           401 403 403 403 404 404 404
GET /api/v1/imports/{import_id}/rejected.csv                           401 403 403 403 404 404 404
POST /api/v1/imports/{import_id}/confirm                               401 403 403 403 404 404 404
GET /app/import                                                        303 303 303 303 303 303 303
POST /app/import                                                       403 403 403 403 403 403 403
GET /app/import/{import_id}                                            303 303 303 303 303 303 303
POST /app/import/{import_id}/bevestigen                                403 403 403 403 403 403 403
GET /app/import/{import_id}/problemen.csv                              303 303 303 303 303 303 303
GET /app/import/{import_id}/afgekeurd.csv                              303 303 303 303 303 303 303
GET /app/dubbelen                                                      303 303 303 303 303 303 303
POST /app/dubbelen/{pair_id}                                           403 403 403 403 403 403 403
"""
STATUSES = {
    (line.split()[0], line.split()[1]): " ".join(line.split()[2:])
    for line in TABLE.strip().splitlines()
}


def app_routes() -> set[tuple[str, str]]:
    """(method, path) of every route the app serves; a mount counts as GET."""
    from app.main import app

    routes = set()
    for context in iter_route_contexts(app.routes):
        methods = set(getattr(context, "methods", None) or {"GET"}) - {"HEAD"}
        routes |= {(method, context.path) for method in methods}
    return routes


def test_every_route_is_in_the_matrix() -> None:
    routes = app_routes()
    missing = sorted(routes - set(EXPECTED) | routes - set(STATUSES))
    stale = sorted(set(EXPECTED) - routes | set(STATUSES) - routes)
    assert not missing, f"routes without a row in EXPECTED: {missing}"
    assert not stale, f"rows for routes that no longer exist: {stale}"


@pytest.mark.parametrize("route", sorted(EXPECTED), ids=lambda r: f"{r[0]} {r[1]}")
def test_route_answers_each_caller_exactly_as_expected(
    route: tuple[str, str], make_api: Callable[..., Api], server: str
) -> None:
    # Pages brake form posts per client IP: each route posts from its own loopback address.
    index = sorted(EXPECTED).index(route)
    transport = httpx.HTTPTransport(local_address=f"127.0.{3 + index // 200}.{1 + index % 200}")
    with httpx.Client(base_url=server, transport=transport, timeout=30) as http:
        _check_route(route, World(make_api, http))


def _check_route(route: tuple[str, str], world: World) -> None:
    method = route[0]
    row = EXPECTED[route]
    got = []
    for caller in CALLERS:
        if row.fresh and got and int(got[-1]) < 400:
            world.reset()  # the last caller changed or deleted the object
        path = row.path(world)
        body = row.body(world) if row.body else None
        kwargs: dict[str, Any] = {"json": body} if body is not None else {}
        response = world.apis[caller].request(method, path, **kwargs)
        got.append(str(response.status_code))
        if response.status_code >= 400 and path.startswith(A) and method != "OPTIONS":
            assert set(response.json()) == {"error", "detail", "fields"}, response.text
    world.settle()
    actual = " ".join(got)
    if _discover():
        print(f"\nMATRIX {method} {route[1]} | {actual}")
        return
    assert actual == STATUSES[route], f"{method} {route[1]}: callers {' '.join(CALLERS)}"


def _discover() -> bool:
    """MATRIX_DISCOVER=1 prints what each route answered instead of asserting (to review)."""
    return os.environ.get("MATRIX_DISCOVER") == "1"
