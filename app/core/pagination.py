"""Offset pagination and whitelisted sorting shared by every list endpoint."""

from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel, Field
from sqlalchemy import func
from sqlmodel import Session, select

from app.core.errors import Invalid

T = TypeVar("T")


class PageParams(BaseModel):
    limit: int
    offset: int
    sort: str | None


async def page_params(  # pure: runs in the loop, no thread hop
    limit: Annotated[int, Query(ge=1, le=200, description="Items per page (1–200).")] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip.")] = 0,
    sort: Annotated[
        str | None,
        Query(
            max_length=40,
            description="Field to sort by; prefix with `-` for descending, e.g. `-updated_at`.",
        ),
    ] = None,
) -> PageParams:
    return PageParams(limit=limit, offset=offset, sort=sort)


PageDep = Annotated[PageParams, Depends(page_params)]


class Page(BaseModel, Generic[T]):
    """One page of a list; `total` counts all items matching the filters."""

    items: list[T]
    total: int = Field(description="Number of items matching the filters, over all pages.")
    limit: int
    offset: int


def paginate(
    session: Session,
    statement: Any,
    model: Any,
    page: PageParams,
    sortable: tuple[str, ...],
) -> tuple[list[Any], int]:
    """Apply sorting (only on whitelisted columns), count and slice a select statement."""
    total = session.exec(select(func.count()).select_from(statement.subquery())).one()
    order = []
    if page.sort:
        name = page.sort.removeprefix("-")
        if name not in sortable:
            allowed = ", ".join(sortable)
            raise Invalid(
                f"Cannot sort by '{name}'.",
                fields={"sort": f"unknown sort field; use one of: {allowed}"},
            )
        column = getattr(model, name)
        order.append(column.desc() if page.sort.startswith("-") else column.asc())
    order.append(model.id.asc())
    rows = session.exec(statement.order_by(*order).offset(page.offset).limit(page.limit)).all()
    return list(rows), int(total)
