"""Token buckets shared by several server processes when PostgreSQL keeps them."""

from sqlmodel import Field, SQLModel


class RateLimitBucket(SQLModel, table=True):
    __tablename__ = "rate_limit_bucket"

    name: str = Field(primary_key=True, max_length=200)
    tokens: float
    # Seconds since the epoch by the database's clock, so processes on several machines agree.
    updated_at: float = Field(index=True)
