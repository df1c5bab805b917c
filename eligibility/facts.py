"""The facts an evaluation reads. Every field may be unknown (None): a rule
that needs an unknown fact reports it by name instead of guessing."""

import datetime
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Member:
    age: int | None = None
    vulnerabilities: tuple[str, ...] = ()


@dataclass(frozen=True)
class Facts:
    date: datetime.date | None = None  # of the application
    nationality: str | None = None
    country_of_return: str | None = None
    administrative_status: str | None = None
    asylum_decision_date: datetime.date | None = None
    removal_order_date: datetime.date | None = None
    arrival_date: datetime.date | None = None  # in the host country
    household: tuple[Member, ...] = field(default_factory=tuple)
    holds_travel_document: bool | None = None
    previous_return_aid: bool | None = None
    # Region or issuing authority of the removal order (e.g. "prefecture-nord"),
    # and the office validating the application (office code).
    removal_order_authority: str | None = None
    office: str | None = None

    def to_json(self) -> dict:
        data = asdict(self)
        for key, value in data.items():
            if isinstance(value, datetime.date):
                data[key] = value.isoformat()
        data["household"] = [
            {"age": m["age"], "vulnerabilities": list(m["vulnerabilities"])} for m in data["household"]
        ]
        return data

    @classmethod
    def from_json(cls, data: dict) -> "Facts":
        values = dict(data)
        for key in ("date", "asylum_decision_date", "removal_order_date", "arrival_date"):
            if values.get(key):
                values[key] = datetime.date.fromisoformat(values[key])
        values["household"] = tuple(
            Member(age=m.get("age"), vulnerabilities=tuple(m.get("vulnerabilities") or ()))
            for m in values.get("household") or ()
        )
        return cls(**{k: v for k, v in values.items() if k in cls.__dataclass_fields__})
