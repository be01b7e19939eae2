"""Reports of consecutive years for the cross-year tests: 2020 in the 2019 layout, 2021 and later."""

from __future__ import annotations

from decimal import Decimal

from builders import consistent_values

from disclosure_cli.formats.f2019 import FORMAT_2019
from disclosure_cli.formats.f2021 import FORMAT_2021

APP = "applications"


def values_2019(seed: int = 1) -> dict:
    """A consistent report in the 2019 format with a negative 本年增/减 and an amount in 元."""
    v = consistent_values(seed, FORMAT_2019)
    v[("active", "licensing", "change")] = -8
    v[("active", "fees", "change")] = -1
    v[("active", "procurement", "amount")] = "251000元"
    return v


def follow(values: dict, previous: dict, fmt) -> dict:
    """`values` changed so that its 上年结转 equals `previous`'s 结转下年度 and every balance still holds."""
    v = dict(values)
    app = fmt.table(APP)
    cols = [c.id for c in app.rows[0].columns if not c.total]
    for col in cols:
        carried_in = previous[(APP, "carried_out", col)]
        v[(APP, "carried_in", col)] = carried_in
        received = v[(APP, "results_total", col)] + v[(APP, "carried_out", col)] - carried_in
        if received < 0:  # more carried in than settled: settle the rest as 予以公开
            v[(APP, "disclosed", col)] -= received
            v[(APP, "results_total", col)] -= received
            received = 0
        v[(APP, "received", col)] = received
    for row in app.rows:
        v[(APP, row.id, "total")] = sum(v[(APP, row.id, c)] for c in cols)
    return v


def values_2021_after(previous: dict, seed: int = 2) -> dict:
    return follow(consistent_values(seed, FORMAT_2021), previous, FORMAT_2021)


def in_force_after(values: dict, previous: dict) -> dict:
    """2022 after 2021: 现行有效 = last year's + 制发 − 废止 for both document rows."""
    v = dict(values)
    for row in ("regulations", "normative_documents"):
        issued, repealed = v[("active", row, "issued")], v[("active", row, "repealed")]
        repealed = min(repealed, previous[("active", row, "in_force")] + issued)
        v[("active", row, "repealed")] = repealed
        v[("active", row, "in_force")] = previous[("active", row, "in_force")] + issued - repealed
    return v


def as_number(v):
    return Decimal("25.1") if v == "251000元" else v
