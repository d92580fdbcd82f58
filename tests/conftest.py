from pathlib import Path

import pytest

import sim

DATA = Path(__file__).parent / "data"


@pytest.fixture
def toy():
    return sim.load_scenario(DATA / "toy.yaml")


@pytest.fixture
def toy_dict():
    import yaml

    return yaml.safe_load((DATA / "toy.yaml").read_text())
