"""The schema's building blocks: ids and references, TLP labels, the status scales,
and the fields every record has."""

from typing import Annotated, Any, ClassVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    StringConstraints,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

# Re-exported: the schema's modules name every building block from here.
from summitkit.sources.core.layout import SLUG_PATTERN as SLUG_PATTERN
from summitkit.sources.core.scales import STATUS_SCALE_VERSION as STATUS_SCALE_VERSION
from summitkit.sources.core.scales import TLP as TLP
from summitkit.sources.core.scales import DocumentStatus as DocumentStatus
from summitkit.sources.core.scales import Status as Status

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]
"""A record or clause id: lowercase letters, digits and hyphens, starting with a letter or digit."""


class Ref:
    """Marks a field as a reference to records of the given kinds; `validate` checks it."""

    def __init__(self, *kinds: str, literals: tuple[str, ...] = ()) -> None:
        self.kinds = kinds
        self.literals = literals
        """Words the field may hold instead of an id (`self-report`)."""

    def __repr__(self) -> str:
        return f"Ref{self.kinds}"


SourceRef = Annotated[Slug, Ref("source")]
StateRef = Annotated[Slug, Ref("state")]
OrganizationRef = Annotated[Slug, Ref("organization")]
SummitRef = Annotated[Slug, Ref("summit")]
NetworkRef = Annotated[Slug, Ref("network")]
CentreRef = Annotated[Slug, Ref("centre")]
CategoryRef = Annotated[Slug, Ref("category")]
CommitmentRef = Annotated[Slug, Ref("commitment")]
DocumentRef = Annotated[Slug, Ref("statement", "basket")]
BasketRef = Annotated[Slug, Ref("basket")]
PartyRef = Annotated[Slug, Ref("state", "centre", "network", "organization")]
DelegationRef = Annotated[Slug, Ref("state", "organization")]
"""A party at the negotiating table: a state or an organization."""

Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
Lang = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]


class Model(BaseModel):
    # Validators are built on first use and field docstrings read only when asked for
    # (`schema.describe_fields`): a command that needs neither starts faster.
    model_config = ConfigDict(extra="forbid", validate_default=False, defer_build=True)

    def __reduce__(self) -> tuple[Any, ...]:
        # For the record cache: pydantic pickles a dict of four entries per model; its
        # values and fields set alone pickle in half the time (5,000 records: 0.52 s ->
        # 0.23 s). No private attributes, and extra="forbid": nothing else to keep.
        return (restore_model, (type(self), self.__dict__, self.__pydantic_fields_set__))


def restore_model(cls: type[Model], values: dict[str, Any], fields_set: set[str]) -> Model:
    """A model as `Model.__reduce__` pickled it (the one function the record cache's
    unpickler calls): of a schema class only, from a dict and a set only."""
    if not (isinstance(cls, type) and issubclass(cls, Model)):
        raise TypeError(f"{cls!r} is not a schema model")
    if type(values) is not dict or type(fields_set) is not set:
        raise TypeError("a model's values are a dict and its fields set a set")
    model = cls.__new__(cls)
    _set_attribute(model, "__dict__", values)
    _set_attribute(model, "__pydantic_fields_set__", fields_set)
    _set_attribute(model, "__pydantic_extra__", None)
    _set_attribute(model, "__pydantic_private__", None)
    return model


_set_attribute = object.__setattr__


class ShorthandModel(Model):
    """A model that may also be written as a plain id string."""

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        full = handler(core_schema)
        return {"anyOf": [{"type": "string", "pattern": SLUG_PATTERN}, full]}


class Citation(ShorthandModel):
    """A pointer to a source record, optionally with a locator such as a page.
    Written as the source id alone, or as a mapping with a locator."""

    source: SourceRef
    """Id of the source record."""
    locator: str | None = None
    """Where in the source: a page, paragraph or section."""

    @model_validator(mode="before")
    @classmethod
    def _from_id(cls, value: Any) -> Any:
        return {"source": value} if isinstance(value, str) else value


class Claim(Model):
    """A claim about one field of this record that a source makes and that may
    disagree with the value the record holds; `summit check` warns where it does."""

    field: str
    """The field the claim is about: a dotted path; a state id addresses one
    signatory (`signatories.kor`)."""
    value: Any
    """What the source says the field holds (for a signatory: true or false)."""
    sources: list[Citation] = Field(min_length=1)
    """The sources that make the claim."""
    note: str | None = None
    """Why the claims differ, in the corpus's own words."""


class Record(Model):
    """Fields every record has."""

    kind: ClassVar[str]
    id: Slug
    """Stable, unique id within its kind; never reused once published. Equals the file name."""
    sensitivity: TLP | None = None
    """TLP 2.0 label of the whole record; unmarked material is TLP:CLEAR."""
    sources: list[Citation] = Field(default_factory=list)
    """Sources for the record's facts."""
    claims: list[Claim] = Field(default_factory=list)
    """Claims of other sources that may disagree with the record's values."""
    field_sensitivity: dict[str, TLP] = Field(default_factory=dict)
    """TLP label for single fields of this record, by field name."""
