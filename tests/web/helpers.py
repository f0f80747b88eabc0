"""Form payloads and a CSRF-aware client for the web pages."""

import re
from typing import Any

import httpx

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def form_fields(**overrides: str) -> dict[str, str]:
    """A valid open employer-form submission with two tasks (as a browser would post it)."""
    fields = {
        "e_name": "Hoveniersbedrijf De Groene Vinger",
        "e_kvk_number": "27123456",
        "e_sector": "groenvoorziening",
        "e_sbi_code": "8130",
        "e_size_class": "small",
        "e_postcode": "2616 LS",
        "e_municipality": "Delft",
        "e_willingness": "4",
        "e_motive": "intrinsic",
        "w_title": "Medewerker groenonderhoud",
        "w_kind": "latent",
        "w_place_type": "lks",
        "w_postcode": "2616",
        "w_capacity": "2",
        "w_hours_per_week_min": "16",
        "w_hours_per_week_max": "28",
        "w_hours_per_day_max": "7",
        "w_contract_type": "temporary",
        "w_contract_months": "12",
        "w_team_size": "6",
        "w_stimulus_level": "2",
        "w_structure_offered": "4",
        "w_supervision_offered": "4",
        "w_time_pressure_level": "2",
        "w_customer_contact_level": "1",
        "w_physical_demand": "3",
        "w_mentor_available": "1",
        "w_jobcoach_welcome": "1",
        "t0_name": "Blad ruimen",
        "t0_hours_per_week": "8",
        "t0_stimulus_level": "1",
        "t0_structure_level": "4",
        "t0_physical_load": "3",
        "t0_skill_level": "1",
        "t1_name": "Schoffelen",
        "t1_hours_per_week": "10",
        "t1_stimulus_level": "1",
        "t1_structure_level": "4",
        "t1_physical_load": "3",
        "t1_skill_level": "2",
        "action": "submit",
    }
    return fields | overrides


def client(base_url: str, source_ip: str = "127.0.0.1") -> httpx.Client:
    """A cookie-keeping client; a distinct loopback source address is a distinct 'visitor'
    for the per-IP rate limit, so tests do not share a budget."""
    transport = httpx.HTTPTransport(local_address=source_ip)
    return httpx.Client(base_url=base_url, transport=transport, timeout=30)


def csrf_token(http: httpx.Client, path: str = "/werkgevers/aanmelden") -> str:
    page = http.get(path)
    assert page.status_code == 200, page.text
    match = CSRF.search(page.text)
    assert match, "no CSRF field on the page"
    return match.group(1)


def post_form(http: httpx.Client, path: str, fields: dict[str, Any]) -> httpx.Response:
    token = csrf_token(http, path)
    items = [*fields.items(), ("csrf_token", token)]
    return http.post(path, data=dict(items))
