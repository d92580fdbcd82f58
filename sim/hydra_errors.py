"""Hydra's composition errors as one message each (key path and fix), for the CLI's error contract.

Hydra reports an unknown group option (``protocol=nope``), an unknown key (``foo=1``) or a bad override
with its own multi-line text and exit status 1; ``sim.cli`` turns them into our ``InputError`` (exit 2).
"""

from __future__ import annotations

from hydra.errors import ConfigCompositionException, MissingConfigException, OverrideParseException
from omegaconf.errors import OmegaConfBaseException

from .scenario import InputError

HYDRA_ERRORS = (ConfigCompositionException, OverrideParseException, OmegaConfBaseException)


def hydra_message(e: Exception) -> InputError:
    """The one-line meaning of a Hydra/OmegaConf error raised while composing the configuration."""
    if isinstance(e, MissingConfigException) and e.options is not None and e.missing_cfg_file:
        group, _, name = str(e.missing_cfg_file).rpartition("/")
        return InputError(f"command line: {group}={name}: no such option in group `{group}`; use one of "
                          f"{', '.join(e.options)} (the files in configs/{group}/)")
    if isinstance(e, OverrideParseException):
        first = str(e.message).splitlines()[0]
        return InputError(f"command line: {e.override}: cannot be parsed ({first}); write KEY=VALUE, quote "
                          f"lists like 'stages=[verdicts,analysis]'")
    cause = e.__cause__
    key = getattr(cause, "full_key", None) or getattr(e, "full_key", None)
    if isinstance(e, ConfigCompositionException) and key:
        return InputError(f"command line: {key}: no such setting; check the spelling against `python -m sim "
                          f"--cfg job`, or add an entry the config does not list (e.g. one actor's strategy) "
                          f"with +{key}=VALUE")
    if isinstance(e, OmegaConfBaseException) and key:
        return InputError(f"command line: {key}: {getattr(e, 'msg', str(e)).splitlines()[0]}; fix the value or "
                          f"the ${{...}} reference")
    return InputError(f"command line: {str(e).splitlines()[0]}")
