"""Binds every .feature file under features/ (or the folder ``motcua trial`` was given) to the step library."""
import os

from pytest_bdd import scenarios

scenarios(os.environ.get("MOTCUA_FEATURES", "."))
