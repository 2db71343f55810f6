"""Personal and sensitive values: what an identity is shown, and a keyed hash for matching ID numbers.

A property is shown in one of three ways (`disclosure`):
- WITHHELD: not at all — its kind is not readable by the role, it is sensitive (party membership) and the
  role lacks `sensitive-data`, or it is a person's name for a role that sees no names;
- MASKED: a personal value (phone, ID number) for an identity without `personal-data`, or one that holds it
  but stated no purpose;
- CLEAR: everything else. An unmasked personal value is to be written to the audit trail with the purpose.

Masks keep what identifies nothing on its own and hide the rest (GB/T 35273's de-identification examples):
- an 11-digit phone keeps its first 3 and last 4 digits: `13812341234` → `138****1234`;
- an ID number keeps its 6-digit region code and last 4 characters and hides the birth date:
  `51060319800101123X` → `510603********123X` (15-digit old numbers: 6 + `******` + last 3);
- any other personal value of 11 or more characters keeps its first 3 and last 4 around `****`;
- shorter values are masked whole: `****` (the length is not shown either).

    >>> mask("phone", "13812341234"), mask("id_number", "51060319800101123X"), mask("phone", "2201234")
    ('138****1234', '510603********123X', '****')
"""
from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import re
import secrets
import tempfile
from enum import Enum
from pathlib import Path

from graph.access.files import folder
from graph.access.identity import Identity
from graph.access.roles import PERSONAL_DATA
from graph.errors import BadInput
from graph.ontology import Prop

MIN_PURPOSE, MAX_PURPOSE = 5, 200


class Disclosure(Enum):
    CLEAR = "clear"
    MASKED = "masked"
    WITHHELD = "withheld"


def purpose(text: str | None) -> str | None:
    """A stated purpose, trimmed; None when none was given; BadInput when too short or too long to be one."""
    if text is None or not text.strip():
        return None
    text = " ".join(text.split())
    if not MIN_PURPOSE <= len(text) <= MAX_PURPOSE:
        raise BadInput(f"purpose: say why in {MIN_PURPOSE}–{MAX_PURPOSE} characters "
                       "(it is written to the audit trail)", argument="purpose")
    return text


def disclosure(identity: Identity, kind: str, prop: Prop, stated_purpose: str | None = None) -> Disclosure:
    """How `prop` of a node of `kind` is shown to `identity` (see the module docstring)."""
    if not identity.role.may_see_prop(kind, prop):
        return Disclosure.WITHHELD
    if prop.personal and not (identity.has(PERSONAL_DATA) and purpose(stated_purpose)):
        return Disclosure.MASKED
    return Disclosure.CLEAR


def mask(prop_name: str, value: object) -> str | None:
    """A personal value as shown masked (None stays None)."""
    if value is None:
        return None
    text = str(value).strip()
    if "id_number" in prop_name or _ID_NUMBER.fullmatch(text):
        if len(text) == 18:
            return text[:6] + "*" * 8 + text[-4:]
        if len(text) == 15:
            return text[:6] + "*" * 6 + text[-3:]
    digits = re.sub(r"[\s-]", "", text)
    if "phone" in prop_name and re.fullmatch(r"(\+?86)?1\d{10}", digits):
        digits = digits[-11:]
        return digits[:3] + "****" + digits[-4:]
    if len(text) >= 11:
        return text[:3] + "****" + text[-4:]
    return "****"


_ID_NUMBER = re.compile(r"\d{17}[\dXx]|\d{15}")


def shown(identity: Identity, kind: str, prop: Prop, value: object, stated_purpose: str | None = None) -> object:
    """The value as `identity` sees it: itself, masked, or None when withheld."""
    how = disclosure(identity, kind, prop, stated_purpose)
    if how is Disclosure.WITHHELD:
        return None
    return mask(prop.name, value) if how is Disclosure.MASKED else value


# --- a keyed hash for ID numbers -------------------------------------------------------------------------
_secrets: dict[Path, bytes] = {}


def secret_path() -> Path:
    return folder("access") / "secret"


def secret() -> bytes:
    """The HMAC key of this GOVGRAPH_HOME (32 random bytes, mode 0600, created on first use).

    Back it up with the data: without it the keys already stored cannot be matched again.
    """
    path = secret_path()
    if path not in _secrets:
        if not path.exists():
            # Written whole to a temporary file, then linked into place: linking fails if another process got
            # there first, so every process ends up reading the one secret, never a half-written one.
            fd, temp = tempfile.mkstemp(prefix=".secret.", dir=path.parent)
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(secrets.token_bytes(32))
                    out.flush()
                    os.fsync(out.fileno())
                with contextlib.suppress(FileExistsError):
                    os.link(temp, path)
            finally:
                os.unlink(temp)
        key = path.read_bytes()
        if len(key) != 32:
            raise BadInput(f"{path} is not a 32-byte secret: restore it from a backup")
        _secrets[path] = key
    return _secrets[path]


def normalize_id_number(value: str) -> str:
    """An ID number as matched: no spaces or dashes, a final check letter in upper case."""
    return re.sub(r"[\s-]", "", value).upper()


def id_number_key(value: str) -> str:
    """A keyed hash (HMAC-SHA256, hex) of an ID number, to match people across files without keeping the number.

    The same number gives the same key in one GOVGRAPH_HOME and an unrelated one anywhere else; without the
    secret, the 10^10-odd valid numbers cannot be tried against a key.
    """
    return hmac.new(secret(), normalize_id_number(value).encode("utf-8"), hashlib.sha256).hexdigest()
