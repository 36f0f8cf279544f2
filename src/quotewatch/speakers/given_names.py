"""The gender of a given name from gender-guesser's table (about 45,000 given names of many countries,
GPL-3.0): it decides whom "he" and "she" stand for where the language pack's own list of first names is
silent ("Senator Ida Moss … she said"). Loaded once per process, under a lock (threads of the web
server share it)."""

from __future__ import annotations

import threading

_lock = threading.Lock()
_detector = None

# gender-guesser's answers -> the resolver's genders ("andy" and "unknown" decide nothing)
_GENDERS = {"male": "m", "mostly_male": "m", "female": "f", "mostly_female": "f"}


def gender_of(given_name: str) -> str | None:
    """'m', 'f' or None for a given name."""
    global _detector
    if not given_name[:1].isupper() or not given_name.isalpha():
        return None
    if _detector is None:
        with _lock:
            if _detector is None:
                import gender_guesser.detector

                _detector = gender_guesser.detector.Detector(case_sensitive=False)
    return _GENDERS.get(_detector.get_gender(given_name))
