"""Validating a tree again after an edit, doing only the work the edit needs.

:mod:`.files` reads one record file into what validation keeps of it; the warm path
(:func:`sahel_facts.incremental.warm.validate_warm`) keeps a small summary of each
file in the user cache folder and re-runs only what a change can affect.
"""
