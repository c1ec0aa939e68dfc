"""Reading exchange files (XLIFF, TMX) that may come from anywhere, safely.

defusedxml refuses entity declarations (the "billion laughs", external entities) and
external references before any is expanded, and nothing external is ever loaded; a
bare <!DOCTYPE tmx SYSTEM "tmx14.dtd"> line, which OmegaT and others write, is allowed.
A size cap refuses huge files before they are read. Every refusal is an InputError that says what is wrong and what to do.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

import defusedxml
from defusedxml.ElementTree import fromstring

from reader.core.errors import InputError

MB = 1024 * 1024
MAX_BYTES = 50 * MB
XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_LANG = f"{{{XML_NS}}}lang"
#: Characters XML 1.0 cannot hold; they are left out of what we write.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _line_of(data: bytes, needle: bytes) -> str:
    at = data.find(needle)
    newline = b"\n"
    return f" (line {data.count(newline, 0, at) + 1})" if at >= 0 else ""


def read_xml(path: Path | str, kind: str, limit: int = MAX_BYTES) -> Element:
    """The root element of an XML file, or an InputError saying why it is refused."""
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise InputError(f"{path} is a folder, not a {kind} file", f"choose a {kind} file")
        if size > limit:
            raise InputError(
                f"{name} is {size / MB:.0f} MB; reader reads {kind} files of up to {limit // MB} MB",
                "split it into smaller files (export one document or part of the project at a time)",
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path} does not exist", "check the file name and the folder") from None
    except PermissionError:
        raise InputError(f"{path} cannot be read: permission denied", "check its permissions") from None
    except OSError as error:
        raise InputError(f"{path} cannot be read: {error.strerror or error}", "check the file") from None
    if not data.strip():
        raise InputError(f"{name} is empty", f"choose a {kind} file")
    unsafe = "reader reads no XML entities, which can hide attacks; export the file again without them"
    try:
        return fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except defusedxml.DTDForbidden:
        raise InputError(f"{name} declares a DTD{_line_of(data, b'<!DOCTYPE')}", unsafe) from None
    except defusedxml.EntitiesForbidden:
        raise InputError(f"{name} declares XML entities{_line_of(data, b'<!ENTITY')}", unsafe) from None
    except defusedxml.ExternalReferenceForbidden:
        raise InputError(f"{name} refers to an external resource", unsafe) from None
    except ParseError as error:
        line, column = getattr(error, "position", (0, 0))
        reason = str(error).split(":")[0]
        raise InputError(
            f"{name} is not well-formed XML: {reason} (line {line}, column {column + 1})",
            f"repair the file or export it again from the tool that made it; is it really {kind}?",
        ) from None


def local(tag: str) -> str:
    """An element's name without its namespace."""
    return tag.rpartition("}")[2]


def is_language(code: str | None, language: str) -> bool:
    """Whether a language tag (ja, ja-JP, JA_jp) is of ``language``."""
    if not code:
        return False
    return re.split(r"[-_]", code.strip().lower(), maxsplit=1)[0] == language


def clean(text: str) -> str:
    """``text`` without the control characters XML cannot carry."""
    return _NOT_XML.sub("", text)
