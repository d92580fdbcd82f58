"""Build hook: ship the top-level ``configs/`` folder inside the wheel as ``sim/configs`` (package data),
so ``pip install .`` gives a ``negotiation-sim`` that finds its configs from any directory. Editable
installs read ``configs/`` in place (``sim.scenario.loading.CONFIG_DIR``)."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyWithConfigs(build_py):
    def run(self):
        super().run()
        if not getattr(self, "editable_mode", False):
            shutil.copytree(Path(__file__).parent / "configs", Path(self.build_lib) / "sim" / "configs",
                            dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))


setup(cmdclass={"build_py": BuildPyWithConfigs})
