"""One error for everything the year refuses: bilingual, naming the field and the rule."""

from __future__ import annotations


class YearError(ValueError):
    """A request the rules refuse; nothing was changed. `status` is the HTTP status the service answers with."""

    def __init__(self, field: str, zh: str, en: str, rule: str = "", status: int = 422):
        self.field, self.zh, self.en, self.rule, self.status = field, zh, en, rule, status
        tag = f" ({rule})" if rule else ""
        super().__init__(f"{field}: {zh} / {en}{tag}")

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "message_zh": self.zh, "message_en": self.en, "rule": self.rule}
